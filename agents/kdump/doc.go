// Package kdump is a fence agent for nodes that crash into the kdump crash
// kernel, a drop-in for fence-agents' fence_kdump.
package kdump
