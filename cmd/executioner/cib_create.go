package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBCreateCmd() *cobra.Command {
	return newInputEditCmd("create",
		"Add an object to a section; an object with its id already there exits 108",
		&cib.Edit{Op: cib.Create},
		"section to create the object in",
		"create the object under the first element this xpath selects")
}
