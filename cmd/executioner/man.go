//go:build manpages

package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/executioner-ha/executioner/agents"
)

// newManCmd writes the manual pages of every command, executioner(1),
// executioner-configure(1), executioner-configure-load(1), ..., into a
// directory; make install puts them in $(PREFIX)/share/man/man1. The
// pages are dated $SOURCE_DATE_EPOCH when it is set (for reproducible
// builds), else today.
//
// Only the build with the tag manpages has it (make install builds one to
// write the pages): cobra's page writer links a Markdown parser and a YAML
// library whose package initialisation would otherwise run at every start
// of the CLI, stonith(8) runs in scripts' loops included (see man_off.go).
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write the manual pages (section 1) into DIR",
		Args:   cobra.ExactArgs(1),
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			date := time.Now()
			if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return withCode(exitUsage, fmt.Errorf("SOURCE_DATE_EPOCH=%q: not a number of seconds", s))
				}
				date = time.Unix(n, 0).UTC()
			}
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return withCode(exitCantCreat, err)
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			// No Title: each page is headed with its own command path.
			h := &doc.GenManHeader{Section: "1", Date: &date, Source: agents.Version, Manual: "executioner manual"}
			if err := doc.GenManTree(root, h, args[0]); err != nil {
				return withCode(exitCantCreat, err)
			}
			return nil
		},
	}
}
