//go:build !manpages

package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newManCmd, in the CLI as installed, only says where the manual pages
// come from: the writer (man.go) is in the build with the tag manpages,
// which make install builds and runs, so that the CLI's every start does
// not initialise the Markdown and YAML packages it links.
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write the manual pages (section 1) into DIR",
		Args:   cobra.ExactArgs(1),
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withCode(exitUnimplemented, errors.New("man: this executioner is built without the manual page writer (build it with -tags manpages, as make install does)"))
		},
	}
}
