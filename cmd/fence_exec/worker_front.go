//go:build agentfront

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// worker finds the worker, workerName (the binary with the device code of
// this build's agents, which the front end links without): next to the
// front end (a build directory), or in ../lib/executioner (the installed
// layout: /usr/sbin and /usr/lib/executioner).
func worker(self string) (string, error) {
	dir := filepath.Dir(self)
	for _, p := range []string{filepath.Join(dir, workerName), filepath.Join(dir, "..", "lib", "executioner", workerName)} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("the agent worker %s is not installed next to %s or in %s", workerName, self, filepath.Join(dir, "..", "lib", "executioner"))
}
