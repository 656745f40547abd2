package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestLiveConfigureLoadRefusesConcurrentEdit runs "configure load update"
// with no file inside a node of a real cluster, so it works on the live
// CIB, while another client changes the CIB between its read and its
// write (a crm_diff first on PATH that runs cibadmin --modify, then the
// real crm_diff): the load is refused with exit 103 and the other change
// is kept. Without the concurrent edit the same load is applied.
func TestLiveConfigureLoadRefusesConcurrentEdit(t *testing.T) {
	c := peertest.StartCluster(t, 1)
	realDiff := peertest.Program(t, "crm_diff")
	dir := t.TempDir()
	racer := filepath.Join(dir, "racer")
	if err := os.MkdirAll(racer, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\ncibadmin --modify --scope crm_config --xml-text " +
		`'<cluster_property_set id="cib-bootstrap-options"><nvpair id="racer" name="racer" value="1"/></cluster_property_set>'` +
		" || exit 99\nexec " + realDiff + ` "$@"` + "\n"
	if err := os.WriteFile(filepath.Join(racer, "crm_diff"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	crm := filepath.Join(dir, "load.crm")
	if err := os.WriteFile(crm, []byte("property loaded=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	self := func(path string, args ...string) (int, string) {
		env := []string{"env", "-u", "CIB_file", "EXECUTIONER_TEST_MAIN=1", "GORACE=atexit_sleep_ms=0", "PATH=" + path}
		return c.Run(t, "node1", append(append(env, os.Args[0]), args...)...)
	}
	path := os.Getenv("PATH") + ":/usr/sbin:/usr/bin:/sbin:/bin"
	code, out := self(racer+":"+path, "configure", "load", "update", crm)
	if code != exitOld {
		t.Fatalf("load update over a concurrent edit: exit %d, want %d\n%s", code, exitOld, out)
	}
	code, shown := self(path, "cib", "query", "--scope", "crm_config")
	if code != 0 || !strings.Contains(shown, `name="racer"`) || strings.Contains(shown, `name="loaded"`) {
		t.Fatalf("after the refused load (exit %d), want the concurrent edit kept and the load absent:\n%s", code, shown)
	}
	if code, out := self(path, "configure", "load", "update", crm); code != 0 {
		t.Fatalf("load update: exit %d\n%s", code, out)
	}
	code, shown = self(path, "configure", "show")
	if code != 0 || !strings.Contains(shown, "loaded=1") || !strings.Contains(shown, "racer=1") {
		t.Fatalf("configure show on the live CIB (exit %d): want both properties\n%s", code, shown)
	}
}
