//go:build !agentfront

package main

// worker returns the program a supervised run starts: this binary holds
// every agent's device code, so it is its own worker.
func worker(self string) (string, error) { return self, nil }
