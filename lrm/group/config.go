package group

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/executioner-ha/executioner/cib"
)

// Config identifies a daemon's configuration: a digest of its
// configuration section and the CIB version it carries.
type Config struct {
	Digest  string      `json:"digest"`
	Version cib.Version `json:"version"`
}

func (c Config) String() string {
	d := c.Digest
	if len(d) > 12 {
		d = d[:12]
	}
	return c.Version.String() + " " + d
}

// ConfigOf returns the identity of a configuration file's CIB: the
// SHA-256 of its configuration section as written, and its version.
func ConfigOf(doc *cib.Document) (Config, error) {
	v, err := doc.Version()
	if err != nil {
		return Config{}, err
	}
	sec := doc.Section("configuration")
	if sec == nil {
		return Config{}, fmt.Errorf("cib: no configuration section")
	}
	c := doc.Clone()
	if st := c.Section("status"); st != nil {
		st.Parent().RemoveChild(st)
	}
	for _, a := range []string{"admin_epoch", "epoch", "num_updates", "have-quorum", "dc-uuid", "cib-last-written"} {
		c.Root().RemoveAttr(a)
	}
	sum := sha256.Sum256(c.Bytes())
	return Config{Digest: hex.EncodeToString(sum[:]), Version: v}, nil
}

// NodeIDs maps the corosync node ids of the CIB's nodes to their names
// (a node whose id is not a corosync node id is left out).
func NodeIDs(m *cib.Model) map[uint32]string {
	out := map[uint32]string{}
	for _, n := range m.Nodes {
		if id, err := strconv.ParseUint(n.ID, 10, 32); err == nil && id > 0 && n.Uname != "" {
			out[uint32(id)] = n.Uname
		}
	}
	return out
}

// Peer is a member of the group as its sync message describes it.
type Peer struct {
	Node   uint32 `json:"node"`
	Name   string `json:"name"`
	Config Config `json:"config"`
}

// winner returns the peer whose configuration wins among peers (sorted
// by node): the highest version as Pacemaker orders them, the lowest node
// among equals.
func winner(peers []Peer) Peer {
	w := peers[0]
	for _, p := range peers[1:] {
		if p.Config.Version.Compare(w.Config.Version) > 0 {
			w = p
		}
	}
	return w
}
