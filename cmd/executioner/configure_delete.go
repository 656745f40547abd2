package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureDeleteCmd(cibFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:     "delete ID...",
		Aliases: []string{"rm"},
		Short:   "Delete objects; constraints that refer to a deleted resource go too",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return commitConfig(cmd.Context(), *cibFlag, newProgress(cmd), func(doc *cib.Document) error {
				return crmsh.Delete(doc, args...)
			})
		},
	}
}
