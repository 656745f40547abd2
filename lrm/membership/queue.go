package membership

import "sync"

// queue is an unbounded FIFO of events in front of a channel: push never
// blocks, so the Hub delivers to every daemon under one lock in one order.
type queue struct {
	mu     sync.Mutex
	items  []Event
	closed bool
	signal chan struct{}
	out    chan Event
}

func newQueue() *queue {
	q := &queue{signal: make(chan struct{}, 1), out: make(chan Event)}
	go q.run()
	return q
}

func (q *queue) push(e Event) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, e)
	}
	q.mu.Unlock()
	q.poke()
}

// close ends the queue: what is not yet delivered is dropped, as a node
// that loses power drops what it had not read.
func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.items = nil
	q.mu.Unlock()
	q.poke()
}

func (q *queue) poke() {
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

func (q *queue) run() {
	defer close(q.out)
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return
		}
		if len(q.items) == 0 {
			q.mu.Unlock()
			<-q.signal
			continue
		}
		e := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		select {
		case q.out <- e:
		case <-q.signal:
			q.mu.Lock()
			closed := q.closed
			if !closed {
				q.items = append([]Event{e}, q.items...)
			}
			q.mu.Unlock()
		}
	}
}
