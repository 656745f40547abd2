package redfishsim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// Fault is a misbehaviour the simulated BMC plays until it is changed.
type Fault int

// The faults (see the package documentation).
const (
	Healthy Fault = iota
	Hang          // accept the connection, never answer
	Garbage       // answer 200 with a body that is not JSON
	Ignore        // accept resets (204) and leave the power as it is
	Refuse        // answer resets with 500
	NoBasic       // refuse basic authentication: sessions only
)

// Config describes the simulated BMC.
type Config struct {
	User     string // the account's user name
	Password string // and its password
	// Systems is the number of ComputerSystems (ids 1, 2, ...; default 1),
	// all powered on at the start.
	Systems int
	// Transition is how many reads of a System resource report
	// PoweringOn or PoweringOff after a reset before the state settles.
	Transition int
	// Listen is the address to serve on (default 127.0.0.1:0).
	Listen string
	// Listener, when set, is served on instead of Listen (one opened in
	// another network namespace, say); Close closes it.
	Listener net.Listener
	// Names are further host names or addresses for the certificate.
	Names []string
	// OnPower, when set, is called (without the simulator's lock held)
	// after a reset changed system id's power, to make the change real
	// (power a machine of a test rig off or on).
	OnPower func(id int, on bool)
}

// Sim is a running simulated BMC.
type Sim struct {
	URL     string // https://host:port
	Host    string
	Port    string
	CertPEM []byte         // the server's (self-signed) certificate
	Roots   *x509.CertPool // a pool holding only that certificate

	srv  *httptest.Server
	stop chan struct{}

	mu       sync.Mutex
	cfg      Config
	systems  []*system
	sessions map[string]string // token -> session id
	serial   int
	fault    Fault
	delay    time.Duration
	events   []string
	requests []string
}

// system is one simulated server: its settled power and how many more
// reads show the transition to it.
type system struct {
	id      string
	on      bool
	pending int
}

// Start serves a BMC until Close.
func Start(cfg Config) (*Sim, error) {
	if cfg.Systems <= 0 {
		cfg.Systems = 1
	}
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	cert, certPEM, err := newCert(cfg.Names)
	if err != nil {
		return nil, fmt.Errorf("redfishsim: certificate: %w", err)
	}
	l := cfg.Listener
	if l == nil {
		if l, err = net.Listen("tcp", cfg.Listen); err != nil {
			return nil, fmt.Errorf("redfishsim: %w", err)
		}
	}
	s := &Sim{CertPEM: certPEM, Roots: x509.NewCertPool(), stop: make(chan struct{}), cfg: cfg, sessions: map[string]string{}}
	s.Roots.AddCert(cert.Leaf)
	for i := 1; i <= cfg.Systems; i++ {
		s.systems = append(s.systems, &system{id: strconv.Itoa(i), on: true})
	}
	s.srv = httptest.NewUnstartedServer(s.routes())
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	s.URL = s.srv.URL
	u, err := url.Parse(s.URL)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.Host, s.Port = u.Hostname(), u.Port()
	return s, nil
}

// Close stops the BMC; hung requests are released first.
func (s *Sim) Close() {
	s.mu.Lock()
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// SetFault makes the BMC misbehave (Healthy ends it).
func (s *Sim) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// SetDelay makes every answer wait d first (a slow BMC).
func (s *Sim) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Power returns the settled power state of system id (1-based) from the
// BMC side: true for on.
func (s *Sim) Power(id int) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > len(s.systems) {
		return false, errors.New("redfishsim: no such system")
	}
	return s.systems[id-1].on, nil
}

// SetPower sets system id's power at once, as a button on the box would.
func (s *Sim) SetPower(id int, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.systems[id-1].on, s.systems[id-1].pending = on, 0
}

// Events returns the resets carried out so far ("1:ForceOff", ...) and
// forgets them.
func (s *Sim) Events() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev := s.events
	s.events = nil
	return ev
}

// Requests returns the requests served so far ("GET /redfish/v1 none",
// with the authentication used: none, basic, token or bad) and forgets
// them.
func (s *Sim) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requests
	s.requests = nil
	return r
}

// Sessions returns how many sessions are open.
func (s *Sim) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// wait pauses a request for the configured delay, or forever under Hang;
// it reports false when the request or the server ended first.
func (s *Sim) wait(r *http.Request) bool {
	s.mu.Lock()
	d, hang := s.delay, s.fault == Hang
	s.mu.Unlock()
	var timeout <-chan time.Time
	switch {
	case hang:
	case d > 0:
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	default:
		return true
	}
	select {
	case <-timeout:
		return true
	case <-r.Context().Done():
	case <-s.stop:
	}
	return false
}
