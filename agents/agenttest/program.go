package agenttest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ExecProgram runs an installed agent program (fence-agents' Python agent,
// to compare with) with stdin when args is nil, else with args, and
// returns its result as Exec does. env is added to the environment;
// Python's warnings are silenced. A program that cannot be started gives
// exit code -1 and the reason on Stderr.
func ExecProgram(ctx context.Context, prog, stdin string, args []string, env ...string) Result {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(append(os.Environ(), "PYTHONWARNINGS=ignore"), env...)
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String(), Elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		r.Code, r.Stderr = -1, err.Error()
	}
	return r
}
