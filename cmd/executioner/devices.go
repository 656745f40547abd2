package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/spf13/cobra"
)

func newDevicesCmd() *cobra.Command {
	var socket, output string
	cmd := &cobra.Command{
		Use:   "devices",
		Short: "List the fence devices the daemon runs on this node",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutputAs(output); err != nil {
				return err
			}
			rep, err := callDaemon(cmd.Context(), socket, controller.APIRequest{Op: controller.OpDevices})
			if err != nil {
				return err
			}
			if output == "json" {
				return writeJSON(cmd.OutOrStdout(), rep.Devices)
			}
			writeDevices(cmd.OutOrStdout(), rep.Devices)
			return nil
		},
	}
	cmd.Flags().StringVar(&output, "output-as", "text", "text or json")
	addSocketFlag(cmd, &socket)
	return cmd
}

func writeDevices(w io.Writer, ds []controller.DeviceStatus) {
	if len(ds) == 0 {
		fmt.Fprintln(w, "no devices")
	}
	for _, d := range ds {
		fmt.Fprintf(w, "%s  %s  %s  %s", d.ID, d.Agent, d.State, d.Check)
		if len(d.Targets) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(d.Targets, " "))
		}
		if d.Monitor != "" {
			fmt.Fprintf(w, "  monitor %s", d.Monitor)
		}
		if d.Error != "" {
			fmt.Fprintf(w, "  error: %s", d.Error)
		}
		fmt.Fprintln(w)
	}
}
