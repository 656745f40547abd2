package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/spf13/cobra"
)

// Defaults of the daemon's files.
const (
	defaultSocket  = "/run/executioner/executioner.sock"
	defaultHistory = "/var/lib/executioner/history"
	// exitUnavailable (CRM_EX_UNAVAILABLE) is the exit status when the
	// daemon cannot be reached.
	exitUnavailable = 69
)

// addSocketFlag adds --socket to a client command.
func addSocketFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "socket", defaultSocket, "the daemon's API socket")
}

// callDaemon sends one request to the daemon. An unreachable daemon exits
// 69; a refused request 1, or 77 (CRM_EX_INSUFFICIENT_PRIV) for a caller
// that is not root.
func callDaemon(ctx context.Context, socket string, req controller.APIRequest) (*controller.APIReply, error) {
	rep, err := controller.Call(ctx, socket, req)
	switch {
	case err == nil:
		return rep, nil
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ECONNREFUSED):
		return nil, withCode(exitUnavailable, fmt.Errorf("no executioner daemon is running (nothing answers at %s): start one with \"executioner run --cib FILE --node NAME\", or give --socket", socket))
	case errors.Is(err, syscall.EACCES):
		return nil, withCode(exitUnavailable, fmt.Errorf("cannot reach the daemon at %s: permission denied (the socket is root's): run this as root", socket))
	case rep == nil:
		return nil, withCode(exitUnavailable, err)
	case errors.Is(err, controller.ErrNotAllowed):
		return rep, withCode(77, err)
	case errors.Is(err, controller.ErrNoSuchNode):
		return rep, withCode(exitNoSuch, err)
	case errors.Is(err, controller.ErrBadAction), errors.Is(err, controller.ErrBadRequest):
		return rep, withCode(exitUsage, err)
	}
	return rep, withCode(exitFailure, err)
}

// writeJSON prints v indented.
func writeJSON(w io.Writer, v any) error {
	enc := jsonEncoder(w)
	return enc.Encode(v)
}

// checkOutputAs validates --output-as.
func checkOutputAs(v string) error {
	if v != "text" && v != "json" {
		return withCode(exitUsage, fmt.Errorf("--output-as %q: want text or json", v))
	}
	return nil
}

// writeRequest prints one request of the history in one or more lines.
func writeRequest(w io.Writer, r fencer.Request) {
	fmt.Fprintf(w, "%s  %s %s  %s", r.Requested.Format(time.RFC3339), r.Action, r.Target, r.State)
	if f := r.Final; f != nil {
		switch {
		case f.State == fencer.StateDone:
			fmt.Fprintf(w, " by %s (%s) at %s", f.Delegate, f.By, f.Completed.Format(time.RFC3339))
		case f.Reason != "":
			fmt.Fprintf(w, ": %s", f.Reason)
		}
	}
	fmt.Fprintf(w, "  [%s, client %s]\n", r.ID, r.Client)
	for _, a := range r.Attempts {
		fmt.Fprintf(w, "    level %d %s %s: %s (result %d, %.3fs)", a.Level, a.Device, a.Action, a.Outcome,
			a.Outcome.Code(), a.Finished.Sub(a.Started).Seconds())
		if a.Detail != "" {
			fmt.Fprintf(w, ": %s", a.Detail)
		}
		fmt.Fprintln(w)
	}
}

// requestErr turns a finished request into the command's exit status: 0
// when done, 1 when it failed or is still pending.
func requestErr(r *fencer.Request) error {
	if r == nil {
		return withCode(exitFailure, errors.New("the daemon returned no request"))
	}
	if r.State != fencer.StateDone {
		return withCode(exitFailure, fmt.Errorf("%s %s: %s", r.Action, r.Target, r.State))
	}
	return nil
}
