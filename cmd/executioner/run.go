package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/spf13/cobra"
)

// runOptions are the daemon's flags.
type runOptions struct {
	cib, node, history, socket string
	membership, live           string
	agentDirs                  []string
	poll, retryBase, retryMax  time.Duration
}

func newRunCmd() *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run --cib FILE --node NAME [--membership file|corosync]",
		Short: "Run the fencing daemon on a CIB file",
		Long: `run is the fencing daemon. It watches the CIB file, runs the stonith devices
placed on this node (metadata, validation, recurring monitor), plans like
Pacemaker's scheduler, fences the nodes the plan names along the fencing
topology, and writes the outcome back into the CIB's status section. Failed
fencing is retried with a growing pause until stonith-max-attempts, then
the node stays blocked until "executioner confirm". The history of every
request is kept on disk (--history), and the commands fence, confirm,
history, devices and status talk to the daemon over --socket (root only).
A daemon refuses to start (exit status 108) on a --socket where another
daemon runs (it holds SOCKET.lock, or the socket answers); a socket file
left by a killed daemon is replaced.

With --membership file (the default) the CIB file's status section says
which nodes are members. With --membership corosync the daemon runs without
a resource manager: the CIB file is the configuration (the same file on
every node) and membership and quorum come from corosync; the daemons elect
a coordinator (the lowest node id running the winning configuration), which
alone fences, and share one history over corosync's process groups. The
live CIB the daemon plans on is written to --live-cib, and the cluster's
history records are saved beside --history (cluster-records), so the
history survives a restart of the whole cluster. fence, confirm and
fence --done on any node are carried out by the coordinator, and answer
once it is done (or at once when this node's partition has no quorum).

Agents are looked for in --agents-dir (fence-agents' fence_* and installed
fence_exec_* links), else run in-process when executioner has them.
The daemon logs to stderr and stops on SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDaemon(cmd.Context(), cmd.ErrOrStderr(), o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.cib, "cib", "", "the CIB file (default $CIB_file)")
	f.StringVar(&o.node, "node", "", "this node's name in the CIB (default the host name)")
	f.StringVar(&o.history, "history", defaultHistory, "the fencing history file")
	f.StringVar(&o.socket, "socket", defaultSocket, "the API socket")
	f.StringVar(&o.membership, "membership", "file", "where membership comes from: file (the CIB's status) or corosync")
	f.StringVar(&o.live, "live-cib", "", "with --membership corosync, the live CIB file (default beside --history)")
	f.StringSliceVar(&o.agentDirs, "agents-dir", []string{"/usr/sbin"}, "directories holding external fence agents")
	f.DurationVar(&o.poll, "poll", controller.DefaultPoll, "how often the CIB file is checked")
	f.DurationVar(&o.retryBase, "retry-base", controller.DefaultRetryBase, "first pause before retrying a failed fencing")
	f.DurationVar(&o.retryMax, "retry-max", controller.DefaultRetryMax, "longest pause between retries")
	return cmd
}

func runDaemon(ctx context.Context, logTo io.Writer, o runOptions) error {
	if o.membership != "file" && o.membership != "corosync" {
		return withCode(exitUsage, fmt.Errorf("--membership %q: want file or corosync", o.membership))
	}
	file, ok := cibStore(o.cib).(cibstore.File)
	if !ok {
		return withCode(exitUsage, errors.New("the daemon works on a CIB file: give --cib FILE or set CIB_file"))
	}
	path := file.Path
	if _, err := readCIB(ctx, file); err != nil {
		return err
	}
	if err := file.Tidy(ctx); err != nil { // dead writers' temporary files
		return withCode(exitCantCreat, err)
	}
	if o.node == "" {
		var err error
		if o.node, err = os.Hostname(); err != nil {
			return withCode(exitUsage, fmt.Errorf("--node not given and no host name: %w", err))
		}
	}
	for _, p := range []string{o.history, o.socket} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return withCode(exitCantCreat, err)
		}
	}
	ln, err := controller.Listen(o.socket)
	switch {
	case errors.Is(err, controller.ErrSocketInUse):
		return withCode(exitExists, fmt.Errorf("another executioner daemon is running at --socket %s: stop it first, or give another --socket", o.socket))
	case err != nil:
		return withCode(exitCantCreat, err)
	}
	defer ln.Close()
	h, err := fencer.Open(o.history)
	if err != nil {
		return withCode(exitCantCreat, fmt.Errorf("history %s: %w", o.history, err))
	}
	defer h.Close()
	log := slog.New(slog.NewTextHandler(logTo, nil))
	warnDamage(log, o.history, h)
	runner := &fencer.Agents{Dirs: o.agentDirs, Registry: all.Registry(), Hostname: o.node}
	if o.membership == "corosync" {
		return runClustered(ctx, path, h, runner, ln, o, log)
	}
	ctl, err := controller.New(controller.Config{CIB: path, Node: o.node, History: h,
		Runner: runner,
		Poll:   o.poll, RetryBase: o.retryBase, RetryMax: o.retryMax,
		OnEvent: func(e controller.Event) { logEvent(log, e) }})
	if err != nil {
		return withCode(exitUsage, err)
	}
	return serveDaemon(ctx, ctl, ctl.Run, ln, o, log)
}

// serveDaemon runs the loop and the API until ctx ends or either fails.
func serveDaemon(ctx context.Context, ctl *controller.Controller, run func(context.Context) error,
	ln *controller.Listener, o runOptions, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	apiErr := make(chan error, 1)
	go func() { apiErr <- ctl.ServeListener(ctx, ln) }()
	log.Info("daemon started", "node", o.node, "cib", o.cib, "socket", o.socket, "history", o.history)
	runErr := run(ctx)
	cancel()
	aerr := <-apiErr
	if err := errors.Join(runErr, aerr); err != nil {
		return withCode(exitFailure, err)
	}
	log.Info("daemon stopped")
	return nil
}

func logEvent(log *slog.Logger, e controller.Event) {
	line := describeEvent(e)
	if line == "" {
		return
	}
	failed := e.Kind == controller.EventFence && e.Fence != nil && e.Fence.Kind == fencer.EventFailed
	switch {
	case e.Kind == controller.EventError, e.Kind == controller.EventBlocked, failed,
		e.Kind == controller.EventDevice && strings.Contains(e.Detail, "failed"):
		log.Warn(line)
	default:
		log.Info(line)
	}
}

// warnDamage reports in one line what Open dropped from the history: the
// number of damaged lines (the file was rewritten without them) and the
// first of them.
func warnDamage(log *slog.Logger, path string, h *fencer.History) {
	d := h.Damage()
	if len(d) == 0 {
		return
	}
	if n := h.Repaired(); n > 0 {
		log.Warn("history damaged: the valid records were kept and the file rewritten without the damaged lines",
			"file", path, "damaged_lines", n, "first", d[0].String())
		return
	}
	log.Warn("history damaged", "file", path, "damage", d[0].String())
}
