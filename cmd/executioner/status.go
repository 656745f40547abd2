package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/spf13/cobra"
)

func newStatusCmd() *cobra.Command {
	var socket, output string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the daemon's plan, fencing in progress and devices",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutputAs(output); err != nil {
				return err
			}
			rep, err := callDaemon(cmd.Context(), socket, controller.APIRequest{Op: controller.OpStatus})
			if err != nil {
				return err
			}
			if output == "json" {
				return writeJSON(cmd.OutOrStdout(), rep.Status)
			}
			writeStatus(cmd.OutOrStdout(), rep.Status)
			return nil
		},
	}
	cmd.Flags().StringVar(&output, "output-as", "text", "text or json")
	addSocketFlag(cmd, &socket)
	return cmd
}

func writeStatus(w io.Writer, s *controller.Status) {
	if s == nil {
		return
	}
	fmt.Fprintf(w, "node %s, cib %s\n", s.Node, s.CIB)
	writeCluster(w, s.Cluster)
	if s.Error != "" {
		fmt.Fprintf(w, "error: %s\n", s.Error)
	}
	if len(s.Targets) == 0 {
		fmt.Fprintln(w, "nothing to fence")
	}
	for _, t := range s.Targets {
		fmt.Fprintf(w, "fence %s %s: %s (%s)", t.Target, t.Action, t.State, t.Reason)
		if t.Attempts > 0 {
			fmt.Fprintf(w, ", %d failed attempts, last: %s", t.Attempts, t.LastError)
		}
		if !t.NextRetry.IsZero() {
			fmt.Fprintf(w, ", next at %s", t.NextRetry.Format(time.RFC3339))
		}
		fmt.Fprintln(w)
		if len(t.Blocked) > 0 {
			fmt.Fprintf(w, "  blocked until then: %s\n", strings.Join(t.Blocked, ", "))
		}
	}
	fmt.Fprintln(w, "devices:")
	writeDevices(w, s.Devices)
}
