package peertest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// FencerDaemon is where Debian installs Pacemaker's fencer.
const FencerDaemon = "/usr/lib/pacemaker/pacemaker-fenced"

// LockFencer takes the machine-wide Fencer lock for the rest of the test
// and then requires that no pacemaker-fenced runs in this pid namespace
// (one in another namespace, a cluster node's, is no conflict). Pacemaker's
// stand-alone fencer and ../shared/conformance/fencer/run need both, and
// root.
func LockFencer(t testing.TB) {
	t.Helper()
	Root(t)
	Need(t, Has(FencerDaemon) && Has("stonith_admin"), "pacemaker-fenced and stonith_admin")
	Lock(t, FencerLock)
	if pids := fencersHere(); len(pids) > 0 {
		SkipOrFail(t, "a pacemaker-fenced already runs in this pid namespace (pids %v)", pids)
	}
}

// fencersHere lists the pacemaker-fenced processes in this pid namespace.
func fencersHere() []int {
	self, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return nil
	}
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil || strings.TrimSpace(string(comm)) != "pacemaker-fenc" && strings.TrimSpace(string(comm)) != "pacemaker-fenced" {
			continue
		}
		if ns, err := os.Readlink(filepath.Join("/proc", e.Name(), "ns", "pid")); err == nil && ns == self {
			pids = append(pids, pid)
		}
	}
	return pids
}

// GoBuild builds the main package pkg (a path relative to the repository
// root, such as "./cmd/fence_exec") into out with the build tags given,
// static and stripped as the Makefile builds it.
func GoBuild(t testing.TB, pkg, out string, tags ...string) {
	t.Helper()
	gobin := Program(t, "go")
	cmd := exec.Command(gobin, "build", "-trimpath", "-ldflags=-s -w", "-tags="+strings.Join(tags, ","), "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Dir = RepoRoot(t)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
}

// AgentWorker is the name of the full agent binary next to the front end
// (cmd/fence_exec built with the tag agentfront), as make build lays them
// out.
const AgentWorker = "executioner-agent"

// BuildAgents builds the agent binary as make build does, into dir: the
// front end dir/fence_exec and its worker dir/executioner-agent. It returns
// the front end's path.
func BuildAgents(t testing.TB, dir string) string {
	t.Helper()
	front := filepath.Join(dir, "fence_exec")
	GoBuild(t, "./cmd/fence_exec", front, "agentfront")
	GoBuild(t, "./cmd/fence_exec", filepath.Join(dir, AgentWorker))
	return front
}

// Fencer is Pacemaker's fencer running stand-alone (-s), driven through
// stonith_admin.
type Fencer struct {
	// Log is the fencer's log file.
	Log string
}

// StartFencer links each agent name in /usr/sbin (where the fencer runs
// agents from) to bin, starts the stand-alone fencer with env added to its
// environment (its agents inherit it), and undoes both when the test ends.
// It takes LockFencer first. An existing /usr/sbin file that is not a link
// is never replaced.
func StartFencer(t testing.TB, bin string, agents []string, env ...string) *Fencer {
	t.Helper()
	LockFencer(t)
	for _, a := range agents {
		link := filepath.Join("/usr/sbin", a)
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s exists and is not a link; not replacing it", link)
		}
		_ = os.Remove(link)
		if err := os.Symlink(bin, link); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Remove(link) })
	}
	_ = os.MkdirAll("/var/lib/pacemaker/cores", 0o750)
	work := t.TempDir()
	f := &Fencer{Log: filepath.Join(work, "fenced.log")}
	cmd := exec.Command(FencerDaemon, "-s")
	cmd.Env = append(append(os.Environ(), "PCMK_logfacility=none", "PCMK_logfile="+f.Log), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	})
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, _ := os.ReadFile(f.Log); bytes.Contains(b, []byte("successfully started")) {
			return f
		}
		select {
		case err := <-exited:
			exited <- err
			b, _ := os.ReadFile(f.Log)
			t.Fatalf("the fencer exited before it started: %v\n%s", err, b)
		case <-tick.C:
		}
	}
}

// Admin runs stonith_admin and returns its exit code and combined output.
func (f *Fencer) Admin(t testing.TB, args ...string) (int, string) {
	t.Helper()
	return Output(t, exec.Command("stonith_admin", args...))
}

// Output runs cmd and returns its exit code and combined output; a command
// that cannot be run fails the test.
func Output(t testing.TB, cmd *exec.Cmd) (int, string) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// Register adds a device (params as name=value) and fails the test when the
// fencer refuses it.
func (f *Fencer) Register(t testing.TB, id, agent string, params ...string) {
	t.Helper()
	args := []string{"-R", id, "-a", agent}
	for _, p := range params {
		args = append(args, "-o", p)
	}
	if code, out := f.Admin(t, args...); code != 0 {
		t.Fatalf("registering %s: exit %d\n%s", id, code, out)
	}
}

// BuildAgent builds cmd/fence_exec into a new directory and returns the
// path of its link fence_exec_DEVICE, to run the agent as Pacemaker does.
func BuildAgent(t testing.TB, device string) string {
	t.Helper()
	dir := t.TempDir()
	GoBuild(t, "./cmd/fence_exec", filepath.Join(dir, "fence_exec"))
	link := filepath.Join(dir, "fence_exec_"+device)
	if err := os.Symlink("fence_exec", link); err != nil {
		t.Fatal(err)
	}
	return link
}
