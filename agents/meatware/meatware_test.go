package meatware

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

func TestConformance(t *testing.T) {
	agenttest.Run(t, agenttest.Config{
		Agent:  &Agent{Dir: t.TempDir()},
		Name:   "fence_exec_meatware",
		Params: map[string]string{"hostlist": "node1 node2"},
		Target: "node1",
	})
}

// start runs the agent in the background; the result arrives on the channel.
func start(t *testing.T, a *Agent, stdin string) <-chan agenttest.Result {
	ch := make(chan agenttest.Result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ch <- agenttest.Exec(ctx, a, "fence_exec_meatware", stdin, nil)
	}()
	return ch
}

// confirm retries Confirm until an agent reads host's FIFO.
func confirm(t *testing.T, dir, host string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		err := Confirm(dir, host)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrNoRequest) {
			t.Fatal(err)
		}
	}
	t.Fatalf("no request for %s", host)
}

// exitCode runs cmd and returns its exit status.
func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// TestRealMeatclient: cluster-glue's meatclient confirms (y) or cancels
// (n) our request.
func TestRealMeatclient(t *testing.T) {
	meatclient := peertest.Program(t, "meatclient")
	peertest.Writable(t, Dir)
	host := fmt.Sprintf("mwtest%d", os.Getpid())
	a := New()
	for _, c := range []struct {
		answer string
		client int
		agent  int
	}{{"y\n", 0, 0}, {"n\n", 3, 1}} {
		res := start(t, a, "action=reboot\nhostlist=node1 "+strings.ToUpper(host)+"\nport="+host+"\n")
		cmd := exec.Command(meatclient, "-w", "-c", strings.ToUpper(host))
		cmd.Stdin = strings.NewReader(c.answer)
		if rc := exitCode(t, cmd); rc != c.client {
			t.Errorf("meatclient answering %q: rc %d, want %d", c.answer, rc, c.client)
		}
		r := <-res
		if r.Code != c.agent {
			t.Errorf("agent after meatclient answered %q: %v", c.answer, r)
		}
		if _, err := os.Stat(Dir + "/meatware." + host); !os.IsNotExist(err) {
			t.Errorf("FIFO left behind: %v", err)
		}
	}
}

// TestRealPlugin: our Confirm acknowledges a request of cluster-glue's
// meatware plugin.
func TestRealPlugin(t *testing.T) {
	stonith := peertest.Program(t, "stonith")
	peertest.Writable(t, Dir)
	host := fmt.Sprintf("mwplug%d", os.Getpid())
	cmd := exec.Command(stonith, "-t", "meatware", "hostlist="+host, "-T", "reset", host)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	confirm(t, Dir, host)
	if err := cmd.Wait(); err != nil {
		t.Errorf("stonith -t meatware after our confirmation: %v", err)
	}
}

// TestRefusals: a reply for another host, a malformed one, no operator,
// a host outside hostlist and unsafe names all fail with one line.
func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	a := &Agent{Dir: dir}
	for _, reply := range [][]byte{Reply("node2"), []byte("meatware ack node1"), Reply("node1x")} {
		res := start(t, a, "action=off\nhostlist=node1 node2\nport=node1\n")
		for i := 0; i < 500; i++ {
			if _, err := os.Stat(dir + "/meatware.node1"); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		f, err := os.OpenFile(dir+"/meatware.node1", os.O_WRONLY, 0) // blocks until the agent reads
		if err != nil {
			t.Fatal(err)
		}
		f.Write(reply)
		f.Close()
		if r := <-res; r.Code != 1 || strings.Count(r.Stderr, "Failed:") != 1 {
			t.Errorf("reply %.30q: %v", reply, r)
		}
	}
	r := <-start(t, a, "action=reboot\nhostlist=node1\nport=node1\noperator_timeout=0.3\n")
	if r.Code != 1 || r.Elapsed > 3*time.Second || !strings.Contains(r.Stderr, "no confirmation") {
		t.Errorf("timeout: %v", r)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left in %s: %v", dir, entries)
	}
	for _, in := range []string{"action=reboot\nhostlist=node1\nport=node2\n", "action=reboot\nhostlist=../x\nport=../x\n"} {
		if r := <-start(t, a, in); r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 {
			t.Errorf("%q: %v", in, r)
		}
	}
	if err := Confirm(dir, "node1"); !errors.Is(err, ErrNoRequest) {
		t.Errorf("Confirm without a request: %v", err)
	}
}
