package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureSaveCmd(cibFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:   "save FILE",
		Short: "Write the configuration as crm text (passwords in clear) to FILE, mode 0600",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := readCIB(cmd.Context(), cibStore(*cibFlag))
			if err != nil {
				return err
			}
			out, err := interruptible(cmd.Context(), func() (string, error) { return crmsh.Show(doc, crmsh.ShowOptions{Obscure: []string{}}) })
			if err != nil {
				return crmError(err)
			}
			if out != "" {
				out += "\n"
			}
			if err := os.WriteFile(args[0], []byte(out), 0o600); err != nil {
				return withCode(exitCantCreat, err)
			}
			return nil
		},
	}
}
