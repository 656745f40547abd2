package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBReplaceCmd() *cobra.Command {
	return newInputEditCmd("replace",
		"Replace the object with the input's tag and id, or the whole CIB (refused when older, exit 103)",
		&cib.Edit{Op: cib.Replace},
		"section to look in",
		"replace the first element this xpath selects")
}
