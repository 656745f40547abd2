//go:build !agentfront

package ssh

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// pollPause is the pause between probes while waiting for a host to go
// down.
const pollPause = 200 * time.Millisecond

// downConfirmations is how many unanswered connections in a row make a host
// count as down after the power command.
const downConfirmations = 3

// host is the machine to fence and how to log in to it.
type host struct {
	addr    string
	cfg     *ssh.ClientConfig
	timeout time.Duration // for connecting and for the login
}

// downError says the host does not answer on its SSH port.
type downError struct{ err error }

func (e *downError) Error() string { return e.err.Error() }
func (e *downError) Unwrap() error { return e.err }

// newHost builds the login configuration from the parameters.
func newHost(ctx context.Context, c *agents.Call) (*host, error) {
	p := c.Params
	name := p.Get("ip")
	if name == "" {
		name = c.Target()
	}
	if name == "" {
		return nil, errors.New("no host: give ip or a target")
	}
	kh, err := knownHosts(p)
	if err != nil {
		return nil, err
	}
	check, err := knownhosts.New(kh)
	if err != nil {
		return nil, fmt.Errorf("known_hosts: %w", err)
	}
	auth, err := methods(ctx, c)
	if err != nil {
		return nil, err
	}
	timeout := max(p.Duration("login_timeout"), time.Second)
	return &host{
		addr: net.JoinHostPort(name, strconv.Itoa(p.Int("ipport"))),
		cfg: &ssh.ClientConfig{User: p.Get("username"), Auth: auth, HostKeyCallback: check,
			Timeout: timeout},
		timeout: timeout,
	}, nil
}

// methods returns the authentication methods: the identity file's key,
// then the password.
func methods(ctx context.Context, c *agents.Call) ([]ssh.AuthMethod, error) {
	var ms []ssh.AuthMethod
	if f := c.Params.Get("identity_file"); f != "" {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("identity_file: %w", err)
		}
		key, err := ssh.ParsePrivateKey(pem)
		if err != nil {
			return nil, fmt.Errorf("identity_file %s: %w", f, err)
		}
		ms = append(ms, ssh.PublicKeys(key))
	}
	pw, err := agents.Password(ctx, c.Params)
	if err != nil {
		return nil, err
	}
	if !pw.IsZero() {
		ms = append(ms, ssh.Password(pw.Reveal()))
	}
	if len(ms) == 0 {
		return nil, errors.New("no identity_file and no password given")
	}
	return ms, nil
}

// dial connects and logs in, within ctx and the login timeout. A host
// that refuses, cannot be reached or does not answer the connection gives
// a *downError.
func (h *host) dial(ctx context.Context) (*ssh.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", h.addr)
	if err != nil {
		if isDown(err) {
			return nil, &downError{fmt.Errorf("%s does not answer: %w", h.addr, err)}
		}
		return nil, fmt.Errorf("connect %s: %w", h.addr, err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, chans, reqs, err := ssh.NewClientConn(conn, h.addr, h.cfg)
	if err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("login to %s: no answer within %v", h.addr, h.timeout)
		}
		return nil, fmt.Errorf("login to %s: %w", h.addr, err)
	}
	return ssh.NewClient(c, chans, reqs), nil
}

// isDown reports whether a dial error means the host is not answering.
func isDown(err error) bool {
	var ne net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// login checks that a login works.
func (h *host) login(ctx context.Context) error {
	c, err := h.dial(ctx)
	if err != nil {
		return err
	}
	return c.Close()
}

// run logs in and starts cmd. The host may go away while cmd runs, so
// the end of the session is not waited for beyond the login timeout, and
// its exit status is not required.
func (h *host) run(ctx context.Context, cmd string) error {
	c, err := h.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return fmt.Errorf("session on %s: %w", h.addr, err)
	}
	defer s.Close()
	if err := s.Start(cmd); err != nil {
		return fmt.Errorf("run %q on %s: %w", cmd, h.addr, err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	select {
	case err := <-done:
		var exit *ssh.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("%q on %s exited with status %d", cmd, h.addr, exit.ExitStatus())
		}
	case <-time.After(h.timeout):
	case <-ctx.Done():
	}
	return nil
}

// waitDown polls the host until it stops answering, within limit. One
// unanswered connection is not proof: a busy host can miss a connect
// timeout, so the host counts as down only after downConfirmations
// unanswered attempts in a row.
func (h *host) waitDown(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for seen := 0; ; {
		err := h.login(ctx)
		var down *downError
		if errors.As(err, &down) && ctx.Err() == nil {
			if seen++; seen >= downConfirmations {
				return nil
			}
		} else {
			seen = 0
		}
		if err := agents.Sleep(ctx, pollPause); err != nil {
			return fmt.Errorf("%s still answers %v after the command", h.addr, limit)
		}
	}
}
