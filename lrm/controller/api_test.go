package controller

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// callerEnv makes the test binary one API call (see TestAPIRefusesOthers).
const callerEnv = "EXECUTIONER_TEST_API_CALL"

// apiCaller sends a status request to the socket and prints the reply's
// error; run as another user by TestAPIRefusesOthers.
func apiCaller(socket string) int {
	rep, err := Call(context.Background(), socket, APIRequest{Op: OpStatus})
	if rep == nil {
		os.Stdout.WriteString("no reply: " + err.Error())
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(rep)
	return 0
}

// TestAPIRefusesOthers: a process of another user that reaches the socket
// (made world-writable here) gets a refusal naming the reason, checked
// from the peer's credentials, and no data.
func TestAPIRefusesOthers(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a caller as another user")
	}
	dir, err := os.MkdirTemp("", "executioner-api-") // reachable by the other user
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "caller")
	if err := copyFile(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	path := writeCIB(t, dir, "", "", "", healthy)
	d := startDaemon(t, path, time.Second)
	if err := os.Chmod(d.socket, 0o666); err != nil {
		t.Fatal(err)
	}
	caller := exec.Command(bin, "-test.run=^$")
	caller.Env = append(os.Environ(), callerEnv+"="+d.socket)
	caller.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := caller.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			out = append(out, ee.Stderr...)
		}
		t.Fatalf("caller: %v\n%s", err, out)
	}
	var rep APIReply
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("caller's output %q: %v", out, err)
	}
	if rep.Error != ErrNotAllowed.Error() || rep.Status != nil {
		t.Fatalf("reply to another user: %+v", rep)
	}
	if rep, err := Call(context.Background(), d.socket, APIRequest{Op: OpStatus}); err != nil || rep.Status == nil {
		t.Fatalf("root's own call: %+v %v", rep, err)
	}
}

// TestAPIBadRequests: unknown operations, missing targets and unknown
// nodes get an error reply, and nothing is recorded.
func TestAPIBadRequests(t *testing.T) {
	dir := t.TempDir()
	path := writeCIB(t, dir, "", "", "", healthy)
	d := startDaemon(t, path, time.Second)
	waitFor(t, 5*time.Second, "a plan", func() bool { return len(d.eventsOf(EventPlan)) > 0 })
	for _, req := range []APIRequest{{Op: "reboot-all"}, {Op: OpFence}, {Op: OpFence, Target: "nodeX"},
		{Op: OpFence, Target: "node2", Action: "cycle"}, {Op: OpConfirm, Target: "nodeX"}} {
		if rep, err := Call(context.Background(), d.socket, req); err == nil || rep == nil || rep.Error == "" {
			t.Errorf("%+v: reply %+v, error %v; want an error reply", req, rep, err)
		}
	}
	if rs := d.hist.Last(0); len(rs) != 0 {
		t.Fatalf("bad requests were recorded: %+v", rs)
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o755)
}
