package group

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// Kind is the kind of a history record.
type Kind string

// The kinds of record.
const (
	// KindRequest: the owner is about to carry out a fencing request.
	KindRequest Kind = "request"
	// KindAdopt: a new owner takes over a pending request.
	KindAdopt Kind = "adopt"
	// KindAttempt: one device call of a request ended.
	KindAttempt Kind = "attempt"
	// KindFinal: a request ended, done or failed.
	KindFinal Kind = "final"
	// KindUp: a node was seen as a member of the cluster.
	KindUp Kind = "up"
)

// Record is one entry of the cluster-wide history.
type Record struct {
	// ID identifies the record cluster-wide (its origin and a counter).
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Request is the request the record belongs to (not for KindUp).
	Request string `json:"request,omitempty"`
	// Origin and PID are the node id and process id of the daemon that
	// made the record.
	Origin uint32    `json:"origin"`
	PID    uint32    `json:"pid,omitempty"`
	Time   time.Time `json:"time"`
	// Target and Action: the node and the fence action (KindRequest), or
	// the node seen (KindUp).
	Target string `json:"target,omitempty"`
	Action string `json:"action,omitempty"`
	// Attempt is one device call, as the owner's fencer recorded it
	// (KindAttempt).
	Attempt *fencer.Attempt `json:"attempt,omitempty"`
	// Final is how the request ended (KindFinal): done, with who
	// confirmed it, or failed.
	Final *fencer.Final `json:"final,omitempty"`
	// Runner (KindRequest, KindAdopt), when set, is the daemon the
	// request is handed to: its node runs the devices (placement keeps
	// them off the coordinator's), and it owns the request.
	Runner *membership.Process `json:"runner,omitempty"`
}

// check reports what makes a record received from a peer unusable.
func (r *Record) check() error {
	if r.ID == "" || r.Time.IsZero() {
		return errors.New("record without id or time")
	}
	switch r.Kind {
	case KindUp:
		if r.Target == "" {
			return fmt.Errorf("up record %s without node", r.ID)
		}
	case KindRequest:
		if r.Request == "" || r.Target == "" || r.Action == "" {
			return fmt.Errorf("request record %s without request, target or action", r.ID)
		}
	case KindAdopt:
		if r.Request == "" {
			return fmt.Errorf("adopt record %s without request", r.ID)
		}
	case KindAttempt:
		if r.Request == "" || r.Attempt == nil || r.Attempt.Device == "" {
			return fmt.Errorf("attempt record %s without request or device", r.ID)
		}
	case KindFinal:
		if r.Request == "" || r.Final == nil ||
			(r.Final.State != fencer.StateDone && r.Final.State != fencer.StateFailed) {
			return fmt.Errorf("final record %s without request, or neither done nor failed", r.ID)
		}
	default:
		return fmt.Errorf("record %s of unknown kind %q", r.ID, r.Kind)
	}
	return nil
}

// before orders records by time, then identity.
func before(a, b *Record) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// The message types on the wire.
const (
	msgSync   = "sync"
	msgRecord = "record"
	msgAsk    = "ask"
	msgReply  = "reply"
	msgLeave  = "leave"
	msgReady  = "ready"
)

// message is what daemons multicast to each other.
type message struct {
	Type string `json:"type"`
	// Name is the sender's node name (msgSync).
	Name string `json:"name,omitempty"`
	// Config is the sender's configuration (msgSync).
	Config *Config `json:"config,omitempty"`
	// Records: everything the sender holds (msgSync) or one new record.
	Records []Record `json:"records"`
	// Ask and Reply: a forwarded request (msgAsk) and its answer
	// (msgReply).
	Ask   *Ask   `json:"ask,omitempty"`
	Reply *Reply `json:"reply,omitempty"`
	// Ready (msgSync): the sender's group is past its start-up wait.
	Ready bool `json:"ready,omitempty"`
	// Expected (msgSync): the nodes' expected states as the sender
	// knows them.
	Expected map[uint32]Expect `json:"expected,omitempty"`
}

func decodeMessage(data []byte) (*message, error) {
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("malformed message: %w", err)
	}
	switch {
	case m.Type == msgSync && (m.Name == "" || m.Config == nil):
		return nil, errors.New("sync message without name or configuration")
	case m.Type == msgRecord && len(m.Records) != 1:
		return nil, errors.New("record message without exactly one record")
	case m.Type == msgAsk && (m.Ask == nil || m.Ask.check() != nil):
		if m.Ask == nil {
			return nil, errors.New("ask message without a request")
		}
		return nil, m.Ask.check()
	case m.Type == msgReply && (m.Reply == nil || m.Reply.Ask == ""):
		return nil, errors.New("reply message without the request it answers")
	case m.Type != msgSync && m.Type != msgRecord && m.Type != msgAsk && m.Type != msgReply && m.Type != msgLeave &&
		m.Type != msgReady:
		return nil, fmt.Errorf("message of unknown type %q", m.Type)
	}
	for i := range m.Records {
		if err := m.Records[i].check(); err != nil {
			return nil, err
		}
	}
	return &m, nil
}
