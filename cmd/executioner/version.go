package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/agents"
)

// newVersionCmd prints the version string every executioner binary
// prints (agents.Version), as --version does.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print executioner's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), agents.Version)
			return err
		},
	}
}
