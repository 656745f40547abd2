package lrm

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestMonitorsRecurAndStop(t *testing.T) {
	defer goroutineCheck(t)()
	var m Monitors
	var mu sync.Mutex
	var got []MonitorResult
	c, marker := agentCommand(t, "exit7")
	probe := func(ctx context.Context) (*Result, error) { return Run(ctx, c) }
	err := m.Start(context.Background(), "rsc_monitor_50", 50*time.Millisecond, probe, func(r MonitorResult) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background(), "rsc_monitor_50", time.Second, probe, nil); !errors.Is(err, ErrMonitorExists) {
		t.Errorf("second Start: %v, want ErrMonitorExists", err)
	}
	for n := 0; n < 3; {
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		n = len(got)
		mu.Unlock()
	}
	if !m.Stop("rsc_monitor_50") || m.Stop("rsc_monitor_50") {
		t.Error("Stop should report the monitor once")
	}
	mu.Lock()
	n := len(got)
	for i, r := range got {
		if r.Seq != i+1 || r.Err != nil || r.Result.ExitCode != OCFNotRunning {
			t.Errorf("result %d: seq %d err %v code %d", i, r.Seq, r.Err, r.Result.ExitCode)
		}
	}
	mu.Unlock()
	time.Sleep(120 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != n {
		t.Errorf("%d results delivered after Stop", len(got)-n)
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
	delivered := false
	if err := m.Start(context.Background(), "hung", time.Second, probe, func(MonitorResult) { delivered = true }); err != nil {
		t.Fatal(err)
	}
	<-started
	time.Sleep(50 * time.Millisecond)
	m.StopAll()
	if delivered || len(m.Keys()) != 0 {
		t.Errorf("delivered %v, keys %v after StopAll", delivered, m.Keys())
	}
	assertNoSurvivors(t, marker)
}

func TestMonitorsContextEnd(t *testing.T) {
	defer goroutineCheck(t)()
	var m Monitors
	ctx, cancel := context.WithCancel(context.Background())
	probe := func(context.Context) (*Result, error) { return &Result{Status: StatusExited}, nil }
	runs := make(chan MonitorResult, 100)
	if err := m.Start(ctx, "k", time.Millisecond, probe, func(r MonitorResult) { runs <- r }); err != nil {
		t.Fatal(err)
	}
	<-runs
	cancel()
	for len(m.Keys()) != 0 {
		time.Sleep(time.Millisecond)
	}
	if err := m.Start(context.Background(), "k", 0, probe, nil); err == nil {
		t.Error("zero interval accepted")
	}
}
