package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib/crmsh"
)

// newConfigureShowCmd is "executioner configure show". It takes time and
// memory O(n log n) in the size n of the CIB: one parse, then crmsh.Show
// on that document (its status dropped, each object printed and read back
// once, the objects sorted).
func newConfigureShowCmd(cibFlag *string) *cobra.Command {
	var clear bool
	c := &cobra.Command{
		Use:   "show [xml] [ID...]",
		Short: "Print the configuration (or the named objects) as crm text or XML",
		Long: `show prints the configuration the way "crm configure show" does. Values of
parameters whose names match passw* are printed as ****** unless --show-passwords is given.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			xml := len(args) > 0 && args[0] == "xml"
			if xml {
				args = args[1:]
			}
			store := cibStore(*cibFlag)
			doc, err := readCIB(cmd.Context(), store)
			if err != nil {
				return err
			}
			// The document is not used after it is shown.
			opt := crmsh.ShowOptions{IDs: args, InPlace: true}
			if clear {
				opt.Obscure = []string{}
			}
			out, err := interruptible(cmd.Context(), func() (string, error) {
				if xml {
					return crmsh.ShowXML(doc, opt)
				}
				out, err := crmsh.Show(doc, opt)
				if out != "" {
					out += "\n"
				}
				return out, err
			})
			if err != nil {
				return crmError(err)
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), out)
			return err
		},
	}
	c.Flags().BoolVar(&clear, "show-passwords", false, "print password values in clear")
	return c
}
