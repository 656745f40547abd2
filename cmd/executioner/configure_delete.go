package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureDeleteCmd(cibFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:     "delete ID...",
		Aliases: []string{"rm"},
		Short:   "Delete objects; constraints that refer to a deleted resource go too",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			s, err := openCIB(*cibFlag)
			if err != nil {
				return err
			}
			doc := s.doc.Clone()
			if err := crmsh.Delete(doc, args...); err != nil {
				return crmError(err)
			}
			return s.commit(doc)
		},
	}
}
