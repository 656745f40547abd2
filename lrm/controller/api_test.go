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

	"github.com/executioner-ha/executioner/lrm/fencer"
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
	d := startDaemon(t, path, nil)
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
	if rep.Error != ErrNotAllowed.Error() || rep.Code != "not-allowed" || rep.Status != nil {
		t.Fatalf("reply to another user: %+v", rep)
	}
	if rep, err := Call(context.Background(), d.socket, APIRequest{Op: OpStatus}); err != nil || rep.Status == nil {
		t.Fatalf("root's own call: %+v %v", rep, err)
	}
}

// TestAPIBadRequests: unknown operations, missing targets, unknown
// actions and unknown nodes get an error reply that errors.Is matches
// with the package's sentinel across the socket, and nothing is recorded.
func TestAPIBadRequests(t *testing.T) {
	dir := t.TempDir()
	path := writeCIB(t, dir, "", "", "", healthy)
	d := startDaemon(t, path, nil)
	d.await(func(ev []Event) bool { return countKind(ev, EventPlan) > 0 })
	for _, c := range []struct {
		req  APIRequest
		want error
	}{
		{APIRequest{Op: "reboot-all"}, ErrUnknownOp},
		{APIRequest{Op: OpFence}, ErrBadRequest},
		{APIRequest{Op: OpFence, Target: "nodeX"}, ErrNoSuchNode},
		{APIRequest{Op: OpFence, Target: "node2", Action: "cycle"}, ErrBadAction},
		{APIRequest{Op: OpConfirm, Target: "nodeX"}, ErrNoSuchNode},
	} {
		rep, err := Call(context.Background(), d.socket, c.req)
		if !errors.Is(err, c.want) || rep == nil || rep.Error == "" {
			t.Errorf("%+v: reply %+v, error %v; want %v", c.req, rep, err, c.want)
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

// TestFenceMergesWithPlan: asking to fence a node the plan is fencing
// gives the running request's outcome instead of a second request.
func TestFenceMergesWithPlan(t *testing.T) {
	dir := t.TempDir()
	dev := `<primitive id="d" class="stonith" type="fence_exec_dummy"><instance_attributes id="d-ia">
<nvpair id="d1" name="mode" value="pass"/><nvpair id="d2" name="delay" value="0"/><nvpair id="d3" name="pcmk_host_list" value="node3"/>
<nvpair id="d4" name="pcmk_delay_base" value="2"/></instance_attributes></primitive>`
	path := writeCIB(t, dir, dev, "", "", "")
	d := startDaemon(t, path, nil)
	d.await(func(ev []Event) bool { // the planned request waits its 2 s delay
		for _, e := range ev {
			if e.Fence != nil && e.Fence.Kind == fencer.EventDelay {
				return true
			}
		}
		return false
	})
	planned := d.hist.Pending()
	if len(planned) != 1 {
		t.Fatalf("pending %+v, want the planned request", planned)
	}
	rep, err := Call(context.Background(), d.socket, APIRequest{Op: OpFence, Target: "node3", Action: "reboot"})
	if err != nil || rep.Request.ID != planned[0].ID || rep.Request.State != fencer.StateDone {
		t.Fatalf("reply %+v %v: want the planned request %s, done", rep.Request, err, planned[0].ID)
	}
	if n := len(d.hist.Last(0)); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}
