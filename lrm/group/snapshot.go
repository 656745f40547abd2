package group

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/executioner-ha/executioner/cib"
)

// Snapshot returns the CIB the planner sees on this node: the
// configuration file's CIB (config, not modified) with its status
// replaced by what the cluster knows now. A member of the partition is
// online (its crmd online only while its daemon is in the group), a
// lost node is unclean, a node fenced since it was last seen is cleanly
// down, and a node never seen has no node_state at all, so
// startup-fencing decides. The partition's quorum is the CIB's have-quorum and the
// coordinator its dc-uuid.
//
// A member whose daemon is not in the group is unclean (its controller
// died, as Pacemaker sees a node in the cluster whose crmd is gone while
// its expected state is member) only if it is an expected member (Gone):
// a daemon saw its daemon in the group and since then its daemon did not
// announce its shutdown and the node was not fenced. Any other member
// without its daemon (one booting, whose daemon no daemon saw, or one
// whose daemon shut down in order) is pending, down as expected: never
// fenced for it.
func (g *Group) Snapshot(config *cib.Document) (*cib.Document, error) {
	d := config.Clone()
	if st := d.Section("status"); st != nil {
		st.Parent().RemoveChild(st)
	}
	d.Root().CreateElement("status")
	d.Root().CreateAttr("have-quorum", map[bool]string{true: "1", false: "0"}[g.quorum.Quorate])
	d.Root().RemoveAttr("dc-uuid")
	if c, ok := g.Coordinator(); ok {
		d.Root().CreateAttr("dc-uuid", strconv.FormatUint(uint64(c), 10))
	}
	ids := NodeIDs(d.Model())
	for _, n := range d.Model().Nodes {
		id, err := strconv.ParseUint(n.ID, 10, 32)
		if err != nil || ids[uint32(id)] != n.Uname {
			continue // not a corosync node (remote, guest)
		}
		var st cib.WhatIf
		switch g.NodeStatus(uint32(id), n.Uname) {
		case NodeMember:
			st = cib.NodeOnline
		case NodeLost:
			st = cib.NodeLost
		case NodeFenced:
			st = cib.NodeOffline
		default:
			continue
		}
		if err := d.SetMembership(n.Uname, st); err != nil {
			return nil, fmt.Errorf("node %s: %w", n.Uname, err)
		}
		if st == cib.NodeOnline && (!g.member(uint32(id)) || g.leaving[uint32(id)]) {
			for _, e := range d.Section("status").SelectElements("node_state") {
				if e.SelectAttrValue("uname", "") != n.Uname {
					continue
				}
				e.CreateAttr("crmd", "offline")
				if g.Booting(uint32(id)) || g.leaving[uint32(id)] {
					// Not up yet, or shut down in order: down as
					// expected, not unclean.
					e.CreateAttr("join", "down")
					e.CreateAttr("expected", "down")
				}
			}
		}
	}
	return d, nil
}

// Lost returns the names of the nodes the snapshot shows lost.
func (g *Group) Lost(names map[uint32]string) []string {
	var out []string
	for id, name := range names {
		if g.NodeStatus(id, name) == NodeLost {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
