//go:build !agentfront

package redfish

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"path"
)

// login opens a Redfish session: the Sessions collection named by the
// service root (which needs no authentication), or the standard one, is
// sent the user name and password and answers with a token.
func (c *client) login(ctx context.Context) error {
	var root struct {
		Links struct {
			Sessions struct {
				ID string `json:"@odata.id"`
			}
		}
	}
	sessions := path.Join(c.cfg.base, "SessionService", "Sessions")
	if _, err := c.send(ctx, http.MethodGet, c.cfg.base, nil, &root, false); err == nil && root.Links.Sessions.ID != "" {
		if checkPath("the service root's Sessions link", root.Links.Sessions.ID) == nil {
			sessions = root.Links.Sessions.ID
		}
	}
	body, err := json.Marshal(map[string]string{"UserName": c.cfg.user, "Password": c.cfg.password.Reveal()})
	if err != nil {
		return err
	}
	h, err := c.send(ctx, http.MethodPost, sessions, body, nil, false)
	if err != nil {
		return err
	}
	if c.token = h.Get("X-Auth-Token"); c.token == "" {
		return errors.New("the session service answered without an X-Auth-Token")
	}
	if u, err := url.Parse(h.Get("Location")); err == nil && checkPath("Location", u.Path) == nil {
		c.session = u.Path
	}
	c.debugf("logged in through a session (%s)", sessions)
	return nil
}

// close logs out of the session, if one was opened, so that the BMC's
// session slot is freed, and drops the connection.
func (c *client) close() {
	if c.session != "" {
		ctx, cancel := context.WithTimeout(context.Background(), c.cfg.reqTimeout)
		if _, err := c.send(ctx, http.MethodDelete, c.session, nil, nil, true); err != nil {
			c.debugf("logout: %v", err)
		}
		cancel()
	}
	c.hc.CloseIdleConnections()
}
