package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBCreateCmd() *cobra.Command {
	var in inputFlags
	var scope, xpath string
	c := &cobra.Command{
		Use:   "create",
		Short: "Add an object to a section; an object with its id already there exits 108",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if _, _, err := cibFlags(c); err != nil {
				return err
			}
			input, err := in.read(c.InOrStdin())
			if err != nil {
				return err
			}
			return runEdit(c, func(d *cib.Document) error {
				return d.Apply(cib.Edit{Op: cib.Create, Scope: scope, XPath: xpath, Input: input})
			})
		},
	}
	in.add(c)
	c.Flags().StringVarP(&scope, "scope", "o", "", "section to create the object in")
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "create the object under the first element this xpath selects")
	return c
}
