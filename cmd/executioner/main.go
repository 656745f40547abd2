// Command executioner is the fencing toolkit's command line: CIB tools, the
// fencing plan, the crm-shell language, the agents' stonith(8) front end and
// the fencing daemon with its clients.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
)

// main runs the command with a context that SIGINT and SIGTERM cancel. A
// command that then fails (it was interrupted: nothing it would have
// written is half written) exits 130 or 143; one that finished all the
// same (the daemon's orderly stop) exits with its own status. The signals
// stay caught until the process exits: releasing them first would cost a
// round trip with the runtime's signal thread per signal, and a signal
// arriving after the command's result would end the process with the
// signal's status instead of the result.
func main() {
	stonith := len(os.Args) > 1 && os.Args[1] == "stonith"
	if stonith {
		oneProc()
	}
	ctx := signalContext(context.Background())
	var code int
	if stonith {
		// Scripts run stonith(8) in loops: its start-up skips building
		// the command tree (the stonith command parses its own flags).
		code = runStonith(ctx, os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
	} else {
		code = exitCode(newRootCmd().ExecuteContext(ctx))
	}
	if sig, ok := signalExit(ctx); ok && code != exitOK {
		code = sig
	}
	os.Exit(code)
}

// oneProc runs Go code on one thread at a time, unless GOMAXPROCS says
// otherwise: stonith(8)'s run is sequential (the agents run in this
// process, one request after another), and a second P only hands
// goroutines between threads. With one, "stonith -t null -l" takes a
// third less CPU time and a fifth of the context switches, most of them
// the runtime's signal thread answering signal.Notify.
func oneProc() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
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
