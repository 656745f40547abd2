package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureLoadCmd(cibFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:   "load update|replace|push FILE|-",
		Short: "Apply crm configuration text to the CIB",
		Long: `load applies a file of crm configuration text, as "crm configure load" does:
update creates new objects and replaces those with the same id (property sets are merged),
replace first erases every object except the nodes, push also deletes every object the
file does not mention. Errors name FILE:LINE:COLUMN; on any error nothing is written (exit 65).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := crmsh.ParseMethod(args[0])
			if err != nil {
				return withCode(exitUsage, err)
			}
			p := newProgress(cmd)
			p.set("reading %s", args[1])
			data, err := readInput(cmd, args[1])
			if err != nil {
				p.end()
				return err
			}
			p.set("parsing %s (%d bytes)", args[1], len(data))
			objs, err := crmsh.Parse(data, args[1])
			if err != nil {
				p.end()
				return crmError(err)
			}
			return commitConfig(cmd.Context(), *cibFlag, p, func(doc *cib.Document) error {
				p.set("loading %d objects from %s", len(objs), args[1])
				return crmsh.LoadWith(doc, objs, loadOptions(cmd, p, m))
			})
		},
	}
}
