package daemon

import (
	"fmt"
	"slices"
	"time"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/group"
)

// watchBoots keeps, for every member of the partition whose daemon is
// not in the group, since when this daemon saw it so, and reports once
// each boot that the group holds it overdue (d.mu held).
func (d *Daemon) watchBoots() {
	now := d.cfg.Clock.Now()
	for id := range d.booting {
		if !d.g.Booting(id) && !d.g.Overdue(id) {
			delete(d.booting, id) // its daemon joined, or it left the partition
		}
	}
	for _, id := range d.g.Quorum().Members {
		if _, ok := d.booting[id]; !ok && d.g.Booting(id) {
			d.booting[id] = &boot{since: now}
		}
	}
	for id, b := range d.booting {
		if d.g.Overdue(id) && !b.told {
			b.told = true
			d.emit(controller.EventError, d.names[id], fmt.Sprintf(
				"node %d has been a member for the join timeout (%v) without its daemon: its controller is gone, it is unclean",
				id, d.cfg.JoinTimeout))
		}
	}
}

// overdue multicasts, once each boot, that a member of the partition has
// been without its daemon for the join timeout; the group holds it
// overdue when that message is delivered while it still boots. It
// returns how long until the next one falls due (at most Poll).
func (d *Daemon) overdue() time.Duration {
	d.mu.Lock()
	now := d.cfg.Clock.Now()
	wait := d.cfg.Poll
	// Only a daemon in the group is heard.
	in := slices.Contains(d.g.Members(), d.g.Local())
	var msgs [][]byte
	for id, b := range d.booting {
		if b.sent || !d.g.Booting(id) {
			continue
		}
		if left := b.since.Add(d.cfg.JoinTimeout).Sub(now); left > 0 || !in {
			if left > 0 {
				wait = min(wait, left)
			}
			continue
		}
		b.sent = true
		msgs = append(msgs, group.OverdueMessage(id))
	}
	d.mu.Unlock()
	d.send(msgs)
	return wait
}
