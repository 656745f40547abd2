package main

import (
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/spf13/cobra"
)

func newConfirmCmd() *cobra.Command {
	var socket string
	cmd := &cobra.Command{
		Use:   "confirm NODE",
		Short: "Confirm that a node is down (the manual override)",
		Long: `confirm tells the daemon that an operator has made sure NODE is down (powered
off, unplugged). The daemon stops trying to fence it, records the
confirmation in its history and the CIB, and unblocks the resources that
waited for it. Only confirm a node you have checked yourself: a wrong
confirmation can corrupt data. Exit status 0 on success, 69 when the daemon
cannot be reached.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := callDaemon(cmd.Context(), socket, controller.APIRequest{Op: controller.OpConfirm, Target: args[0]})
			if rep != nil && rep.Request != nil {
				writeRequest(cmd.OutOrStdout(), *rep.Request)
			}
			if err != nil {
				return err
			}
			return requestErr(rep.Request)
		},
	}
	addSocketFlag(cmd, &socket)
	return cmd
}
