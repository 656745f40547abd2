package main

import (
	"github.com/beevik/etree"
	"github.com/spf13/cobra"
)

func newCIBQueryCmd() *cobra.Command {
	var scope, xpath string
	var noChildren bool
	c := &cobra.Command{
		Use:   "query",
		Short: "Print the CIB, one section of it, or what an xpath selects",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			store, format, err := cibFlags(c)
			if err != nil {
				return err
			}
			doc, err := readCIB(c.Context(), store)
			if err != nil {
				return format.result(c, c.CommandPath(), nil, err)
			}
			found, err := interruptible(c.Context(), func() ([]*etree.Element, error) {
				found, err := doc.Query(scope, xpath)
				if err != nil {
					return nil, editCode(err)
				}
				if noChildren {
					for i, e := range found {
						shallow := etree.NewElement(e.Tag)
						shallow.Space, shallow.Attr = e.Space, append([]etree.Attr(nil), e.Attr...)
						found[i] = shallow
					}
				}
				return found, nil
			})
			return format.result(c, c.CommandPath(), found, err)
		},
	}
	c.Flags().StringVarP(&scope, "scope", "o", "", "limit to one section (configuration, nodes, resources, constraints, crm_config, rsc_defaults, op_defaults, acls, fencing-topology, tags, alerts, status)")
	c.Flags().StringVarP(&xpath, "xpath", "A", "", "print the elements this xpath selects")
	c.Flags().BoolVarP(&noChildren, "no-children", "n", false, "print the selected elements without their children")
	return c
}
