package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/internal/boundedread"
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
	maxInput := byteSize(boundedread.DefaultLimit)
	root.PersistentFlags().Var(&maxInput, "max-input-size", "refuse an input file or stream larger than this many `bytes` (K, M, G suffixes)")
	root.PersistentPreRun = func(c *cobra.Command, _ []string) {
		c.SetContext(boundedread.WithLimit(c.Context(), int64(maxInput)))
	}
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
