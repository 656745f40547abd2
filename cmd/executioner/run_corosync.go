package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/daemon"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// runClustered runs the daemon with membership from corosync, on the
// configuration file config.
func runClustered(ctx context.Context, config string, h *fencer.History, runner fencer.Runner,
	ln *controller.Listener, o runOptions, log *slog.Logger) error {
	live := o.live
	if live == "" {
		live = filepath.Join(filepath.Dir(o.history), "live-cib.xml")
	}
	m, err := membership.Open()
	switch {
	case errors.Is(err, membership.ErrNotBuilt):
		return withCode(exitUnimplemented, fmt.Errorf("--membership corosync: %w", err))
	case err != nil:
		return withCode(exitDisconnect, fmt.Errorf("--membership corosync: %w", err))
	}
	d, err := daemon.New(daemon.Config{ConfigFile: config, LiveCIB: live, Node: o.node, Membership: m,
		History: h, Runner: runner, OnEvent: func(e controller.Event) { logEvent(log, e) },
		Records: filepath.Join(filepath.Dir(o.history), "cluster-records")})
	if err != nil {
		m.Close()
		return withCode(exitConfig, err)
	}
	log.Info("membership from corosync", "node id", m.Local().Node, "live cib", live)
	return serveDaemon(ctx, d.Controller(), d.Run, ln, o, log)
}
