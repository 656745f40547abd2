package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/executioner-ha/executioner/lrm/group"
)

// writeCluster prints what a daemon with membership from corosync knows
// of its cluster: members, quorum, coordinator and configuration
// mismatches.
func writeCluster(w io.Writer, s *group.Status) {
	if s == nil {
		return
	}
	var names []string
	for _, p := range s.Members {
		names = append(names, fmt.Sprintf("%s (%d)", p.Name, p.Node))
	}
	quorum := "without quorum"
	if s.Quorate {
		quorum = "with quorum"
	}
	fmt.Fprintf(w, "cluster: %d of %d expected nodes in this partition, %s; daemons: %s\n",
		len(s.Quorum), s.Expected, quorum, strings.Join(names, ", "))
	switch {
	case !s.Settled:
		fmt.Fprintln(w, "coordinator: none yet (the daemons are exchanging their state)")
	case !s.Ready:
		fmt.Fprintln(w, "coordinator: none yet (waiting dc-deadtime for the nodes starting with this one)")
	case s.Coordinator == s.Local:
		fmt.Fprintf(w, "coordinator: this node (%d)\n", s.Coordinator)
	default:
		fmt.Fprintf(w, "coordinator: node %d\n", s.Coordinator)
	}
	fmt.Fprintf(w, "configuration: %s\n", s.Winner)
	for _, id := range s.Pending {
		fmt.Fprintf(w, "node %d: pending, a member without its daemon that never joined or shut down in order: not fenced\n", id)
	}
	for _, id := range s.Gone {
		fmt.Fprintf(w, "node %d: a member whose daemon left without shutting down: its controller is gone, it is fenced\n", id)
	}
	for _, p := range s.Mismatch {
		fmt.Fprintf(w, "configuration mismatch: %s runs %s, not the cluster's %s (the highest version wins)\n",
			p.Name, p.Config, s.Winner)
	}
}
