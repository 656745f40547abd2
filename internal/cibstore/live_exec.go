package cibstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// maxStderr bounds what is kept of a tool's standard error.
const maxStderr = 4 << 10

// tool is one run of a Pacemaker tool: its name and arguments, what it
// reads on standard input, and what it reads on descriptor 3 (crm_diff's
// --original /dev/fd/3), so no document is written to a file or put on a
// command line.
type tool struct {
	name  string
	args  []string
	stdin []byte
	fd3   []byte
}

// result is how a tool ended: err when it could not run or was stopped by
// ctx, else its exit code and output.
type result struct {
	cmd    string
	code   int
	out    []byte
	stderr []byte
	err    error
}

// message is the first line of the tool's standard error.
func (r result) message() string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(r.stderr)), "\n")
	if line == "" {
		return "no message"
	}
	return line
}

// run runs t (under l.Wrap) without CIB_file in its environment, so
// Pacemaker's tools talk to the CIB manager and not to a file.
func (l Live) run(ctx context.Context, t tool) result {
	argv := append(append(append([]string(nil), l.Wrap...), t.name), t.args...)
	r := result{cmd: t.name + " " + strings.Join(t.args, " ")}
	if len(l.Wrap) == 0 {
		if _, err := exec.LookPath(t.name); err != nil {
			r.err = fmt.Errorf("%w (%s is not installed)", ErrNoCluster, t.name)
			return r
		}
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = withoutCIBFile(os.Environ())
	cmd.Stdin = bytes.NewReader(t.stdin)
	var out bytes.Buffer
	errOut := &capped{max: maxStderr}
	cmd.Stdout, cmd.Stderr = &out, errOut
	if t.fd3 != nil {
		pr, pw, err := os.Pipe()
		if err != nil {
			r.err = err
			return r
		}
		cmd.ExtraFiles = []*os.File{pr}
		defer pr.Close()
		go func() {
			_, _ = pw.Write(t.fd3)
			pw.Close()
		}()
	}
	err := cmd.Run()
	r.out, r.stderr = out.Bytes(), errOut.buf.Bytes()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.err = fmt.Errorf("%s: %w", r.cmd, ctx.Err())
	case errors.As(err, &ee) && ee.Exited():
		r.code = ee.ExitCode()
	case err != nil:
		r.err = fmt.Errorf("%s: %w", r.cmd, err)
	}
	return r
}

// withoutCIBFile is env less CIB_file.
func withoutCIBFile(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "CIB_file=") {
			out = append(out, kv)
		}
	}
	return out
}

// capped keeps the first max bytes written to it and discards the rest.
type capped struct {
	buf bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
