// Command fence_exec is the multi-call fence agent binary. Installed as
// fence_exec_<device> links (fence_exec_ipmi, fence_exec_dummy_no_reboot,
// ...), it runs the agent its name selects, speaking the fence-agents
// protocol that Pacemaker's fencer uses: parameters on stdin (or as
// options), results on stdout, diagnostics on stderr, exit 0 for success,
// 1 for failure and 2 for status off. Run as fence_exec it lists the
// agents it holds.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/ocf"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, filepath.Base(os.Args[0]), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches on name and returns the exit code.
func run(ctx context.Context, name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	reg := all.Registry()
	a, _, ok := reg.Lookup(name)
	if !ok {
		if name == "fence_exec" {
			for _, n := range reg.Names() {
				fmt.Fprintln(stdout, n)
			}
			return ocf.ExitOK
		}
		fmt.Fprintf(stderr, "%s: no such agent (known: %v)\n", name, reg.Devices())
		return ocf.ExitFailure
	}
	host, err := os.Hostname()
	if err != nil {
		fmt.Fprintf(stderr, "%s: local host name: %v\n", name, err)
		return ocf.ExitFailure
	}
	err = agents.Execute(ctx, a, agents.Invocation{
		Name: name, Args: args, Stdin: stdin, Stdout: stdout, Stderr: stderr, Hostname: host,
	})
	return ocf.CodeOf(err)
}
