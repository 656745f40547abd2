package controller

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// Device states.
const (
	DeviceStarted = "started"
	DeviceFailed  = "failed"
)

// DeviceStatus is what the controller knows about one stonith resource it
// runs.
type DeviceStatus struct {
	ID    string `json:"id"`
	Agent string `json:"agent"`
	// State is started or failed (its start failed).
	State string `json:"state"`
	// Check is the pcmk_host_check in effect; Targets the nodes it
	// learnt at start (the names of the static list and host map, or the
	// dynamic list; empty for status and none).
	Check   string   `json:"check"`
	Targets []string `json:"targets,omitempty"`
	// Monitor is the result of the last monitor ("ok" or the failure).
	Monitor   string    `json:"monitor,omitempty"`
	MonitorAt time.Time `json:"monitor_at,omitzero"`
	Error     string    `json:"error,omitempty"`
}

// devices runs the stonith resources placed on this node as ordinary
// resources: start reads the agent's metadata, validates the parameters
// and learns the targets; a recurring monitor checks the device at its op
// interval; stop ends the monitor and forgets the device.
type devices struct {
	exec     *fencer.Executor
	node     string
	monitors lrm.Monitors
	emit     func(Event)

	mu      sync.Mutex
	running map[string]*fencer.Device
	status  map[string]*DeviceStatus
}

func newDevices(e *fencer.Executor, node string, emit func(Event)) *devices {
	return &devices{exec: e, node: node, emit: emit, running: map[string]*fencer.Device{}, status: map[string]*DeviceStatus{}}
}

// sync starts, restarts and stops devices so that exactly those of m
// placed here run, and returns the started ones in CIB order.
func (ds *devices) sync(ctx context.Context, m *cib.Model, timeout time.Duration) []*fencer.Device {
	want := placed(m, ds.node)
	ds.mu.Lock()
	var stop []string
	for id, d := range ds.running {
		if w, ok := findDevice(want, id); !ok || !sameDevice(w, d) {
			stop = append(stop, id)
		}
	}
	ds.mu.Unlock()
	for _, id := range stop {
		ds.stop(id)
	}
	var out []*fencer.Device
	for _, d := range want {
		ds.mu.Lock()
		_, running := ds.running[d.ID]
		st := ds.status[d.ID]
		ds.mu.Unlock()
		if !running && (st == nil || st.State != DeviceFailed) {
			ds.start(ctx, d, timeout)
		}
		ds.mu.Lock()
		if r, ok := ds.running[d.ID]; ok {
			out = append(out, r)
		}
		ds.mu.Unlock()
	}
	return out
}

func (ds *devices) start(ctx context.Context, d *fencer.Device, timeout time.Duration) {
	st := &DeviceStatus{ID: d.ID, Agent: d.Agent, State: DeviceStarted}
	err := ds.startDevice(ctx, d, st, timeout)
	if err != nil {
		ds.emit(Event{Kind: EventDevice, Target: d.ID, Detail: "start failed: " + err.Error()})
	} else {
		ds.emit(Event{Kind: EventDevice, Target: d.ID, Detail: startedDetail(st)})
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.status[d.ID] = st
	if err != nil {
		st.State, st.Error = DeviceFailed, err.Error()
		return
	}
	ds.running[d.ID] = d
	if iv := d.MonitorInterval(); iv > 0 {
		probe := func(ctx context.Context) (*lrm.Result, error) {
			res := ds.exec.Run(ctx, d, "monitor", "", timeout)
			if res.Err != nil {
				return nil, res.Err
			}
			return &lrm.Result{Status: lrm.StatusExited, ExitCode: res.Code, Stderr: []byte(res.Stderr)}, nil
		}
		_ = ds.monitors.Start(ctx, d.ID, iv, probe, func(r lrm.MonitorResult) { ds.monitored(d.ID, r) })
	}
}

func (ds *devices) startDevice(ctx context.Context, d *fencer.Device, st *DeviceStatus, timeout time.Duration) error {
	c, err := ds.exec.Capabilities(ctx, d)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	if c.Validate {
		res := ds.exec.Run(ctx, d, "validate-all", "", timeout)
		if res.Err != nil {
			return fmt.Errorf("validate-all: %w", res.Err)
		}
		if res.Code != 0 {
			return fmt.Errorf("validate-all: exit status %d: %s", res.Code, firstLine(res.Stderr))
		}
	}
	st.Check = d.HostCheck(c.List, c.Status)
	switch st.Check {
	case fencer.CheckStatic:
		st.Targets = d.Names()
	case fencer.CheckDynamic:
		// A list that fails does not fail the start (Pacemaker registers
		// the device all the same): the fencer asks again, or falls back to
		// the status check, when it needs to know.
		if list, err := ds.exec.List(ctx, d, timeout); err == nil {
			st.Targets = list
		}
	}
	return nil
}

func (ds *devices) monitored(id string, r lrm.MonitorResult) {
	result := "ok"
	switch {
	case r.Err != nil:
		result = r.Err.Error()
	case r.Result.ExitCode != 0:
		result = fmt.Sprintf("exit status %d: %s", r.Result.ExitCode, firstLine(string(r.Result.Stderr)))
	}
	ds.mu.Lock()
	st := ds.status[id]
	if st == nil {
		ds.mu.Unlock()
		return
	}
	changed := (st.Monitor == "ok") != (result == "ok") || st.Monitor == ""
	st.Monitor, st.MonitorAt = result, time.Now()
	ds.mu.Unlock()
	if changed {
		detail := "monitor ok"
		if result != "ok" {
			detail = "monitor failed: " + result
		}
		ds.emit(Event{Kind: EventDevice, Target: id, Detail: detail})
	}
}

func startedDetail(st *DeviceStatus) string {
	s := "started (" + st.Agent + ", " + st.Check
	if len(st.Targets) > 0 {
		s += ": " + strings.Join(st.Targets, " ")
	}
	return s + ")"
}

func (ds *devices) stop(id string) {
	ds.emit(Event{Kind: EventDevice, Target: id, Detail: "stopped"})
	ds.monitors.Stop(id)
	ds.exec.Forget(id)
	ds.mu.Lock()
	delete(ds.running, id)
	delete(ds.status, id)
	ds.mu.Unlock()
}

// retryFailed forgets failed starts so the next sync tries them again.
func (ds *devices) retryFailed() {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	for id, st := range ds.status {
		if st.State == DeviceFailed {
			delete(ds.status, id)
		}
	}
}

func (ds *devices) list() []DeviceStatus {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	var out []DeviceStatus
	for _, id := range slices.Sorted(maps.Keys(ds.status)) {
		st := *ds.status[id]
		st.Targets = slices.Clone(st.Targets)
		out = append(out, st)
	}
	return out
}

func (ds *devices) close() { ds.monitors.StopAll() }

// placed lists the devices that may run on node: not disabled
// (target-role=Stopped) and not banned from node by a -INFINITY location.
func placed(m *cib.Model, node string) []*fencer.Device {
	var out []*fencer.Device
	for _, d := range fencer.Devices(m) {
		if strings.EqualFold(d.Meta["target-role"], "Stopped") || banned(m, d.ID, node) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func banned(m *cib.Model, id, node string) bool {
	for _, l := range m.Locations {
		if !strings.EqualFold(l.Node, node) || !strings.HasPrefix(strings.TrimSpace(l.Score), "-") ||
			!strings.EqualFold(strings.TrimLeft(strings.TrimSpace(l.Score), "-"), "INFINITY") {
			continue
		}
		if l.Rsc == id {
			return true
		}
		if l.RscPattern != "" {
			if re, err := regexp.Compile(l.RscPattern); err == nil && re.MatchString(id) {
				return true
			}
		}
	}
	return false
}

func findDevice(ds []*fencer.Device, id string) (*fencer.Device, bool) {
	for _, d := range ds {
		if d.ID == id {
			return d, true
		}
	}
	return nil, false
}

func sameDevice(a, b *fencer.Device) bool {
	return a.Agent == b.Agent && maps.Equal(a.Params, b.Params) && a.MonitorInterval() == b.MonitorInterval()
}

// firstLine picks the line of an agent's diagnostics that explains a
// failure: the first one speaking of a failure or an error, else the last.
func firstLine(s string) string {
	last := ""
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if l := strings.ToLower(line); strings.Contains(l, "fail") || strings.Contains(l, "error") {
			return line
		}
		if line != "" {
			last = line
		}
	}
	if last == "" {
		return "no diagnostics"
	}
	return last
}
