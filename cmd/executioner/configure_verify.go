package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureVerifyCmd(cibFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check that the configuration reads back as crm text",
		Long: `verify prints the configuration as crm text, parses it again and loads it into an
empty CIB of the same schema; any object that does not survive the round trip, or a
result Pacemaker's installed schema refuses, is reported (exit 78).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store := cibStore(*cibFlag)
			doc, err := readCIB(cmd.Context(), store)
			if err != nil {
				return err
			}
			text, err := crmsh.Show(doc, crmsh.ShowOptions{Obscure: []string{}})
			if err != nil {
				return withCode(exitConfig, err)
			}
			objs, err := crmsh.Parse([]byte(text), "shown configuration")
			if err != nil {
				return withCode(exitConfig, err)
			}
			// an empty CIB of the same schema: the syntax of ACL roles and
			// the role names depend on it
			empty := cib.Empty(doc.Root().SelectAttrValue("validate-with", ""))
			if err := crmsh.LoadWith(empty, objs, crmsh.LoadOptions{Method: crmsh.Update, Schema: schemaCheck()}); err != nil {
				return withCode(exitConfig, err)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: %d objects, configuration reads back\n", store.Name(), len(objs))
			return err
		},
	}
}
