package peertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// IPMISim is OpenIPMI's ipmi_sim, a real BMC on 127.0.0.1:Port, started by
// ../shared/peers/ipmisim/start. Its chassis power state is Dir/power and
// every change is appended to Dir/events.
type IPMISim struct {
	Dir, Port, User, Pass string
	script                string
}

// StartIPMISim starts a powered-on simulated BMC on a free port with one
// administrator account, and stops it when the test ends. It skips (fails
// under CI=true) without ipmi_sim or the shared start script.
func StartIPMISim(t testing.TB, user, pass string) *IPMISim {
	t.Helper()
	Program(t, "ipmi_sim")
	script := Shared(t, "peers", "ipmisim")
	s := &IPMISim{Dir: t.TempDir(), Port: FreeUDPPort(t), User: user, Pass: pass, script: script}
	out, err := exec.Command(filepath.Join(script, "start"), s.Dir, s.Port, user, pass).CombinedOutput()
	if err != nil {
		t.Fatalf("ipmisim/start: %v\n%s", err, out)
	}
	t.Cleanup(s.Stop)
	return s
}

// Stop kills the simulator: the BMC is dead from then on.
func (s *IPMISim) Stop() { _ = exec.Command(filepath.Join(s.script, "stop"), s.Dir).Run() }

// On reads the chassis power state.
func (s *IPMISim) On() (bool, error) {
	b, err := os.ReadFile(filepath.Join(s.Dir, "power"))
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(string(b)) == "1", nil
}

// Events returns the power changes logged so far, in order: "0" for off,
// "1" for on. An IPMI request the client sent twice (its answer came late)
// is carried out, and logged, twice.
func (s *IPMISim) Events(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, "events"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var ev []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[1] == "power" {
			ev = append(ev, f[2])
		}
	}
	return ev
}

// SetPower sets the chassis power state from the simulator's side and
// forgets the events so far (neither is logged as a power change).
func (s *IPMISim) SetPower(t testing.TB, on bool) {
	t.Helper()
	state := "0\n"
	if on {
		state = "1\n"
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "power"), []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "events"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Signal sends sig to the simulator process (SIGSTOP makes a hung BMC).
func (s *IPMISim) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatal(err)
	}
}
