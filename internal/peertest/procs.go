package peertest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Procs are processes named by PID and start time, so that a PID the
// kernel reuses is never taken for the process it once named.
type Procs map[int]string

// startTime is field 22 of /proc/PID/stat; false for a process that is
// gone or a zombie.
func startTime(pid int) (string, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return "", false
	}
	return f[19], true
}

// NodeProcs lists every process of a running node: all of its pid
// namespace.
func (c *Cluster) NodeProcs(t testing.TB, node string) Procs {
	t.Helper()
	pid, err := tracked(filepath.Join(c.State, "nodes", node, "init.pid"))
	if err != nil {
		t.Fatalf("cluster: %s is not running: %v", node, err)
	}
	ns, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/ns/pid")
	if err != nil {
		t.Fatal(err)
	}
	ps := Procs{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if l, err := os.Readlink(filepath.Join("/proc", e.Name(), "ns", "pid")); err == nil && l == ns {
			if st, ok := startTime(p); ok {
				ps[p] = st
			}
		}
	}
	return ps
}

// Alive counts the processes of ps that still run.
func (ps Procs) Alive() int {
	n := 0
	for p, st := range ps {
		if now, ok := startTime(p); ok && now == st {
			n++
		}
	}
	return n
}
