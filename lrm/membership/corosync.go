//go:build cgo && !nocorosync

package membership

/*
#cgo LDFLAGS: -lcpg -lvotequorum
#include <stdlib.h>
#include <string.h>
#include <corosync/cpg.h>
#include <corosync/votequorum.h>

extern void executionerCpgDeliver(cpg_handle_t, uint32_t, uint32_t, void *, size_t);
extern void executionerCpgConfchg(cpg_handle_t, struct cpg_address *, size_t, struct cpg_address *, size_t,
	struct cpg_address *, size_t);
extern void executionerQuorumNotify(votequorum_handle_t, uint32_t, uint32_t, votequorum_node_t *);

static void deliver_cb(cpg_handle_t h, const struct cpg_name *g, uint32_t node, uint32_t pid, void *msg,
	size_t len) {
	executionerCpgDeliver(h, node, pid, msg, len);
}

static void confchg_cb(cpg_handle_t h, const struct cpg_name *g, const struct cpg_address *m, size_t nm,
	const struct cpg_address *l, size_t nl, const struct cpg_address *j, size_t nj) {
	executionerCpgConfchg(h, (struct cpg_address *)m, nm, (struct cpg_address *)l, nl,
		(struct cpg_address *)j, nj);
}

static void quorum_cb(votequorum_handle_t h, uint64_t ctx, uint32_t quorate, uint32_t n,
	votequorum_node_t nodes[]) {
	executionerQuorumNotify(h, quorate, n, nodes);
}

static cs_error_t cpg_open(cpg_handle_t *h) {
	cpg_model_v1_data_t m;
	memset(&m, 0, sizeof(m));
	m.model = CPG_MODEL_V1;
	m.cpg_deliver_fn = deliver_cb;
	m.cpg_confchg_fn = confchg_cb;
	return cpg_model_initialize(h, CPG_MODEL_V1, (cpg_model_data_t *)&m, NULL);
}

static cs_error_t cpg_join_name(cpg_handle_t h, const char *name) {
	struct cpg_name g;
	memset(&g, 0, sizeof(g));
	g.length = strlen(name);
	memcpy(g.value, name, g.length);
	return cpg_join(h, &g);
}

static cs_error_t cpg_leave_name(cpg_handle_t h, const char *name) {
	struct cpg_name g;
	memset(&g, 0, sizeof(g));
	g.length = strlen(name);
	memcpy(g.value, name, g.length);
	return cpg_leave(h, &g);
}

static cs_error_t cpg_send(cpg_handle_t h, void *data, size_t len) {
	struct iovec iov;
	iov.iov_base = data;
	iov.iov_len = len;
	return cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov, 1);
}

static cs_error_t vq_open(votequorum_handle_t *h) {
	votequorum_callbacks_t cb;
	memset(&cb, 0, sizeof(cb));
	cb.votequorum_quorum_notify_fn = quorum_cb;
	cs_error_t e = votequorum_initialize(h, &cb);
	if (e != CS_OK) return e;
	return votequorum_trackstart(*h, 0, CS_TRACK_CURRENT | CS_TRACK_CHANGES);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Group is the name of the process group the daemons join.
const Group = "executioner"

// conns maps the library handles to their connection, for the callbacks.
var (
	connsMu sync.Mutex
	cpgs    = map[C.cpg_handle_t]*corosync{}
	vqs     = map[C.votequorum_handle_t]*corosync{}
)

// corosync is a Membership on the local corosync.
type corosync struct {
	group  *C.char
	local  Process
	events chan Event
	wake   [2]int // a pipe that ends the dispatch loop

	mu      sync.Mutex // serialises the library calls
	cpg     C.cpg_handle_t
	vq      C.votequorum_handle_t
	closed  bool
	pending []Event // delivered by the callbacks of the current dispatch
	quorum  bool    // a quorum callback arrived in the current dispatch
	qev     Event
	done    chan struct{}
}

func csErr(what string, e C.cs_error_t) error {
	if e == C.CS_OK {
		return nil
	}
	if e == C.CS_ERR_LIBRARY || e == C.CS_ERR_TRY_AGAIN && what == "connect" {
		return fmt.Errorf("%s: %w (cs_error %d)", what, ErrUnavailable, int(e))
	}
	return fmt.Errorf("membership: %s: cs_error %d", what, int(e))
}

// Open connects to this node's corosync, joins the daemons' process group
// and starts delivering events.
func Open() (Membership, error) {
	c := &corosync{group: C.CString(Group), events: make(chan Event, 64), done: make(chan struct{})}
	if err := c.open(); err != nil {
		c.release()
		return nil, err
	}
	if err := unix.Pipe2(c.wake[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		c.release()
		return nil, fmt.Errorf("membership: pipe: %w", err)
	}
	go c.loop()
	return c, nil
}

func (c *corosync) open() error {
	if err := csErr("connect", C.cpg_open(&c.cpg)); err != nil {
		return fmt.Errorf("cpg %w", err)
	}
	connsMu.Lock()
	cpgs[c.cpg] = c
	connsMu.Unlock()
	var node C.uint
	if err := csErr("cpg local node", C.cpg_local_get(c.cpg, &node)); err != nil {
		return err
	}
	c.local = Process{Node: uint32(node), PID: uint32(os.Getpid())}
	if err := csErr("connect", C.vq_open(&c.vq)); err != nil {
		return fmt.Errorf("votequorum %w", err)
	}
	connsMu.Lock()
	vqs[c.vq] = c
	connsMu.Unlock()
	return csErr("cpg join "+Group, C.cpg_join_name(c.cpg, c.group))
}

// release finalizes whatever open set up.
func (c *corosync) release() {
	connsMu.Lock()
	delete(cpgs, c.cpg)
	delete(vqs, c.vq)
	connsMu.Unlock()
	if c.cpg != 0 {
		C.cpg_finalize(c.cpg)
	}
	if c.vq != 0 {
		C.votequorum_finalize(c.vq)
	}
	C.free(unsafe.Pointer(c.group))
}

func (c *corosync) Local() Process       { return c.local }
func (c *corosync) Events() <-chan Event { return c.events }

func (c *corosync) Send(data []byte) error {
	if len(data) > MaxMessage {
		return fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	buf := C.CBytes(data)
	defer C.free(buf)
	// CPG's flow control answers TRY_AGAIN while its queue is full.
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return ErrClosed
		}
		e := C.cpg_send(c.cpg, buf, C.size_t(len(data)))
		c.mu.Unlock()
		if e != C.CS_ERR_TRY_AGAIN {
			return csErr("cpg send", e)
		}
		select {
		case <-c.done:
			return ErrClosed
		case <-time.After(delay):
		}
	}
}

func (c *corosync) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.done)
	c.mu.Unlock()
	_, _ = unix.Write(c.wake[1], []byte{0})
	return nil
}

// loop dispatches the libraries' callbacks whenever their descriptors are
// readable and hands the events on, until Close.
func (c *corosync) loop() {
	defer close(c.events)
	defer func() {
		c.mu.Lock()
		C.cpg_leave_name(c.cpg, c.group)
		c.release()
		c.mu.Unlock()
		unix.Close(c.wake[0])
		unix.Close(c.wake[1])
	}()
	var cfd, qfd C.int
	if C.cpg_fd_get(c.cpg, &cfd) != C.CS_OK || C.votequorum_fd_get(c.vq, &qfd) != C.CS_OK {
		return
	}
	fds := []unix.PollFd{{Fd: int32(cfd), Events: unix.POLLIN}, {Fd: int32(qfd), Events: unix.POLLIN},
		{Fd: int32(c.wake[0]), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != nil && !errors.Is(err, unix.EINTR) {
			return
		}
		if fds[2].Revents != 0 {
			return
		}
		evs, ok := c.dispatch(fds[0].Revents != 0, fds[1].Revents != 0)
		for _, e := range evs {
			select {
			case c.events <- e:
			case <-c.done:
				return
			}
		}
		if !ok {
			return // corosync went away
		}
	}
}

// dispatch runs the callbacks of the readable libraries and returns the
// events they delivered; false when a library lost its connection.
func (c *corosync) dispatch(cpgReady, vqReady bool) ([]Event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ok := true
	if cpgReady && C.cpg_dispatch(c.cpg, C.CS_DISPATCH_ALL) != C.CS_OK {
		ok = false
	}
	if vqReady && C.votequorum_dispatch(c.vq, C.CS_DISPATCH_ALL) != C.CS_OK {
		ok = false
	}
	if c.quorum {
		c.quorum = false
		var info C.struct_votequorum_info
		if C.votequorum_getinfo(c.vq, 0, &info) == C.CS_OK {
			c.qev.Quorum.ExpectedVotes = uint32(info.node_expected_votes)
			c.qev.Quorum.TotalVotes = uint32(info.total_votes)
			c.qev.Quorum.Needed = uint32(info.quorum)
		}
		c.pending = append(c.pending, c.qev)
	}
	evs := c.pending
	c.pending = nil
	return evs, ok
}

func procs(a *C.struct_cpg_address, n C.size_t) []Process {
	out := []Process{}
	for _, x := range unsafe.Slice(a, int(n)) {
		out = append(out, Process{Node: uint32(x.nodeid), PID: uint32(x.pid)})
	}
	return sortProcs(out)
}

//export executionerCpgDeliver
func executionerCpgDeliver(h C.cpg_handle_t, node, pid C.uint32_t, msg unsafe.Pointer, n C.size_t) {
	connsMu.Lock()
	c := cpgs[h]
	connsMu.Unlock()
	if c == nil || int(n) > MaxMessage {
		return
	}
	c.pending = append(c.pending, Event{Kind: KindMessage, From: Process{Node: uint32(node), PID: uint32(pid)},
		Data: C.GoBytes(msg, C.int(n))})
}

//export executionerCpgConfchg
func executionerCpgConfchg(h C.cpg_handle_t, m *C.struct_cpg_address, nm C.size_t, l *C.struct_cpg_address,
	nl C.size_t, j *C.struct_cpg_address, nj C.size_t) {
	connsMu.Lock()
	c := cpgs[h]
	connsMu.Unlock()
	if c == nil {
		return
	}
	c.pending = append(c.pending, Event{Kind: KindGroup, Group: procs(m, nm), Left: procs(l, nl),
		Joined: procs(j, nj)})
}

//export executionerQuorumNotify
func executionerQuorumNotify(h C.votequorum_handle_t, quorate, n C.uint32_t, nodes *C.votequorum_node_t) {
	connsMu.Lock()
	c := vqs[h]
	connsMu.Unlock()
	if c == nil {
		return
	}
	var members []uint32
	for _, x := range unsafe.Slice(nodes, int(n)) {
		if x.state == C.VOTEQUORUM_NODESTATE_MEMBER {
			members = append(members, uint32(x.nodeid))
		}
	}
	slices.Sort(members)
	c.quorum = true
	c.qev = Event{Kind: KindQuorum, Quorum: Quorum{Quorate: quorate != 0, Members: members}}
}
