//go:build agentfront

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// WorkerName is the installed name of the full agent binary that the front
// end (this build, which links no device library of the agents built for
// it) starts for every supervised run.
const WorkerName = "executioner-agent"

// worker finds the worker: next to the front end (a build directory), or
// in ../lib/executioner (the installed layout: /usr/sbin and
// /usr/lib/executioner).
func worker(self string) (string, error) {
	dir := filepath.Dir(self)
	for _, p := range []string{filepath.Join(dir, WorkerName), filepath.Join(dir, "..", "lib", "executioner", WorkerName)} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("the agent worker %s is not installed next to %s or in %s", WorkerName, self, filepath.Join(dir, "..", "lib", "executioner"))
}
