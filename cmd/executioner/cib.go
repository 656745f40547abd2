package main

import (
	"github.com/spf13/cobra"
)

// newCIBCmd is the cibadmin role: query and edit a CIB file.
func newCIBCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "cib",
		Short: "Query and edit a CIB file like cibadmin",
		Long: `Query and edit a Pacemaker CIB file the way cibadmin does with CIB_file.

The file is --cib FILE, else $CIB_file. Edits follow Pacemaker's rules: a change
under configuration increments epoch and zeroes num_updates, any other change
increments num_updates, and the file is replaced atomically.

Exit status, as cibadmin's: 0 success, 105 no such object, 108 object exists,
103 update older than the CIB, 78 invalid input or result, 107 --force needed,
70 invalid argument, 64 usage, 66 CIB file missing, 73 CIB file not writable.`,
		Args: cobra.NoArgs,
	}
	c.PersistentFlags().String("cib", "", "CIB file (default $CIB_file)")
	c.PersistentFlags().String("output-as", "text", "output format: text, xml or json")
	c.AddCommand(
		newCIBQueryCmd(),
		newCIBCreateCmd(),
		newCIBModifyCmd(),
		newCIBReplaceCmd(),
		newCIBDeleteCmd(),
		newCIBDeleteAllCmd(),
		newCIBEmptyCmd(),
		newCIBBumpCmd(),
	)
	return c
}
