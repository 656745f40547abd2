package controller

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"golang.org/x/sys/unix"
)

// The API's operations.
const (
	OpFence   = "fence"   // carry out a fencing request (Target, Action)
	OpConfirm = "confirm" // an operator confirms Target down
	OpDone    = "done"    // a lower layer reports Target fenced
	OpHistory = "history" // the history (of Target, or all), newest Limit
	OpDevices = "devices" // the devices this node runs
	OpStatus  = "status"  // the daemon's state
)

// maxRequest bounds an API request's size.
const maxRequest = 64 << 10

// APIRequest is one request on the local socket.
type APIRequest struct {
	Op     string          `json:"op"`
	Target string          `json:"target,omitempty"`
	Action cib.FenceAction `json:"action,omitempty"`
	Limit  int             `json:"limit,omitempty"`
}

// APIReply is the answer to an APIRequest; Error is set when it failed,
// and Code then names the error when it is one of the package's sentinels
// (so that Call's error matches it with errors.Is).
type APIReply struct {
	Error   string           `json:"error,omitempty"`
	Code    string           `json:"code,omitempty"`
	Request *fencer.Request  `json:"request,omitempty"`
	History []fencer.Request `json:"history,omitempty"`
	Devices []DeviceStatus   `json:"devices,omitempty"`
	Status  *Status          `json:"status,omitempty"`
}

// apiCodes names the sentinels an API reply can carry.
var apiCodes = map[string]error{
	"not-allowed":  ErrNotAllowed,
	"no-such-node": ErrNoSuchNode,
	"bad-action":   ErrBadAction,
	"bad-request":  ErrBadRequest,
	"unknown-op":   ErrUnknownOp,
	"no-plan":      ErrNoPlan,
	"confirmed":    ErrConfirmed,
}

// replyError fills in rep's Error and Code from err.
func replyError(rep *APIReply, err error) {
	rep.Error = err.Error()
	for code, sentinel := range apiCodes {
		if errors.Is(err, sentinel) {
			rep.Code = code
		}
	}
}

// Serve answers API requests on a Unix socket at path until ctx ends: it
// takes the socket with Listen (so it fails with ErrSocketInUse when
// another daemon runs there), then serves it with ServeListener.
func (c *Controller) Serve(ctx context.Context, path string) error { return c.serve(ctx, path, nil) }

// serve is Serve, closing ready (when not nil) once the socket accepts or
// listening failed.
func (c *Controller) serve(ctx context.Context, path string, ready chan struct{}) error {
	l, err := Listen(path)
	if ready != nil {
		close(ready)
	}
	if err != nil {
		return err
	}
	return c.ServeListener(ctx, l)
}

// ServeListener answers API requests on l until ctx ends, then closes it.
// Each connection carries one JSON request and gets one JSON reply; the
// peer's credentials (SO_PEERCRED) must be root's or the daemon's own
// user's.
func (c *Controller) ServeListener(ctx context.Context, ln *Listener) error {
	defer ln.Close()
	l := ln.l
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	for {
		conn, err := l.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("api: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			c.serveConn(ctx, conn)
		}()
	}
}

func (c *Controller) serveConn(ctx context.Context, conn *net.UnixConn) {
	enc := json.NewEncoder(conn)
	var rep APIReply
	if err := peerAllowed(conn); err != nil {
		replyError(&rep, err)
		_ = enc.Encode(rep)
		return
	}
	var req APIRequest
	if err := json.NewDecoder(bufio.NewReader(&limitedReader{r: conn, n: maxRequest})).Decode(&req); err != nil {
		replyError(&rep, fmt.Errorf("%w: %v", ErrBadRequest, err))
		_ = enc.Encode(rep)
		return
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_ = enc.Encode(c.handle(rctx, req))
}

// peerAllowed checks the connecting process's user.
func peerAllowed(conn *net.UnixConn) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var cred *unix.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if cerr != nil {
		return fmt.Errorf("peer credentials: %w", cerr)
	}
	if cred.Uid != 0 && int(cred.Uid) != os.Getuid() {
		return ErrNotAllowed
	}
	return nil
}

func (c *Controller) handle(ctx context.Context, req APIRequest) APIReply {
	var out APIReply
	var err error
	switch req.Op {
	case OpFence, OpConfirm, OpDone:
		if req.Target == "" {
			err = fmt.Errorf("%s: %w: no target node", req.Op, ErrBadRequest)
			break
		}
		var r fencer.Request
		switch {
		case c.cfg.Forward != nil:
			r, err = c.cfg.Forward(ctx, req)
		case req.Op == OpFence:
			r, err = c.Fence(ctx, req.Target, req.Action, "api")
		case req.Op == OpConfirm:
			r, err = c.Confirm(req.Target, fencer.ByOperator)
		default:
			r, err = c.Confirm(req.Target, fencer.ByLowerLayer)
		}
		if r.ID != "" {
			out.Request = &r
		}
	case OpHistory:
		out.History = c.history(req.Target, req.Limit)
	case OpDevices:
		out.Devices = c.Devices()
	case OpStatus:
		s := c.Status()
		out.Status = &s
	default:
		err = fmt.Errorf("%w %q", ErrUnknownOp, req.Op)
	}
	if err != nil {
		replyError(&out, err)
	}
	return out
}

func (c *Controller) history(target string, limit int) []fencer.Request {
	h := c.fencer.History()
	if target == "" {
		return h.Last(limit)
	}
	c.mu.Lock()
	m := c.model
	c.mu.Unlock()
	if m != nil { // the CIB's spelling, under which requests are recorded
		if name, ok := NodeName(m, target); ok {
			target = name
		}
	}
	rs := h.ByTarget(target)
	if limit > 0 && len(rs) > limit {
		rs = rs[len(rs)-limit:]
	}
	return rs
}

// Call sends req to the daemon listening at path and returns its reply. A
// reply carrying an error is returned with that error.
func Call(ctx context.Context, path string, req APIRequest) (*APIReply, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, fmt.Errorf("daemon socket %s: %w", path, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	// A daemon that refuses the caller answers before reading the request,
	// so a failed write is reported only if no reply follows.
	werr := json.NewEncoder(conn).Encode(req)
	var rep APIReply
	if err := json.NewDecoder(&limitedReader{r: conn, n: 64 << 20}).Decode(&rep); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if werr != nil {
			return nil, fmt.Errorf("daemon socket %s: %w", path, werr)
		}
		return nil, fmt.Errorf("daemon socket %s: reply: %w", path, err)
	}
	if rep.Error != "" {
		if sentinel, ok := apiCodes[rep.Code]; ok {
			return &rep, &apiError{msg: rep.Error, sentinel: sentinel}
		}
		return &rep, errors.New(rep.Error)
	}
	return &rep, nil
}

// limitedReader fails (rather than truncating silently) past n bytes.
type limitedReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("message too large")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// apiError is an error a daemon replied with: its text, matching its
// sentinel with errors.Is.
type apiError struct {
	msg      string
	sentinel error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.sentinel }
