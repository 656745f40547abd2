package peertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// InCI reports whether missing peers must fail the tests (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// SkipOrFail skips the test on a developer machine and fails it under CI,
// where every peer and fixture must be present.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// Need skips (or, under CI=true, fails) the test unless ok; what names the
// missing peer or condition.
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if !ok {
		SkipOrFail(t, "peer missing: %s", what)
	}
}

// sbinDirs are searched after $PATH: Pacemaker's daemons and tools live
// there and a test's $PATH may lack them.
var sbinDirs = []string{"/usr/sbin", "/usr/bin", "/sbin", "/usr/lib/pacemaker", "/usr/libexec/pacemaker"}

// Lookup returns the path of an installed program, or "".
func Lookup(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range sbinDirs {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// Has reports whether a program is installed.
func Has(name string) bool { return Lookup(name) != "" }

// Program returns the path of an installed program, skipping (failing
// under CI=true) when it is missing.
func Program(t testing.TB, name string) string {
	t.Helper()
	p := Lookup(name)
	if p == "" {
		SkipOrFail(t, "peer %s not installed", name)
	}
	return p
}

// Root skips (fails under CI=true) unless the test runs as root.
func Root(t testing.TB) {
	t.Helper()
	Need(t, os.Geteuid() == 0, "root")
}

// Writable skips (fails under CI=true) unless dir is writable: some peers
// keep their FIFOs and locks in fixed places.
func Writable(t testing.TB, dir string) {
	t.Helper()
	Need(t, unix.Access(dir, unix.W_OK) == nil, dir+" writable (run as root)")
}

// RepoRoot is the directory holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("peertest: cannot locate its own source")
	}
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("peertest: go.mod not found above " + file)
		}
	}
}

// SharedDir is the shared folder beside the repository ($SHARED when set,
// relative to the repository root unless absolute), or "" when absent.
func SharedDir(t testing.TB) string {
	t.Helper()
	root := RepoRoot(t)
	dir := filepath.Join(filepath.Dir(root), "shared")
	if env := os.Getenv("SHARED"); env != "" {
		dir = env
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// Shared returns the path of rel under the shared folder, skipping (failing
// under CI=true) when it is not there.
func Shared(t testing.TB, rel ...string) string {
	t.Helper()
	dir := SharedDir(t)
	if dir == "" {
		SkipOrFail(t, "the shared folder is missing (set SHARED)")
	}
	p := filepath.Join(append([]string{dir}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		SkipOrFail(t, "shared file missing: %v", err)
	}
	return p
}

// SchedulerCases returns the input CIBs of Pacemaker's scheduler regression
// cases in the shared folder (conformance/scheduler/cases/*.xml), sorted,
// skipping (failing under CI=true) when there are none.
func SchedulerCases(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Shared(t, "conformance", "scheduler", "cases"), "*.xml"))
	if len(files) == 0 {
		SkipOrFail(t, "no scheduler cases in the shared folder")
	}
	return files
}
