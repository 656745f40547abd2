package fencer

import (
	"fmt"
	"slices"
)

// index is the in-memory state of the history, built by applying records.
type index struct {
	requests []*Request // in the order they began
	byID     map[string]*Request
}

func newIndex() index {
	return index{byID: make(map[string]*Request)}
}

// check validates rec against the current state without changing it.
func (x *index) check(rec *record) error {
	switch rec.Kind {
	case kindRequest:
		r := rec.Request
		if err := checkBegin(r); err != nil {
			return err
		}
		if r.State != StatePending || len(r.Attempts) > 0 || r.Final != nil {
			return fmt.Errorf("request %s: a new request must be pending, without attempts", r.ID)
		}
		if x.byID[r.ID] != nil {
			return fmt.Errorf("request %s: duplicate id", r.ID)
		}
		return nil
	}
	r := x.byID[rec.ID]
	if r == nil {
		return fmt.Errorf("request %s: unknown", rec.ID)
	}
	if rec.Kind == kindAttempt {
		return checkAttempt(r, rec.Attempt)
	}
	return checkFinal(r, rec.Final)
}

// apply validates rec and applies it.
func (x *index) apply(rec *record) error {
	if err := x.check(rec); err != nil {
		return err
	}
	switch rec.Kind {
	case kindRequest:
		r := rec.Request.clone()
		x.requests = append(x.requests, &r)
		x.byID[r.ID] = &r
	case kindAttempt:
		r := x.byID[rec.ID]
		r.Attempts = append(r.Attempts, *rec.Attempt)
	case kindFinal:
		r := x.byID[rec.ID]
		f := *rec.Final
		r.Final, r.State = &f, f.State
	}
	return nil
}

// Begin records a new pending request. r.ID must be new; r.Target,
// r.Action and r.Requested must be set. Attempts, State and Final are
// ignored: a request begins pending.
func (h *History) Begin(r Request) error {
	r.Attempts, r.State, r.Final = nil, StatePending, nil
	return h.append(&record{Kind: kindRequest, ID: r.ID, Request: &r})
}

// Attempt records the outcome of one device attempt of pending request id.
func (h *History) Attempt(id string, a Attempt) error {
	return h.append(&record{Kind: kindAttempt, ID: id, Attempt: &a})
}

// Finish closes pending request id. A request is done only with a
// confirmation: ByDevice needs a successful attempt already recorded.
func (h *History) Finish(id string, f Final) error {
	return h.append(&record{Kind: kindFinal, ID: id, Final: &f})
}

// Get returns request id.
func (h *History) Get(id string) (Request, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.byID[id]
	if r == nil {
		return Request{}, false
	}
	return r.clone(), true
}

// ByTarget returns the requests against target, oldest first.
func (h *History) ByTarget(target string) []Request {
	return h.filter(func(r *Request) bool { return r.Target == target }, 0)
}

// Pending returns the requests not yet done or failed, oldest first.
func (h *History) Pending() []Request {
	return h.filter(func(r *Request) bool { return r.State == StatePending }, 0)
}

// Last returns the n most recent requests (all when n <= 0), oldest first.
func (h *History) Last(n int) []Request {
	return h.filter(func(*Request) bool { return true }, n)
}

// LastDone returns the request against target completed last among those
// that are done: the last time target was fenced.
func (h *History) LastDone(target string) (Request, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var last *Request
	for _, r := range h.requests {
		if r.Target == target && r.State == StateDone && (last == nil || !r.Final.Completed.Before(last.Final.Completed)) {
			last = r
		}
	}
	if last == nil {
		return Request{}, false
	}
	return last.clone(), true
}

// filter returns copies of the requests keep accepts, oldest first,
// limited to the newest n when n > 0.
func (h *History) filter(keep func(*Request) bool, n int) []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Request
	for _, r := range slices.Backward(h.requests) {
		if n > 0 && len(out) == n {
			break
		}
		if keep(r) {
			out = append(out, r.clone())
		}
	}
	slices.Reverse(out)
	return out
}
