package group

import (
	"cmp"
	"fmt"
)

// Config identifies a daemon's configuration: a digest of its content and
// the CIB version it carries.
type Config struct {
	Digest     string `json:"digest"`
	AdminEpoch int    `json:"admin_epoch"`
	Epoch      int    `json:"epoch"`
	NumUpdates int    `json:"num_updates"`
}

// Version is the configuration's version as Pacemaker writes it.
func (c Config) Version() string {
	return fmt.Sprintf("%d.%d.%d", c.AdminEpoch, c.Epoch, c.NumUpdates)
}

func (c Config) String() string {
	d := c.Digest
	if len(d) > 12 {
		d = d[:12]
	}
	return c.Version() + " " + d
}

// compareVersion orders configurations by version as Pacemaker's CIB
// manager does: admin_epoch, then epoch, then num_updates.
func compareVersion(a, b Config) int {
	if c := cmp.Compare(a.AdminEpoch, b.AdminEpoch); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Epoch, b.Epoch); c != 0 {
		return c
	}
	return cmp.Compare(a.NumUpdates, b.NumUpdates)
}

// Peer is a member of the group as its sync message describes it.
type Peer struct {
	Node   uint32 `json:"node"`
	Name   string `json:"name"`
	Config Config `json:"config"`
}

// winner returns the peer whose configuration wins among peers (sorted
// by node): the highest version, the lowest node among equals.
func winner(peers []Peer) Peer {
	w := peers[0]
	for _, p := range peers[1:] {
		if compareVersion(p.Config, w.Config) > 0 {
			w = p
		}
	}
	return w
}
