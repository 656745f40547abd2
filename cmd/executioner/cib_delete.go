package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBDeleteCmd() *cobra.Command {
	var in inputFlags
	var scope, xpath string
	c := &cobra.Command{
		Use:   "delete",
		Short: "Delete the first object whose tag and attributes match the input, or the first xpath match",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if _, _, err := cibFlags(c); err != nil {
				return err
			}
			edit := cib.Edit{Op: cib.Delete, Scope: scope, XPath: xpath}
			if xpath == "" {
				input, err := in.read(c.Context(), c.InOrStdin())
				if err != nil {
					return err
				}
				edit.Input = input
			}
			return runEdit(c, func(d *cib.Document) error { return d.Apply(edit) })
		},
	}
	in.add(c)
	c.Flags().StringVarP(&scope, "scope", "o", "", "section to look in")
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "delete the first element this xpath selects")
	return c
}
