package sbd

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// sh runs a command and returns its output, failing the test on error.
func sh(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// msgwait is the msgwait timeout of the test devices, in seconds.
const msgwait = 2

// loopDevice creates a 4 MiB loop device, initialised by the real sbd
// with slots for node1 and node2.
func loopDevice(t *testing.T) string {
	t.Helper()
	peertest.Need(t, os.Geteuid() == 0, "loop devices need root")
	peertest.Need(t, peertest.Has("losetup") && peertest.Has("sbd"), "losetup and sbd must be installed")
	img := filepath.Join(t.TempDir(), "sbd.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, 4<<20); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("losetup", "-f", "--show", img).CombinedOutput()
	peertest.Need(t, err == nil, fmt.Sprintf("losetup: %v %s", err, out))
	dev := strings.TrimSpace(string(out))
	t.Cleanup(func() { exec.Command("losetup", "-d", dev).Run() })
	sh(t, "sbd", "-d", dev, "-1", "1", "-2", "0", "-4", fmt.Sprint(msgwait), "create")
	sh(t, "sbd", "-d", dev, "allocate", "node1")
	sh(t, "sbd", "-d", dev, "allocate", "node2")
	return dev
}

func run(t *testing.T, stdin string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, New(), "fence_exec_sbd", stdin, nil)
}

func TestConformance(t *testing.T) {
	dev := loopDevice(t)
	agenttest.Run(t, agenttest.Config{
		Agent:  New(),
		Name:   "fence_exec_sbd",
		Params: map[string]string{"devices": dev},
		Target: "node1",

		Counterpart: "fence_sbd",
	})
}

// TestSbdReadsOurs: the real sbd lists the messages we write, and its
// dump agrees with our header.
func TestSbdReadsOurs(t *testing.T) {
	dev := loopDevice(t)
	for _, c := range []struct{ action, msg string }{{"reboot", "reset"}, {"off", "off"}, {"on", "clear"}} {
		r := run(t, "action="+c.action+"\nport=node2\ndevices="+dev+"\n")
		if r.Code != 0 {
			t.Fatalf("%s: %v", c.action, r)
		}
		if c.msg != "clear" && r.Elapsed < msgwait*time.Second {
			t.Errorf("%s returned after %v, before msgwait", c.action, r.Elapsed)
		}
		want := "1\tnode2\t" + c.msg + "\t" + agenttest.Hostname + "\n"
		if got := sh(t, "sbd", "-d", dev, "list"); !strings.Contains(got, want) {
			t.Errorf("%s: sbd list says %q, want a line %q", c.action, got, want)
		}
	}
	d, err := Open(dev)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Send("node1", Mailbox{Cmd: Test, From: "tester"}); err != nil {
		t.Fatal(err)
	}
	if got := sh(t, "sbd", "-d", dev, "list"); !strings.Contains(got, "0\tnode1\ttest\ttester\n") {
		t.Errorf("sbd list after a test message: %q", got)
	}
	dump := sh(t, "sbd", "-d", dev, "dump")
	h := d.Header
	for field, v := range map[string]any{"Number of slots": h.Slots, "Sector size": h.SectorSize, "Timeout \\(watchdog\\)": h.Watchdog,
		"Timeout \\(msgwait\\)": h.MsgWait, "Timeout \\(loop\\)": h.Loop, "Header version": fmt.Sprintf("%d.%d", h.Version, h.MinorVersion)} {
		if !regexp.MustCompile(field + `\s*: ` + regexp.QuoteMeta(fmt.Sprint(v)) + "\n").MatchString(dump) {
			t.Errorf("sbd dump disagrees on %s (ours %v):\n%s", field, v, dump)
		}
	}
}

// TestWeReadSbd: what the real sbd writes, our status and list read.
func TestWeReadSbd(t *testing.T) {
	dev := loopDevice(t)
	sh(t, "sbd", "-d", dev, "message", "node2", "off")
	if r := run(t, "action=status\nport=node2\ndevices="+dev+"\n"); r.Code != 2 || r.Stdout != "Status: OFF\n" {
		t.Errorf("status after sbd message off: %v", r)
	}
	sh(t, "sbd", "-d", dev, "message", "node2", "clear")
	if r := run(t, "action=status\nport=node2\ndevices="+dev+"\n"); r.Code != 0 || r.Stdout != "Status: ON\n" {
		t.Errorf("status after sbd message clear: %v", r)
	}
	if r := run(t, "action=list\ndevices="+dev+"\n"); r.Code != 0 || r.Stdout != "node1\nnode2\n" {
		t.Errorf("list: %v", r)
	}
}

// TestFaults: a missing device, a FIFO, a foreign disk, a node without a
// slot, a lost majority and an interrupted wait fail with one line.
func TestFaults(t *testing.T) {
	dev := loopDevice(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, make([]byte, 1<<20), 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, stdin, says string }{
		{"missing", "action=reboot\nport=node1\ndevices=/dev/no-such-disk\n", "no such file"},
		{"fifo", "action=reboot\nport=node1\ndevices=" + fifo + "\n", "not a block device"},
		{"foreign", "action=reboot\nport=node1\ndevices=" + junk + "\n", "no sbd magic"},
		{"no-slot", "action=reboot\nport=node3\ndevices=" + dev + "\n", `"node3" has no slot`},
		{"minority", "action=reboot\nport=node1\ndevices=" + dev + ",/dev/no-such-disk\n", "1 of 2 devices failed"},
		{"relative", "action=monitor\ndevices=disk\n", "absolute"},
	}
	for _, c := range cases {
		r := run(t, c.stdin)
		if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, c.says) || r.Elapsed > 5*time.Second {
			t.Errorf("%s: %v", c.name, r)
		}
	}
	// The minority case delivered its pill to the one good device (as sbd
	// does) but reported failure: the node is not known to be fenced.
	if got := sh(t, "sbd", "-d", dev, "list"); !strings.Contains(got, "0\tnode1\treset\t") {
		t.Errorf("sbd list after the minority run: %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r := agenttest.Exec(ctx, New(), "fence_exec_sbd", "action=off\nport=node1\ndevices="+dev+"\n", nil)
	if r.Code != 1 || r.Elapsed > 2*time.Second || strings.Contains(r.Stdout, "Success") {
		t.Errorf("off interrupted during msgwait: %v", r)
	}
}

// FuzzHeader: any sector parses to a header or an error, never a panic,
// and a parsed header encodes back to the bytes it came from.
func FuzzHeader(f *testing.F) {
	h := &Header{Version: 2, MinorVersion: 1, Slots: 255, SectorSize: 512, Watchdog: 5, Allocate: 2, Loop: 1, MsgWait: 10}
	f.Add(h.Marshal())
	f.Add([]byte("SBD_SBD_"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			return
		}
		back := h.Marshal()
		if string(back[:headerLen]) != string(b[:headerLen]) && b[10] == 0 && b[11] == 0 {
			t.Errorf("header %x encodes back as %x", b[:headerLen], back[:headerLen])
		}
	})
}
