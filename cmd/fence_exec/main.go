// Command fence_exec is the multi-call fence agent binary. Installed as
// fence_exec_<device> links (fence_exec_ipmi, fence_exec_dummy_no_reboot,
// ...), it runs the agent its name selects, speaking the fence-agents
// protocol that Pacemaker's fencer uses: parameters on stdin (or as
// options), results on stdout, diagnostics on stderr, exit 0 for success,
// 1 for failure and 2 for status off. Run as fence_exec it lists the
// agents it holds.
//
// The process Pacemaker starts is a supervisor. It answers help, version,
// metadata, manpage, refused parameters and (for agents that validate
// their parameters themselves) validate-all on its own; every run that
// reaches the agent's device code runs in a child process of the same
// binary. Whatever happens to that child (a panic in the agent or in a
// goroutine of a library it uses, a runtime fatal error, a signal), the
// supervisor ends with the child's result only when the child reported one
// and exited with it; otherwise it prints "Failed: internal error: ..."
// with the crash's report (secrets redacted) and exits 1, so that a crash
// is never read as a result (exit 2 is "off" for status). The child's
// stdout is passed on only with a result. SIGTERM, SIGINT and SIGHUP are
// passed to the child, and the child is killed if the supervisor dies.
//
// Built with the tag agentfront, the binary is a front end only: it links
// the agents' metadata and validation but not the device libraries of the
// agents split that way (ipmi's go-ipmi client), so it starts faster, and
// it starts the full binary, installed as executioner-agent (next to it,
// or in ../lib/executioner), for every supervised run. Built without the
// tag it is its own worker.
//
// Built with the tag agent_ipmi, the binary holds the IPMI agent alone and
// is installed as fence_exec_ipmi itself (the agent Pacemaker runs most,
// for status every few seconds on every node): its front end links none
// of the other agents and starts faster, and its worker is
// executioner-agent-ipmi, which links only go-ipmi's client besides.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

func main() {
	oneProc()
	name, args := filepath.Base(os.Args[0]), os.Args[1:]
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild(name, args))
	}
	os.Exit(run("", name, args, os.Stdin, os.Stdout, os.Stderr))
}

// oneProc runs Go code on one thread at a time, unless GOMAXPROCS says
// otherwise. An agent's run is sequential (a request, its reply, the
// next), and on the loaded node a fence is run on, a second P only spins
// looking for work and hands goroutines between threads: with one, a
// status run takes a third less CPU time and half the context switches.
// The supervised child is started with GOMAXPROCS=1 (see supervise).
func oneProc() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}

// self is this program's path, for supervise.
func self() string {
	exe, err := os.Executable()
	if err != nil {
		return "/proc/self/exe"
	}
	return exe
}

// run dispatches on name and returns the exit code: the agent's run in this
// process or, when it reaches the device, in a supervised child running
// exe (this program when exe is ""). What runs here (metadata, help,
// refused parameters, an agent's own validation) touches no device and
// does not block, so a signal ends it as it ends any process.
func run(exe, name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	reg := registry()
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
	var in []byte
	if len(args) == 0 && stdin != nil {
		var err error
		if in, err = io.ReadAll(io.LimitReader(stdin, ocf.MaxInput+1)); err != nil {
			fmt.Fprintf(stderr, "Failed: stdin: %v\n", err)
			return ocf.ExitFailure
		}
	}
	inv := agents.Invocation{Name: name, Args: args, Stdin: bytes.NewReader(in), Stdout: stdout, Stderr: stderr}
	if supervised, p := agents.Supervised(a, inv); supervised {
		if exe == "" {
			exe = self()
		}
		return supervise(exe, a, inv, in, p)
	}
	inv.Stdin = bytes.NewReader(in)
	return ocf.CodeOf(agents.Execute(context.Background(), a, inv))
}
