package daemon

import (
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
)

// cancelConfirmed cancels the agents running on this node against the
// target of a confirmation (a request done by an operator or a lower
// layer) whose final record r was just learnt, for the requests made
// before it: on the coordinator as on a node a request was handed to.
// The canceled agent's process group is killed; its request ends failed
// (canceled because its target was confirmed down), never done by its
// device (d.mu held).
func (d *Daemon) cancelConfirmed(r group.Record) {
	if r.Kind != group.KindFinal || r.Final.State != fencer.StateDone ||
		(r.Final.By != fencer.ByOperator && r.Final.By != fencer.ByLowerLayer) {
		return
	}
	c, ok := d.g.Request(r.Request)
	if !ok {
		return
	}
	who := "an operator"
	if r.Final.By == fencer.ByLowerLayer {
		who = "a lower layer"
	}
	for id, run := range d.running {
		if id == c.ID || !strings.EqualFold(run.target, c.Target) {
			continue
		}
		if q, ok := d.g.Request(id); ok && q.Created.After(r.Time) {
			continue // made after the confirmation: not what it confirmed
		}
		run.stop(controller.ErrConfirmed)
		d.emit(controller.EventFence, run.target, fmt.Sprintf("request %s canceled: %s was confirmed down by %s (request %s)",
			id, c.Target, who, c.ID))
	}
}
