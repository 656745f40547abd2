package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/agents"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "executioner",
		Short:         "Fencing (STONITH) toolkit for Pacemaker clusters",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       agents.Version,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withCode(exitUsage, err) })
	root.AddCommand(
		newVersionCmd(),
		newCIBCmd(),
		newVerifyCmd(),
		newPlanCmd(),
		newConfigureCmd(),
		newMeatclientCmd(),
		newStonithCmd(),
		newDemoCmd(),
		newRunCmd(),
		newFenceCmd(),
		newConfirmCmd(),
		newHistoryCmd(),
		newDevicesCmd(),
		newStatusCmd(),
		newManCmd(),
	)
	return root
}
