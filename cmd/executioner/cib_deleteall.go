package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBDeleteAllCmd() *cobra.Command {
	var xpath string
	var force bool
	c := &cobra.Command{
		Use:   "delete-all --xpath X --force",
		Short: "Delete every element an xpath selects (needs --force, else exit 107)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if _, _, err := cibFlags(c); err != nil {
				return err
			}
			if xpath == "" {
				return withCode(exitUsage, errors.New("delete-all needs --xpath"))
			}
			if !force {
				return withCode(exitUnsafe, errors.New("delete-all can remove much of the configuration: give --force to proceed"))
			}
			return runEdit(c, func(d *cib.Document) error {
				return d.Apply(cib.Edit{Op: cib.Delete, XPath: xpath, All: true})
			})
		},
	}
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "elements to delete")
	c.Flags().BoolVarP(&force, "force", "f", false, "really delete them")
	return c
}
