// Command calllog is a fence agent wrapper for tests: installed under a
// fence agent's name, it appends one line per call to $CALLLOG (the agent's
// name, then its standard input's key=value pairs, sorted, on one line)
// and runs the real agent $FENCE_EXEC_REAL under the same name with the
// same input, exiting with its status.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

func main() {
	in, _ := io.ReadAll(os.Stdin)
	name := filepath.Base(os.Args[0])
	var kv []string
	for _, line := range strings.Split(string(in), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			kv = append(kv, line)
		}
	}
	sort.Strings(kv)
	if f, err := os.OpenFile(os.Getenv("CALLLOG"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		// one write per line, so concurrent calls interleave whole lines
		_, _ = f.WriteString(name + "\t" + strings.Join(kv, "\t") + "\n")
		_ = f.Close()
	}
	cmd := exec.Command(os.Getenv("FENCE_EXEC_REAL"))
	cmd.Args = []string{name}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), os.Stdout, os.Stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Exited() {
			os.Exit(ws.ExitStatus())
		}
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "calllog:", err)
		os.Exit(1)
	}
}
