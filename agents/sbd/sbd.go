package sbd

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// maxDevices is how many disks sbd uses at most.
const maxDevices = 3

// Agent is the SBD fence agent.
type Agent struct{}

// New returns the agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "devices", ArgName: "devices", Required: true, Desc: "The SBD devices (one to three, separated by commas), e.g. /dev/disk/by-id/scsi-...-part1"},
		{Name: "io_timeout", Type: ocf.TypeSecond, ArgName: "seconds", Default: "10", Desc: "Give up on a device that does not complete its reads and writes within X seconds"},
		{Name: "method", Short: "m", Type: ocf.TypeSelect, Choices: []string{"onoff", "cycle"}, Default: "cycle", ArgName: "method", Desc: "Method to fence",
			Unsupported: "a reboot is one reset message, which the node's sbd carries out"},
		{Name: "sbd_path", ArgName: "path", Default: "/usr/sbin/sbd", Desc: "Path to SBD binary",
			Unsupported: "the agent writes the mailboxes itself and runs no sbd"},
	}
	ps = append(ps, ocf.Plug("The node to fence, by the name that owns its slot")...)
	ps = append(ps, ocf.Common()...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for SBD (STONITH Block Device) shared disks",
		LongDesc:  "Writes a poison pill (reset or off) into the node's mailbox on the SBD devices, in sbd's on-disk format, and waits msgwait for the node's sbd daemon or watchdog to act on it.",
		VendorURL: "https://github.com/ClusterLabs/sbd",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionList, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// Run carries out one action.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	devs, err := devices(c.Params.Get("devices"))
	if err != nil {
		return ocf.Errorf(ocf.ExitFailure, "parameter devices: %w", err)
	}
	s := &session{devs: devs, timeout: c.Params.Duration("io_timeout"), from: c.Hostname}
	switch c.Action {
	case ocf.ActionMonitor, ocf.ActionValidateAll:
		_, err := s.each(ctx, func(*Device) (any, error) { return nil, nil })
		return ocf.Fail(err)
	case ocf.ActionList:
		return ocf.Fail(s.list(ctx, c))
	case ocf.ActionStatus:
		return ocf.Fail(s.status(ctx, c))
	}
	return ocf.Fail(s.fence(ctx, c))
}

// devices splits and checks the devices parameter.
func devices(v string) ([]string, error) {
	ds := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	if len(ds) == 0 || len(ds) > maxDevices {
		return nil, fmt.Errorf("%d devices given, want 1 to %d", len(ds), maxDevices)
	}
	for _, d := range ds {
		if !filepath.IsAbs(d) {
			return nil, fmt.Errorf("%q is not an absolute path", d)
		}
	}
	return ds, nil
}

// fence sends the action's message to the target and, for off and
// reboot, waits msgwait.
func (s *session) fence(ctx context.Context, c *agents.Call) error {
	cmd, done := Reset, "Success: Rebooted"
	switch c.Action {
	case ocf.ActionOff:
		cmd, done = Off, "Success: Powered OFF"
	case ocf.ActionOn:
		cmd, done = Clear, "Success: Powered ON"
	}
	node := c.Target()
	if node == "" {
		return fmt.Errorf("%s: no target node given", c.Action)
	}
	waits, err := s.each(ctx, func(d *Device) (any, error) {
		return time.Duration(d.Header.MsgWait) * time.Second, d.Send(node, Mailbox{Cmd: cmd, From: s.from})
	})
	if err != nil {
		return fmt.Errorf("message %s to %s: %w", cmd, node, err)
	}
	if cmd != Clear {
		wait := time.Duration(0)
		for _, w := range waits {
			wait = max(wait, w.(time.Duration))
		}
		c.Logf("message %s written to %s's mailbox; waiting msgwait (%v)", cmd, node, wait)
		if err := agents.Sleep(ctx, wait); err != nil {
			return err
		}
	}
	c.Printf("%s", done)
	return nil
}

// status reports OFF when a device holds reset or off for the target.
func (s *session) status(ctx context.Context, c *agents.Call) error {
	node := c.Target()
	msgs, err := s.each(ctx, func(d *Device) (any, error) {
		i, err := d.Slot(node)
		if err != nil {
			return nil, err
		}
		return d.Mailbox(i)
	})
	if err != nil {
		return fmt.Errorf("status of %s: %w", node, err)
	}
	for _, m := range msgs {
		if cmd := m.(Mailbox).Cmd; cmd == Reset || cmd == Off {
			c.Printf("Status: OFF")
			return &ocf.Error{Code: ocf.ExitOff}
		}
	}
	c.Printf("Status: ON")
	return nil
}

// list prints the nodes owning a slot on any device read.
func (s *session) list(ctx context.Context, c *agents.Call) error {
	got, err := s.each(ctx, func(d *Device) (any, error) { return d.Slots() })
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	var names []string
	for _, g := range got {
		for _, n := range g.([]string) {
			if n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	for _, n := range names {
		c.Printf("%s", n)
	}
	return nil
}
