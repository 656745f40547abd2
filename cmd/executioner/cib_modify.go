package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBModifyCmd() *cobra.Command {
	var in inputFlags
	var scope, xpath string
	var allowCreate bool
	c := &cobra.Command{
		Use:   "modify",
		Short: "Merge attributes and children into the object with the input's tag and id",
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
				return d.Apply(cib.Edit{Op: cib.Modify, Scope: scope, XPath: xpath, Input: input, AllowCreate: allowCreate})
			})
		},
	}
	in.add(c)
	c.Flags().StringVarP(&scope, "scope", "o", "", "section to look in")
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "look below the elements this xpath selects")
	c.Flags().BoolVarP(&allowCreate, "allow-create", "c", false, "add the object to the section when it does not exist")
	return c
}
