package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

func newCIBModifyCmd() *cobra.Command {
	edit := &cib.Edit{Op: cib.Modify}
	c := newInputEditCmd("modify",
		"Merge attributes and children into the object with the input's tag and id",
		edit,
		"section to look in",
		"look below the elements this xpath selects")
	c.Flags().BoolVarP(&edit.AllowCreate, "allow-create", "c", false, "add the object to the section when it does not exist")
	return c
}
