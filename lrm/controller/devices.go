package controller

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
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
	// State is started or failed (its start, a first monitor, failed).
	State string `json:"state"`
	// Check is the pcmk_host_check in effect; Targets the nodes its static
	// list names.
	Check   string   `json:"check"`
	Targets []string `json:"targets,omitempty"`
	// Monitor is the result of the last monitor ("ok" or the failure).
	Monitor   string    `json:"monitor,omitempty"`
	MonitorAt time.Time `json:"monitor_at,omitzero"`
	Error     string    `json:"error,omitempty"`
}

// devices runs the stonith resources the plan places on this node as
// ordinary resources: start runs the agent's monitor once (as
// Pacemaker's executor does after registering the device), a recurring
// monitor checks it at its op interval, stop ends the monitor and forgets
// what was cached about it. A device whose start failed is still used for
// fencing (Pacemaker's fencer registers it from the CIB all the same);
// its state is reported.
type devices struct {
	exec     *fencer.Executor
	node     string
	clock    lrm.Clock
	monitors lrm.Monitors
	emit     func(Event)

	mu      sync.Mutex
	running map[string]*pengine.DeviceInfo
	status  map[string]*DeviceStatus
}

func newDevices(e *fencer.Executor, node string, clock lrm.Clock, emit func(Event)) *devices {
	return &devices{exec: e, node: node, clock: clock, monitors: lrm.Monitors{Clock: clock}, emit: emit,
		running: map[string]*pengine.DeviceInfo{}, status: map[string]*DeviceStatus{}}
}

// sync returns the actions that make the devices running here exactly
// those plan places here (restarting those whose definition changed).
func (ds *devices) sync(plan *pengine.Result) []Action {
	want := map[string]*pengine.DeviceInfo{}
	for i := range plan.Devices {
		if d := &plan.Devices[i]; d.Nodes.ContainsFold(ds.node) {
			want[d.ID] = d
		}
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	var out []Action
	for _, id := range slices.Sorted(maps.Keys(ds.running)) {
		if w, ok := want[id]; !ok || !sameDevice(w, ds.running[id]) {
			out = append(out, Action{Kind: ActStopDevice, DeviceID: id})
			delete(ds.running, id)
		}
	}
	for i := range plan.Devices {
		d := &plan.Devices[i]
		if _, ok := ds.running[d.ID]; want[d.ID] != nil && !ok {
			ds.running[d.ID] = d
			out = append(out, Action{Kind: ActStartDevice, Device: d})
		}
	}
	return out
}

func sameDevice(a, b *pengine.DeviceInfo) bool {
	return a.Agent == b.Agent && a.MonitorInterval == b.MonitorInterval && a.ActionLimit == b.ActionLimit &&
		a.Monitor.Verb == b.Monitor.Verb && maps.Equal(a.Monitor.Params, b.Monitor.Params) &&
		a.Monitor.Timeout == b.Monitor.Timeout
}

// start runs d's monitor, then its recurring monitor, and returns its
// state.
func (ds *devices) start(ctx context.Context, d *pengine.DeviceInfo) *DeviceStatus {
	st := &DeviceStatus{ID: d.ID, Agent: d.Agent, State: DeviceStarted, Check: d.HostCheck, Targets: d.Targets}
	if err := ds.monitor(ctx, d); err != nil {
		st.State, st.Error = DeviceFailed, err.Error()
		ds.emit(Event{Kind: EventDevice, Target: d.ID, Detail: "start failed: " + err.Error()})
	} else {
		st.Monitor, st.MonitorAt = "ok", ds.clock.Now()
		ds.emit(Event{Kind: EventDevice, Target: d.ID, Detail: startedDetail(st)})
	}
	if d.MonitorInterval > 0 {
		probe := func(ctx context.Context) (*lrm.Result, error) {
			if err := ds.monitor(ctx, d); err != nil {
				return &lrm.Result{Status: lrm.StatusExited, ExitCode: 1, Stderr: []byte(err.Error())}, nil
			}
			return &lrm.Result{Status: lrm.StatusExited}, nil
		}
		_ = ds.monitors.StartAfter(ctx, d.ID, d.MonitorInterval.Std(), probe, func(r lrm.MonitorResult) { ds.monitored(d.ID, r) })
	}
	return st
}

// monitor runs d's monitor call once.
func (ds *devices) monitor(ctx context.Context, d *pengine.DeviceInfo) error {
	call := d.Monitor
	res, _ := ds.exec.Call(ctx, d.ID, d.Agent, d.ActionLimit, call)
	switch {
	case res.Err != nil:
		return fmt.Errorf("monitor: %w", res.Err)
	case res.Code != 0:
		return fmt.Errorf("monitor: exit status %d: %s", res.Code, firstLine(res.Stderr))
	}
	return nil
}

// started records a start's outcome (from the step that takes it in).
func (ds *devices) started(st *DeviceStatus) {
	if st == nil {
		return
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if _, ok := ds.running[st.ID]; ok {
		ds.status[st.ID] = st
	}
}

func (ds *devices) monitored(id string, r lrm.MonitorResult) {
	result := "ok"
	switch {
	case r.Err != nil:
		result = r.Err.Error()
	case r.Result.ExitCode != 0:
		result = string(r.Result.Stderr)
	}
	ds.mu.Lock()
	st := ds.status[id]
	if st == nil {
		ds.mu.Unlock()
		return
	}
	changed := (st.Monitor == "ok") != (result == "ok")
	st.Monitor, st.MonitorAt = result, ds.clock.Now()
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
	delete(ds.status, id)
	ds.mu.Unlock()
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
