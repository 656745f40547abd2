package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
	"github.com/spf13/cobra"
)

// newPlanCmd is "executioner plan". It takes time and memory O(n log n) in
// the size n of the CIB: one parse (cib.Parse, linear), one model
// (cib.Document.Model, linear) and one schedule (pengine.Plan: indexes
// built once, then lookups; only nodes, devices and actions sorted).
func newPlanCmd() *cobra.Command {
	var format, file, atFlag string
	var whatIf, agentDirs []string
	cmd := &cobra.Command{
		Use:   "plan [--format text|json|dot|fences] [--what-if STATE=NODE]... [CIB.xml]",
		Short: "Show what would be fenced, why, and in which order",
		Long: "plan reads a CIB with its status section and prints the fencing plan that Pacemaker's\n" +
			"scheduler would make, and how each fencing action is carried out as Pacemaker's fencer\n" +
			"would (levels, devices, agent calls with their parameters, nodes, checks, timeouts,\n" +
			"attempts, delays): text (for people), json, dot (the order as a graph) or fences (the\n" +
			"canonical fence list). The fence agents' metadata is read from executioner's own agents\n" +
			"and the agents installed in --agents-dir. The CIB is the file argument or --cib FILE, else $CIB_file, else\n" +
			"the running cluster's. --what-if STATE=NODE (repeatable) first puts NODE in STATE, as\n" +
			"crm_simulate injects it: lost (out of the membership while expected: --node-fail),\n" +
			"offline (a clean leave: --node-down) or online (--node-up); nothing is written.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !validPlanFormat(format) {
				return withCode(exitUsage, fmt.Errorf("--format %q: want text, json, dot or fences", format))
			}
			store, err := fileArg(file, args)
			if err != nil {
				return err
			}
			doc, err := readCIB(cmd.Context(), store)
			if err != nil {
				return err
			}
			if err := applyWhatIf(doc, whatIf); err != nil {
				return err
			}
			// Like crm_simulate: --at, else a saved CIB's execution-date, else now.
			m := doc.Model()
			at := time.Now()
			if m.ExecutionDate > 0 {
				at = time.Unix(m.ExecutionDate, 0)
			}
			if atFlag != "" {
				if at, err = parseAt(atFlag); err != nil {
					return withCode(exitUsage, err)
				}
			}
			in := pengine.Input{Model: m, Now: at}
			var metaErrs []error
			if format != "fences" {
				exec := fencer.NewExecutor(&fencer.Agents{Dirs: agentDirs, Registry: all.Registry()}, nil)
				in.Agents, metaErrs = exec.Infos(cmd.Context(), m)
			}
			plan, err := interruptible(cmd.Context(), func() (*pengine.Result, error) {
				plan, err := pengine.Schedule(in)
				if err != nil {
					return nil, withCode(exitDataErr, fmt.Errorf("%s: %w", store.Name(), err))
				}
				return plan, nil
			})
			if err != nil {
				return err
			}
			for _, e := range metaErrs {
				plan.Notes = append(plan.Notes, fmt.Sprintf("%v: planned as an agent without metadata", e))
			}
			return writePlan(cmd.OutOrStdout(), format, plan)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json, dot or fences")
	cmd.Flags().StringVar(&file, "cib", "", "CIB file (default: the argument, $CIB_file, else the live cluster)")
	cmd.Flags().StringArrayVar(&whatIf, "what-if", nil, "plan as if `STATE=NODE` (lost, offline or online)")
	cmd.Flags().StringVar(&atFlag, "at", "", "evaluate failure expiry at this time (unix seconds or RFC 3339), as crm_simulate --set-datetime")
	cmd.Flags().StringSliceVar(&agentDirs, "agents-dir", []string{"/usr/sbin"}, "directories of installed fence agents (Pacemaker runs them from /usr/sbin)")
	return cmd
}

// applyWhatIf puts each node of a --what-if STATE=NODE in its state.
func applyWhatIf(doc *cib.Document, whatIf []string) error {
	for _, w := range whatIf {
		state, node, ok := strings.Cut(w, "=")
		if !ok || node == "" {
			return withCode(exitUsage, fmt.Errorf("--what-if %q: want STATE=NODE", w))
		}
		st, err := cib.ParseWhatIf(state)
		if err != nil {
			return withCode(exitUsage, fmt.Errorf("--what-if %q: %w", w, err))
		}
		if err := doc.SetMembership(node, st); err != nil {
			return withCode(exitUsage, fmt.Errorf("--what-if %q: %w", w, err))
		}
	}
	return nil
}

func validPlanFormat(f string) bool {
	switch f {
	case "text", "json", "dot", "fences":
		return true
	}
	return false
}

// parseAt reads --at: unix seconds or an RFC 3339 time.
func parseAt(v string) (time.Time, error) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("--at %q: want unix seconds or an RFC 3339 time", v)
	}
	return t, nil
}
