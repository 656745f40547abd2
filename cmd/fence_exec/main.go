// Command fence_exec is the multi-call fence agent binary. Installed as
// fence_exec_<device> links, it runs the agent its name selects, speaking the
// fence-agents protocol that Pacemaker's fencer uses.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	name := filepath.Base(os.Args[0])
	fmt.Fprintf(os.Stderr, "%s: no such agent\n", name)
	os.Exit(1)
}
