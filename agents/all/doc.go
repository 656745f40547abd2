// Package all builds the registry of every executioner fence agent. Add a
// new agent here with one Register line.
package all
