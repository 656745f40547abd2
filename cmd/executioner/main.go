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
