package cib

import (
	"fmt"

	"github.com/beevik/etree"
)

// WhatIf is a membership state a node can be put in to ask what would
// happen, as crm_simulate injects it.
type WhatIf string

// The states, with crm_simulate's option for each.
const (
	// NodeOnline is a member of the cluster (--node-up).
	NodeOnline WhatIf = "online"
	// NodeOffline left the cluster cleanly: expected down, its resource
	// history and transient attributes gone (--node-down).
	NodeOffline WhatIf = "offline"
	// NodeLost dropped out of the membership while it was expected to be
	// a member: unclean (--node-fail).
	NodeLost WhatIf = "lost"
)

// ParseWhatIf reads a WhatIf by name.
func ParseWhatIf(s string) (WhatIf, error) {
	switch st := WhatIf(s); st {
	case NodeOnline, NodeOffline, NodeLost:
		return st, nil
	}
	return "", fmt.Errorf("node state %q: want online, offline or lost", s)
}

// SetMembership puts the node uname of the nodes section in state st in
// the status section, exactly as crm_simulate's injection does: the
// node_state's in_ccm, crmd, join and expected attributes (created with
// the node's id when missing). It is an edit of the status for a
// question, not a change of the CIB's version.
func (d *Document) SetMembership(uname string, st WhatIf) error {
	id := ""
	for _, n := range d.Model().Nodes {
		if n.Uname == uname {
			id = n.ID
		}
	}
	if id == "" {
		return fmt.Errorf("node %q: %w", uname, ErrNoSuchObject)
	}
	status := d.Section("status")
	if status == nil {
		status = d.Root().CreateElement("status")
	}
	var ns *etree.Element
	for _, e := range status.SelectElements("node_state") {
		if e.SelectAttrValue("uname", "") == uname || e.SelectAttrValue("id", "") == id {
			ns = e
		}
	}
	if ns == nil {
		ns = status.CreateElement("node_state")
		ns.CreateAttr("id", id)
		ns.CreateAttr("uname", uname)
	}
	attrs := map[WhatIf][4]string{
		NodeOnline:  {"true", "online", "member", "member"},
		NodeOffline: {"false", "offline", "down", "down"},
		NodeLost:    {"false", "online", "member", "member"},
	}[st]
	for i, name := range []string{"in_ccm", "crmd", "join", "expected"} {
		ns.CreateAttr(name, attrs[i])
	}
	if st == NodeOffline {
		for _, c := range ns.ChildElements() {
			if c.Tag == "lrm" || c.Tag == "transient_attributes" {
				ns.RemoveChild(c)
			}
		}
	}
	return nil
}
