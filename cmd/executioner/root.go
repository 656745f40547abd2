package main

import "github.com/spf13/cobra"

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "executioner",
		Short:         "Fencing (STONITH) toolkit for Pacemaker clusters",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withCode(exitUsage, err) })
	maxInput := byteSize(defaultMaxInput)
	root.PersistentFlags().Var(&maxInput, "max-input-size", "refuse an input file or stream larger than this many `bytes` (K, M, G suffixes)")
	root.PersistentPreRun = func(c *cobra.Command, _ []string) {
		c.SetContext(withInputLimit(c.Context(), int64(maxInput)))
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
	)
	return root
}
