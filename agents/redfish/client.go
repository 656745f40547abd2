//go:build !agentfront

package redfish

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds what is read of one answer.
const maxBody = 1 << 20

// errAuth is wrapped when the BMC refuses the credentials.
var errAuth = errors.New("wrong username or password")

// client talks to one BMC: HTTP basic authentication, as fence_redfish
// sends it, and a Redfish session when the BMC refuses basic
// authentication.
type client struct {
	cfg     *config
	hc      *http.Client
	debugf  func(format string, args ...any)
	token   string // X-Auth-Token of the session, once one is open
	session string // its URI, to log out
	tried   bool   // a session login was attempted
}

func newClient(cfg *config, debugf func(string, ...any)) *client {
	dialer := &net.Dialer{Timeout: cfg.dial}
	tr := &http.Transport{
		Proxy:                  nil, // a BMC is reached directly, never through $https_proxy
		DialContext:            dialer.DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: cfg.roots, InsecureSkipVerify: cfg.insecure, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    cfg.dial,
		ResponseHeaderTimeout:  cfg.reqTimeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConnsPerHost:    1,
	}
	hc := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		return fmt.Errorf("redirected to %s: not followed", req.URL.Redacted())
	}}
	return &client{cfg: cfg, hc: hc, debugf: debugf}
}

// get reads the resource at path into v.
func (c *client) get(ctx context.Context, path string, v any) error {
	return c.do(ctx, http.MethodGet, path, nil, v)
}

// post sends body (as JSON) to path.
func (c *client) post(ctx context.Context, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, path, b, nil)
}

// do sends one request; when the BMC refuses basic authentication it logs
// in once through the session service and sends the request again.
func (c *client) do(ctx context.Context, method, path string, body []byte, v any) error {
	_, err := c.send(ctx, method, path, body, v, true)
	if errors.Is(err, errAuth) && c.token == "" && !c.tried {
		c.tried = true
		if lerr := c.login(ctx); lerr != nil {
			c.debugf("session login: %v", lerr)
			return err
		}
		_, err = c.send(ctx, method, path, body, v, true)
	}
	return err
}

// send makes one request and decodes a JSON answer into v (when v is not
// nil). It returns the answer's headers.
func (c *client) send(ctx context.Context, method, path string, body []byte, v any, auth bool) (http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.reqTimeout)
	defer cancel()
	u := url.URL{Scheme: "https", Host: net.JoinHostPort(c.cfg.host, strconv.Itoa(c.cfg.port)), Path: path}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.cfg.addr(), method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("OData-Version", "4.0")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case !auth:
	case c.token != "":
		req.Header.Set("X-Auth-Token", c.token)
	default:
		req.SetBasicAuth(c.cfg.user, c.cfg.password.Reveal())
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.cfg.addr(), method, path, c.explain(ctx, err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	c.debugf("%s %s: %s after %v", method, path, resp.Status, time.Since(start).Round(time.Millisecond))
	switch {
	case ctx.Err() != nil:
		// The deadline passed while the answer came in: whatever arrived
		// is not trusted, and the failure is the timeout.
		return nil, fmt.Errorf("%s: %s %s: %w", c.cfg.addr(), method, path, c.explain(ctx, ctx.Err()))
	case err != nil:
		return nil, fmt.Errorf("%s: %s %s: reading the answer: %w", c.cfg.addr(), method, path, c.explain(ctx, err))
	case len(data) > maxBody:
		return nil, fmt.Errorf("%s: %s %s: answer longer than %d bytes", c.cfg.addr(), method, path, maxBody)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, fmt.Errorf("%s: %s %s: %s: %w", c.cfg.addr(), method, path, resp.Status, errAuth)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, fmt.Errorf("%s: %s %s: %s%s", c.cfg.addr(), method, path, resp.Status, message(data))
	case v != nil:
		if err := json.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("%s: %s %s: the answer is not a Redfish resource (%s, %d bytes): %v",
				c.cfg.addr(), method, path, oneLine(resp.Header.Get("Content-Type"), 60), len(data), err)
		}
	}
	return resp.Header, nil
}

// explain rewords a transport error: a timeout names the parameters that
// set it, an unknown certificate the parameter that skips the check.
func (c *client) explain(ctx context.Context, err error) error {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no answer within %v (login_timeout + shell_timeout)", c.cfg.reqTimeout)
	case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host):
		return fmt.Errorf("%w (ssl_insecure=1 skips the certificate check)", errors.Unwrap(err))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// message extracts a Redfish error's message, on one line.
func message(data []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Info    []struct {
				Message string `json:"Message"`
			} `json:"@Message.ExtendedInfo"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &e) != nil {
		return ""
	}
	msg := e.Error.Message
	if len(e.Error.Info) > 0 && e.Error.Info[0].Message != "" {
		msg = e.Error.Info[0].Message
	}
	if msg == "" {
		return ""
	}
	return ": " + oneLine(msg, 200)
}

// oneLine makes device text printable on one line, at most n bytes.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '\uFFFD' {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		s = s[:n] + "..."
	}
	return strings.TrimSpace(s)
}
