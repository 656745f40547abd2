package main

import (
	"fmt"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/spf13/cobra"
)

func newHistoryCmd() *cobra.Command {
	var socket, output string
	var limit int
	cmd := &cobra.Command{
		Use:   "history [NODE]",
		Short: "Show the fencing history (of NODE, or of every node)",
		Long: `history prints the daemon's fencing requests, oldest first: each request's
action, target and state, who confirmed it, and every device attempt with
its result (0 success, 1 device unreachable, 2 device did not acknowledge,
3 internal failure). The history is kept on disk and survives restarts.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputAs(output); err != nil {
				return err
			}
			req := controller.APIRequest{Op: controller.OpHistory, Limit: limit}
			if len(args) == 1 {
				req.Target = args[0]
			}
			rep, err := callDaemon(cmd.Context(), socket, req)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if output == "json" {
				return writeJSON(w, rep.History)
			}
			if len(rep.History) == 0 {
				fmt.Fprintln(w, "no fencing requests")
			}
			for _, r := range rep.History {
				writeRequest(w, r)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "show only the newest N requests (0: all)")
	cmd.Flags().StringVar(&output, "output-as", "text", "text or json")
	addSocketFlag(cmd, &socket)
	return cmd
}
