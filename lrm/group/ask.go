package group

import (
	"encoding/json"
	"errors"
	"fmt"
)

// The operations an Ask forwards.
const (
	AskFence   = "fence"   // fence Target with Action
	AskConfirm = "confirm" // an operator confirms Target down
	AskDone    = "done"    // a lower layer reports Target fenced
)

// Ask is a client's fencing request that a daemon forwards to the node
// that carries it out (the coordinator). Asks are not history: the
// request that carries one out is. The asker sends it again, under the
// same ID, whenever the node it is addressed to stops coordinating before
// it was answered.
type Ask struct {
	// ID identifies the ask; the request that carries it out takes it as
	// its own ID (unless the ask is merged into a request already pending).
	ID string `json:"id"`
	// To is the node id that is to carry it out.
	To     uint32 `json:"to"`
	Op     string `json:"op"`
	Target string `json:"target"`
	Action string `json:"action,omitempty"`
}

func (a *Ask) check() error {
	switch {
	case a.ID == "" || a.Target == "" || a.To == 0:
		return errors.New("ask without id, target or addressee")
	case a.Op != AskFence && a.Op != AskConfirm && a.Op != AskDone:
		return fmt.Errorf("ask %s: unknown operation %q", a.ID, a.Op)
	case a.Op == AskFence && a.Action == "":
		return fmt.Errorf("ask %s: fence without action", a.ID)
	}
	return nil
}

// Reply answers an Ask: the request that carries it out, or why none
// does (Error, with Code naming the error for the API).
type Reply struct {
	Ask     string `json:"ask"`
	Request string `json:"request,omitempty"`
	Error   string `json:"error,omitempty"`
	Code    string `json:"code,omitempty"`
}

// AskMessage returns the message that multicasts a.
func AskMessage(a Ask) ([]byte, error) {
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("group: %w", err)
	}
	return json.Marshal(message{Type: msgAsk, Ask: &a})
}

// ReplyMessage returns the message that multicasts r.
func ReplyMessage(r Reply) []byte {
	// A Reply holds strings only: it encodes.
	b, _ := json.Marshal(message{Type: msgReply, Reply: &r})
	return b
}

// LeaveMessage returns the message a daemon multicasts as it shuts down
// in order: the others stop counting on it at once (a coordinator is
// re-elected, its pending requests adopted) rather than when its
// connection closes.
func LeaveMessage() []byte {
	b, _ := json.Marshal(message{Type: msgLeave})
	return b
}

// TakeAsks returns the asks addressed to this daemon received since the
// last call, in order.
func (g *Group) TakeAsks() []Ask {
	out := g.asks
	g.asks = nil
	return out
}

// Reply returns the reply to the ask id, if it came.
func (g *Group) Reply(id string) (Reply, bool) {
	r, ok := g.replies[id]
	return r, ok
}

// Forget drops the reply to the ask id (its asker has it).
func (g *Group) Forget(id string) { delete(g.replies, id) }

// Leaving tells whether the daemon of node announced that it is shutting
// down (and has not joined again since).
func (g *Group) Leaving(node uint32) bool { return g.leaving[node] }
