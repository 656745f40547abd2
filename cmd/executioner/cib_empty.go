package main

import (
	"github.com/beevik/etree"
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBEmptyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "empty [SCHEMA]",
		Short: "Print an empty CIB (validated with SCHEMA, default " + cib.LatestSchema + ")",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			format, err := parseOutputFormat(c)
			if err != nil {
				return err
			}
			schema := ""
			if len(args) == 1 {
				schema = args[0]
			}
			return format.result(c, c.CommandPath(), []*etree.Element{cib.Empty(schema).Root()}, nil)
		},
	}
}
