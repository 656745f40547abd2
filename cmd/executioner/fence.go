package main

import (
	"fmt"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/spf13/cobra"
)

func newFenceCmd() *cobra.Command {
	var socket, action, output string
	var done bool
	cmd := &cobra.Command{
		Use:   "fence NODE",
		Short: "Ask the daemon to fence a node now (or report it fenced with --done)",
		Long: `fence asks the running daemon to fence NODE along its fencing topology and
waits for the outcome. With --done it reports instead that a lower layer
(sbd, a hypervisor) has already fenced NODE. Exit status 0 when NODE is
fenced, 1 when fencing failed, 64 for a bad action, 69 when the daemon
cannot be reached, 77 when it refuses the caller, 105 when NODE is not a
node of the CIB.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputAs(output); err != nil {
				return err
			}
			act, err := cib.ParseFenceAction(action)
			if err != nil {
				return withCode(exitUsage, fmt.Errorf("--action: %w", err))
			}
			req := controller.APIRequest{Op: controller.OpFence, Target: args[0], Action: act}
			if done {
				req = controller.APIRequest{Op: controller.OpDone, Target: args[0]}
			}
			p := newProgress(cmd)
			if !done {
				p.set("fencing %s (%s): the daemon is going through its fencing topology", args[0], action)
			}
			rep, err := callDaemon(cmd.Context(), socket, req)
			p.end()
			if rep != nil && rep.Request != nil {
				if output == "json" {
					_ = writeJSON(cmd.OutOrStdout(), rep.Request)
				} else {
					writeRequest(cmd.OutOrStdout(), *rep.Request)
				}
			}
			if err != nil {
				return err
			}
			return requestErr(rep.Request)
		},
	}
	cmd.Flags().StringVar(&action, "action", "reboot", "reboot, off or on")
	cmd.Flags().BoolVar(&done, "done", false, "report NODE fenced by a lower layer instead of fencing it")
	cmd.Flags().StringVar(&output, "output-as", "text", "text or json")
	addSocketFlag(cmd, &socket)
	return cmd
}
