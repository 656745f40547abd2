package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// runChild is the supervised child: it runs the agent and reports, on the
// status pipe, every secret it derives and then its result, which is also
// its exit code.
func runChild(name string, args []string) int {
	os.Unsetenv(childEnv)
	status := os.NewFile(statusFD, "status")
	if status == nil {
		return ocf.ExitFailure
	}
	if _, err := status.Stat(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: supervised run without a status pipe\n", name)
		return ocf.ExitFailure
	}
	var stderr io.Writer = io.Discard
	if f := os.NewFile(stderrFD, "stderr"); f != nil {
		if _, err := f.Stat(); err == nil {
			stderr = f
		}
	}
	a, _, ok := registry().Lookup(name)
	if !ok {
		return ocf.ExitFailure
	}
	host, err := os.Hostname()
	if err != nil {
		fmt.Fprintf(stderr, "Failed: local host name: %v\n", err)
		fmt.Fprintf(status, "exit %d\n", ocf.ExitFailure)
		return ocf.ExitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	err = agents.Execute(ctx, a, agents.Invocation{Name: name, Args: args, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: stderr,
		Hostname: host, OnSecret: func(s ocf.Secret) { fmt.Fprintf(status, "secret %x\n", s.Reveal()) }})
	code := ocf.CodeOf(err)
	fmt.Fprintf(status, "exit %d\n", code)
	return code
}
