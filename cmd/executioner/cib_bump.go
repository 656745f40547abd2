package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBBumpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "bump",
		Short: "Increment the CIB's epoch",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runEdit(c, func(d *cib.Document) error { return d.Bump() })
		},
	}
}
