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
			ctx := cmd.Context()
			s, err := openCIB(ctx, *cibFlag)
			if err != nil {
				return err
			}
			doc, err := interruptible(ctx, func() (*cib.Document, error) {
				doc := s.doc.Clone()
				return doc, crmsh.Delete(doc, args...)
			})
			if err != nil {
				return crmError(err)
			}
			return s.commit(ctx, doc)
		},
	}
}
