package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBReplaceCmd() *cobra.Command {
	var in inputFlags
	var scope, xpath string
	c := &cobra.Command{
		Use:   "replace",
		Short: "Replace the object with the input's tag and id, or the whole CIB (refused when older, exit 103)",
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
				return d.Apply(cib.Edit{Op: cib.Replace, Scope: scope, XPath: xpath, Input: input})
			})
		},
	}
	in.add(c)
	c.Flags().StringVarP(&scope, "scope", "o", "", "section to look in")
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "replace the first element this xpath selects")
	return c
}
