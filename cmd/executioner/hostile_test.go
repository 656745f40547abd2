package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// cibReaders are the command lines that read the CIB file {cib}; {dir} is
// a scratch directory and {crm} a valid crm text file.
var cibReaders = [][]string{
	{"plan", "{cib}"},
	{"plan", "--format", "fences", "{cib}"},
	{"verify", "{cib}"},
	{"cib", "query", "--cib", "{cib}"},
	{"cib", "query", "--cib", "{cib}", "-o", "nodes"},
	{"cib", "create", "--cib", "{cib}", "-o", "resources", "-X", `<primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/>`},
	{"cib", "modify", "--cib", "{cib}", "-X", `<node id="1" uname="node1" type="member"/>`},
	{"cib", "replace", "--cib", "{cib}", "-o", "nodes", "-X", `<nodes/>`},
	{"cib", "delete", "--cib", "{cib}", "-X", `<node id="1"/>`},
	{"cib", "delete-all", "--cib", "{cib}", "--xpath", "//node", "--force"},
	{"cib", "bump", "--cib", "{cib}"},
	{"configure", "--cib", "{cib}", "show"},
	{"configure", "--cib", "{cib}", "show", "xml"},
	{"configure", "--cib", "{cib}", "load", "update", "{crm}"},
	{"configure", "--cib", "{cib}", "delete", "node1"},
	{"configure", "--cib", "{cib}", "verify"},
	{"configure", "--cib", "{cib}", "save", "{dir}/saved.crm"},
	{"run", "--cib", "{cib}", "--node", "node1", "--socket", "{dir}/sock", "--history", "{dir}/history"},
}

// inputReaders are the edits that read their XML from the file {in}.
var inputReaders = [][]string{
	{"cib", "create", "--cib", "{cib}", "-o", "nodes", "-x", "{in}"},
	{"cib", "modify", "--cib", "{cib}", "-x", "{in}"},
	{"cib", "replace", "--cib", "{cib}", "-x", "{in}"},
	{"cib", "delete", "--cib", "{cib}", "-x", "{in}"},
}

func expand(args []string, vars map[string]string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		for k, v := range vars {
			a = strings.ReplaceAll(a, "{"+k+"}", v)
		}
		out[i] = a
	}
	return out
}

// dirState is the names and contents of the files in dir (the type of
// those that are not regular files, which are not opened), but the lock
// files writers create beside a CIB on first use.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".lock") {
			continue
		}
		if !e.Type().IsRegular() {
			m[e.Name()] = e.Type().String()
			continue
		}
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(data)
	}
	return m
}

// refusedCleanly runs args and checks the command exits with want, says
// why on one line naming the line of the input (when line > 0), and
// leaves the directory exactly as it was.
func refusedCleanly(t *testing.T, dir string, want, line int, stdin []byte, args ...string) {
	t.Helper()
	before := dirState(t, dir)
	code, stdout, stderr := runWithInput(t, bytes.NewReader(stdin), args...)
	msg := strings.TrimSpace(stderr + stdout)
	if code != want {
		t.Errorf("%v: exit %d, want %d (%s)", args, code, want, msg)
	}
	if strings.Count(msg, "\n") != 0 || msg == "" {
		t.Errorf("%v: want a one-line error, got %q", args, msg)
	}
	if line > 0 && !strings.Contains(msg, "line "+strconv.Itoa(line)+":") {
		t.Errorf("%v: %q does not name line %d", args, msg, line)
	}
	if after := dirState(t, dir); !mapsEqual(before, after) {
		t.Errorf("%v changed the directory", args)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestHostileCIBEveryCommand: every file of testdata/hostile is refused by
// every command that reads a CIB, and as edit input by every edit, with
// exit 78 and one line naming its line, and nothing is written.
func TestHostileCIBEveryCommand(t *testing.T) {
	good := cib.Empty("").Bytes()
	for _, in := range peertest.HostileInputs(t) {
		t.Run(in.Name, func(t *testing.T) {
			data, err := os.ReadFile(in.Path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			vars := map[string]string{"cib": filepath.Join(dir, "cib.xml"), "dir": dir,
				"crm": filepath.Join(dir, "in.crm"), "in": filepath.Join(dir, "in.xml")}
			write := func(name string, data []byte) {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			write("cib.xml", data)
			write("in.crm", []byte("primitive p ocf:heartbeat:Dummy\n"))
			for _, args := range cibReaders {
				refusedCleanly(t, dir, exitConfig, in.Line, nil, expand(args, vars)...)
			}
			refusedCleanly(t, dir, exitConfig, in.Line, data, "verify", "-")
			if !in.XMLLevel {
				return
			}
			write("cib.xml", good)
			write("in.xml", data)
			for _, args := range inputReaders {
				refusedCleanly(t, dir, exitConfig, in.Line, nil, expand(args, vars)...)
			}
			refusedCleanly(t, dir, exitConfig, in.Line, data, "cib", "modify", "--cib", vars["cib"])
		})
	}
}
