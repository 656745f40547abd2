// Command executioner is the fencing toolkit's command line: CIB tools, the
// fencing plan, the crm-shell language, the agents' stonith(8) front end and
// the fencing daemon with its clients.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if len(os.Args) > 1 && os.Args[1] == "stonith" {
		// Scripts run stonith(8) in loops: its start-up skips building
		// the command tree (the stonith command parses its own flags).
		code := runStonith(ctx, os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	err := newRootCmd().ExecuteContext(ctx)
	stop()
	os.Exit(exitCode(err))
}

// exitCode prints err (when it has something to say) and maps it to the
// process exit status.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(os.Stderr, "executioner: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(os.Stderr, "executioner: %v\n", err)
	return exitUsage
}
