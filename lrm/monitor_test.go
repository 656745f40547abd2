package lrm

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestMonitorsRecurAndStop: the probe (a real agent process) runs at once,
// then after each interval of the clock; nothing is delivered after Stop.
func TestMonitorsRecurAndStop(t *testing.T) {
	defer goroutineCheck(t)()
	clk := peertest.NewClock(time.Unix(1000, 0))
	m := Monitors{Clock: clk}
	got := make(chan MonitorResult, 10)
	c, marker := agentCommand(t, "exit7")
	probe := func(ctx context.Context) (*Result, error) { return Run(ctx, c) }
	if err := m.Start(context.Background(), "rsc_monitor_50", time.Minute, probe, func(r MonitorResult) { got <- r }); err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background(), "rsc_monitor_50", time.Second, probe, nil); !errors.Is(err, ErrMonitorExists) {
		t.Errorf("second Start: %v, want ErrMonitorExists", err)
	}
	for i := 1; i <= 3; i++ {
		r := <-got
		if r.Seq != i || r.Err != nil || r.Result.ExitCode != 7 {
			t.Errorf("result %d: seq %d err %v code %d", i, r.Seq, r.Err, r.Result.ExitCode)
		}
		clk.BlockUntil(1) // waiting for the next interval
		if i < 3 {
			clk.Advance(time.Minute)
		}
	}
	if !m.Stop("rsc_monitor_50") || m.Stop("rsc_monitor_50") {
		t.Error("Stop should report the monitor once")
	}
	clk.Advance(time.Hour)
	select {
	case r := <-got:
		t.Errorf("result %d delivered after Stop", r.Seq)
	default:
	}
	assertNoSurvivors(t, marker)
}

func TestMonitorsStopCancelsProbe(t *testing.T) {
	defer goroutineCheck(t)()
	var m Monitors
	c, marker := agentCommand(t, "hang")
	started := make(chan struct{}, 1)
	probe := func(ctx context.Context) (*Result, error) {
		started <- struct{}{}
		return Run(ctx, c)
	}
	delivered := make(chan MonitorResult, 1)
	if err := m.Start(context.Background(), "hung", time.Second, probe, func(r MonitorResult) { delivered <- r }); err != nil {
		t.Fatal(err)
	}
	<-started
	m.StopAll()
	select {
	case <-delivered:
		t.Error("a result was delivered for the probe StopAll cut short")
	default:
	}
	if len(m.Keys()) != 0 {
		t.Errorf("keys %v after StopAll", m.Keys())
	}
	assertNoSurvivors(t, marker)
}

func TestMonitorsContextEnd(t *testing.T) {
	defer goroutineCheck(t)()
	clk := peertest.NewClock(time.Unix(1000, 0))
	m := Monitors{Clock: clk}
	ctx, cancel := context.WithCancel(context.Background())
	probe := func(context.Context) (*Result, error) { return &Result{Status: StatusExited}, nil }
	runs := make(chan MonitorResult, 100)
	if err := m.Start(ctx, "k", time.Millisecond, probe, func(r MonitorResult) { runs <- r }); err != nil {
		t.Fatal(err)
	}
	<-runs
	clk.BlockUntil(1)
	cancel()
	m.StopAll() // waits for the monitor, which the end of ctx has ended
	if len(m.Keys()) != 0 {
		t.Errorf("keys %v", m.Keys())
	}
	if err := m.Start(context.Background(), "k", 0, probe, nil); err == nil {
		t.Error("zero interval accepted")
	}
}
