package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
	"github.com/spf13/cobra"
)

// demoScenario is one run of the demo: what goes wrong before the daemon
// starts.
type demoScenario struct {
	title string
	// prepare breaks the cluster before the daemon starts.
	prepare func(*demoCluster)
}

var demoScenarios = []demoScenario{
	{title: "node3 is lost; the daemon on node1 fences it through level 1 (its own BMC)"},
	{title: "node3 is lost and its BMC is dead too; level 1 fails, level 2 (the pdu) fences it",
		prepare: func(c *demoCluster) { c.bmcs["node3"].Stop() }},
}

func newDemoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Fence a lost node of a simulated 3-node cluster over real IPMI",
		Long: `demo runs the fencing daemon on an embedded CIB: three nodes whose BMCs are
go-ipmi's reference BMC serving IPMI on 127.0.0.1, a fencing topology of
two levels (each node's own BMC, then a shared pdu), and node3 lost. The
daemon plans like Pacemaker's scheduler, fences node3 through the real IPMI
protocol and records it in the CIB. A second scenario kills node3's BMC
first, so level 2 does the job. No root, no peers, a few seconds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			start := time.Now()
			for i, sc := range demoScenarios {
				if err := runDemoScenario(cmd, w, i+1, sc); err != nil {
					return withCode(exitFailure, fmt.Errorf("demo scenario %d: %w", i+1, err))
				}
			}
			fmt.Fprintf(w, "\nboth scenarios done in %.2fs\n", time.Since(start).Seconds())
			return nil
		},
	}
}

func runDemoScenario(cmd *cobra.Command, w io.Writer, n int, sc demoScenario) error {
	c, err := newDemoCluster()
	if err != nil {
		return err
	}
	defer c.close()
	if n == 1 {
		printDemoCluster(w, c)
	}
	fmt.Fprintf(w, "\n== scenario %d: %s\n", n, sc.title)
	if sc.prepare != nil {
		sc.prepare(c)
	}
	if err := printDemoPlan(cmd.Context(), w, c.cib); err != nil {
		return err
	}
	tl := &timeline{start: time.Now()}
	h, err := c.run(cmd.Context(), "node3", 9*time.Second, tl.add)
	if h != nil {
		defer h.Close()
	}
	fmt.Fprintln(w, "timeline (daemon on node1):")
	tl.print(w)
	if err != nil {
		return err
	}
	printDemoOutcome(w, c, h, tl.start)
	return nil
}

func printDemoCluster(w io.Writer, c *demoCluster) {
	fmt.Fprintln(w, "simulated cluster: node1, node2, node3; IPMI BMCs (go-ipmi) on 127.0.0.1:")
	for _, name := range demoBMCs {
		fmt.Fprintf(w, "  %-6s udp/%s\n", name, c.bmcs[name].Port())
	}
	fmt.Fprintln(w, "fencing topology for node3: level 1 ipmi-node3, level 2 pdu")
}

// printDemoPlan prints what the policy engine decides for the CIB, and
// how each fencing is carried out: what the daemon then does.
func printDemoPlan(ctx context.Context, w io.Writer, path string) error {
	doc, _, err := readDemoCIB(path)
	if err != nil {
		return err
	}
	m := doc.Model()
	infos, _ := fencer.NewExecutor(&fencer.Agents{Registry: all.Registry()}, nil).Infos(ctx, m)
	plan, err := pengine.Schedule(pengine.Input{Model: m, Agents: infos})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "plan:")
	var b strings.Builder
	for _, a := range plan.Ordered() {
		fmt.Fprintf(&b, "  fence %s %s: %s\n", a.Target, a.Action, a.Reason)
		writeStepText(&b, a)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func readDemoCIB(path string) (*cib.Document, []byte, error) {
	doc, err := cibstore.File{Path: path}.Read(context.Background())
	return doc, nil, err
}

func printDemoOutcome(w io.Writer, c *demoCluster, h *fencer.History, start time.Time) {
	fmt.Fprintln(w, "power changes the BMCs carried out:")
	for _, name := range demoBMCs {
		b := c.bmcs[name]
		var ev []string
		for _, e := range b.Events() {
			ev = append(ev, fmt.Sprintf("%s at +%.3fs", map[bool]string{true: "on", false: "off"}[e.on], e.at.Sub(start).Seconds()))
		}
		switch {
		case b.stopped:
			fmt.Fprintf(w, "  %-6s (dead: not answering)\n", name)
		case len(ev) > 0:
			fmt.Fprintf(w, "  %-6s %s\n", name, strings.Join(ev, ", "))
		}
	}
	if r, ok := h.LastDone("node3"); ok && r.Final != nil {
		fmt.Fprintf(w, "history: node3 %s %s by %s (%s)", r.Action, r.State, r.Final.Delegate, r.Final.By)
		for _, a := range r.Attempts {
			fmt.Fprintf(w, "; level %d %s %s: %s (result %d)", a.Level, a.Device, a.Action, a.Outcome, a.Outcome.Code())
		}
		fmt.Fprintln(w)
	}
}

// timeline collects the daemon's events with their time since start.
type timeline struct {
	start time.Time
	mu    sync.Mutex
	lines []string
}

func (t *timeline) add(e controller.Event) {
	line := describeEvent(e)
	if line == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, fmt.Sprintf("  +%6.3fs  %s", e.Time.Sub(t.start).Seconds(), line))
}

func (t *timeline) print(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, l := range t.lines {
		fmt.Fprintln(w, l)
	}
}
