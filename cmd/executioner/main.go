// Command executioner is the fencing toolkit's command line: CIB tools, the
// fencing plan, the crm-shell language, the agents' stonith(8) front end and
// the fencing daemon with its clients.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// main runs the command with a context that SIGINT and SIGTERM cancel. A
// command that then fails (it was interrupted: nothing it would have
// written is half written) exits 130 or 143; one that finished all the
// same (the daemon's orderly stop) exits with its own status.
func main() {
	ctx, stop := signalContext(context.Background())
	var code int
	if len(os.Args) > 1 && os.Args[1] == "stonith" {
		// Scripts run stonith(8) in loops: its start-up skips building
		// the command tree (the stonith command parses its own flags).
		code = runStonith(ctx, os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
	} else {
		code = exitCode(newRootCmd().ExecuteContext(ctx))
	}
	if sig, ok := signalExit(ctx); ok && code != exitOK {
		code = sig
	}
	stop()
	os.Exit(code)
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
