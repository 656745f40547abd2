// Command passpersist is the pass_persist program snmpd runs to serve an
// emulated power switch (see package pdusim): passpersist STATEFILE.
package main

import (
	"fmt"
	"os"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: passpersist STATEFILE")
		os.Exit(64)
	}
	if err := pdusim.Serve(os.Stdin, os.Stdout, os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "passpersist:", err)
		os.Exit(1)
	}
}
