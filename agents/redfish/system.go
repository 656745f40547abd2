//go:build !agentfront

package redfish

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/ocf"
)

// The ResetType values fence_redfish sends, by action.
const (
	resetOn  = "On"
	resetOff = "ForceOff"
	resetNMI = "Nmi"
)

// system is one ComputerSystem on the BMC; it implements agents.Switch.
type system struct {
	c       *client
	uri     string   // its resource
	target  string   // its #ComputerSystem.Reset target, once read
	allowed []string // the ResetType values it advertises, if it does
}

// computerSystem is what is read of a ComputerSystem resource.
type computerSystem struct {
	PowerState *string `json:"PowerState"`
	Actions    struct {
		Reset *struct {
			Target  string   `json:"target"`
			Allowed []string `json:"ResetType@Redfish.AllowableValues"`
		} `json:"#ComputerSystem.Reset"`
	} `json:"Actions"`
}

// discover finds the system from the service root, as fence_redfish
// does when systems_uri is not given; it refuses to choose among several.
func discover(ctx context.Context, c *client) (string, error) {
	var root struct {
		Systems *struct {
			ID string `json:"@odata.id"`
		} `json:"Systems"`
	}
	if err := c.get(ctx, c.cfg.base, &root); err != nil {
		return "", err
	}
	if root.Systems == nil || root.Systems.ID == "" {
		return "", fmt.Errorf("%s: the service root %s has no Systems collection", c.cfg.addr(), c.cfg.base)
	}
	if err := checkPath(c.cfg.addr()+": the Systems link", root.Systems.ID); err != nil {
		return "", err
	}
	var coll struct {
		Members []struct {
			ID string `json:"@odata.id"`
		} `json:"Members"`
	}
	if err := c.get(ctx, root.Systems.ID, &coll); err != nil {
		return "", err
	}
	var ids []string
	for _, m := range coll.Members {
		ids = append(ids, m.ID)
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("%s: the Systems collection %s has no members", c.cfg.addr(), root.Systems.ID)
	case 1:
		return ids[0], checkPath(c.cfg.addr()+": the Systems member", ids[0])
	}
	return "", fmt.Errorf("%s: the BMC manages %d systems (%s): choose one with systems_uri", c.cfg.addr(), len(ids), oneLine(strings.Join(ids, " "), 300))
}

// Power reads PowerState: Off is off; On, PoweringOn, PoweringOff and
// anything else the BMC says is not off (as fence_redfish reads it), so
// off is confirmed only by Off.
func (s *system) Power(ctx context.Context, _ string) (ocf.Power, error) {
	var cs computerSystem
	if err := s.c.get(ctx, s.uri, &cs); err != nil {
		return ocf.PowerOff, err
	}
	if r := cs.Actions.Reset; r != nil {
		s.target, s.allowed = r.Target, r.Allowed
	}
	if cs.PowerState == nil {
		return ocf.PowerOff, fmt.Errorf("%s: GET %s: the System resource has no PowerState", s.c.cfg.addr(), s.uri)
	}
	s.c.debugf("PowerState is: %s", oneLine(*cs.PowerState, 40))
	return ocf.Power(strings.TrimSpace(*cs.PowerState) != "Off"), nil
}

// SetPower sends ResetType On or ForceOff.
func (s *system) SetPower(ctx context.Context, _ string, p ocf.Power) error {
	if p == ocf.PowerOn {
		return s.reset(ctx, resetOn)
	}
	return s.reset(ctx, resetOff)
}

// reset posts one ResetType to the system's Reset action, read from the
// System resource.
func (s *system) reset(ctx context.Context, resetType string) error {
	if s.target == "" {
		if _, err := s.Power(ctx, ""); err != nil {
			return err
		}
	}
	if s.target == "" {
		return fmt.Errorf("%s: %s has no #ComputerSystem.Reset action", s.c.cfg.addr(), s.uri)
	}
	if err := checkPath(s.c.cfg.addr()+": the Reset target", s.target); err != nil {
		return err
	}
	if len(s.allowed) > 0 && !slices.Contains(s.allowed, resetType) {
		return fmt.Errorf("%s: %s does not offer ResetType %s (it offers %s)", s.c.cfg.addr(), s.uri, resetType, oneLine(strings.Join(s.allowed, ", "), 200))
	}
	return s.c.post(ctx, s.target, map[string]string{"ResetType": resetType})
}
