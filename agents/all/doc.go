// Package all builds the registry of every executioner fence agent. Add a
// new agent here with one line in Registry, then record its metadata golden
// with "go test ./agents/all -update" and review testdata/.
package all
