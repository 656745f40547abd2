package main

import (
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/pengine"
	"github.com/spf13/cobra"
)

func newPlanCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "plan [--format text|json|dot|fences] [CIB.xml]",
		Short: "Show what would be fenced, why, and in which order",
		Long: "plan reads a CIB with its status section and prints the fencing plan that Pacemaker's\n" +
			"scheduler would make: text (for people), json, dot (the order as a graph) or fences (the\n" +
			"canonical fence list). Without a file argument it reads CIB_file.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !validPlanFormat(format) {
				return withCode(exitUsage, fmt.Errorf("--format %q: want text, json, dot or fences", format))
			}
			flag := ""
			if len(args) == 1 {
				flag = args[0]
			}
			path, err := cibPath(flag)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			doc, err := readCIBFile(ctx, path)
			if err != nil {
				return err
			}
			now := time.Now()
			plan, err := interruptible(ctx, func() (*pengine.Result, error) {
				// Like crm_simulate: a saved CIB's execution-date, else now.
				m := doc.Model()
				at := now
				if m.ExecutionDate > 0 {
					at = time.Unix(m.ExecutionDate, 0)
				}
				plan, err := pengine.PlanAt(m, at)
				if err != nil {
					return nil, withCode(exitDataErr, fmt.Errorf("%s: %w", path, err))
				}
				return plan, nil
			})
			if err != nil {
				return err
			}
			return writePlan(cmd.OutOrStdout(), format, plan)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json, dot or fences")
	return cmd
}

func validPlanFormat(f string) bool {
	switch f {
	case "text", "json", "dot", "fences":
		return true
	}
	return false
}
