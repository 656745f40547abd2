package kdump

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// kdumpCase is one row of the parity matrix: the same input to
// fence_kdump and to this agent, each with a port (and a sender) of its
// own.
type kdumpCase struct {
	name  string
	stdin string   // {port} replaced
	args  []string // instead of stdin
	send  []string // fence_kdump_send's arguments, if a node sends
	diff  string   // why the outcomes differ ("" when they must not)
	want  func(ours, theirs peertest.Run) bool
}

func kdumpCases() []kdumpCase {
	off := func(name, extra string, send ...string) kdumpCase {
		timeout := "1\n" // nothing valid arrives: fail after a second
		if send != nil {
			timeout = "20\n" // ends when the message arrives
		}
		return kdumpCase{name: name, stdin: "action=off\nipport={port}\ntimeout=" + timeout + extra, send: send}
	}
	return []kdumpCase{
		off("off", "nodename=127.0.0.1\n", "127.0.0.1"),
		off("off default action", "nodename=127.0.0.1\n", "127.0.0.1"),
		off("off ipv6", "nodename=::1\nfamily=ipv6\n", "-f", "ipv6", "::1"),
		off("off ipv4 family", "nodename=127.0.0.1\nfamily=ipv4\n", "127.0.0.1"),
		off("off one of several", "nodename=192.0.2.7,127.0.0.1\n", "127.0.0.1"),
		off("off no message", "nodename=127.0.0.1\n"),
		off("off another node sends", "nodename=127.0.0.2\ntimeout=1\n", "127.0.0.1"),
		off("off without nodename", ""),
		off("off mixed families", "nodename=127.0.0.1,::1\n", "127.0.0.1"),
		off("off unresolvable", "nodename=no-such-node.invalid\n"),
		off("off bad port", "nodename=127.0.0.1\nipport=0\n"),
		off("off bad timeout", "nodename=127.0.0.1\ntimeout=0\n"),
		off("off bad family", "nodename=127.0.0.1\nfamily=ipv7\n"),
		off("off comments and blanks", "# a comment\n\n   \nnodename=127.0.0.1\n", "127.0.0.1"),
		{name: "monitor", stdin: "action=monitor\n"},
		{name: "validate-all", stdin: "action=validate-all\n"},
		{name: "unknown action", stdin: "action=explode\n"},
		{name: "reboot is not offered", stdin: "action=reboot\nnodename=127.0.0.1\n"},
		{name: "on is not offered", stdin: "action=on\nnodename=127.0.0.1\n"},
		{name: "argv short", args: []string{"-o", "off", "-n", "127.0.0.1", "-p", "{port}", "-t", "5"}, send: []string{"127.0.0.1"}},
		{name: "argv long", args: []string{"--action=off", "--nodename=127.0.0.1", "--ipport={port}", "--timeout=30", "--family=ipv4"}, send: []string{"127.0.0.1"}},
		{name: "argv default action", args: []string{"-n", "127.0.0.1", "-p", "{port}", "-t", "1"}},
		{name: "argv validate-all", args: []string{"-o", "validate-all"}},
		{name: "metadata", stdin: "action=metadata\n",
			diff: "the metadata describes this agent (its name, its place in a topology)",
			want: func(o, t peertest.Run) bool {
				return o.Code == 0 && t.Code == 0 && strings.Contains(o.Stdout, "<resource-agent")
			}},
		{name: "verbose", stdin: "action=off\nnodename=127.0.0.1\nipport={port}\ntimeout=30\nverbose=1\n", send: []string{"127.0.0.1"}},
		{name: "quiet", stdin: "action=off\nnodename=127.0.0.1\nipport={port}\ntimeout=30\nquiet=1\n", send: []string{"127.0.0.1"},
			diff: "quiet silences the progress lines; fence_kdump has no quiet",
			want: func(o, t peertest.Run) bool { return o.Code == 0 && t.Code == 0 && o.Stderr == "" }},
		{name: "action in capitals", stdin: "action=OFF\nnodename=127.0.0.1\nipport={port}\ntimeout=30\n", send: []string{"127.0.0.1"},
			diff: "action and family are case-sensitive, as for every executioner agent; fence_kdump ignores their case",
			want: func(o, t peertest.Run) bool { return o.Code == 1 && t.Code == 0 }},
	}
}

// TestParity runs every case through fence_kdump and through the agent,
// with the real fence_kdump_send as the crashed node: the same exit code
// and standard output, or exactly the documented difference.
func TestParity(t *testing.T) {
	theirs := peertest.Program(t, "fence_kdump")
	for _, c := range kdumpCases() {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			ours := runKdumpCase(t, c, func(ctx context.Context, stdin string, args []string) peertest.Run {
				r := agenttest.Exec(ctx, New(), "fence_exec_kdump", stdin, args)
				return peertest.Run{Code: r.Code, Stdout: r.Stdout, Stderr: r.Stderr}
			})
			them := runKdumpCase(t, c, func(ctx context.Context, stdin string, args []string) peertest.Run {
				return peertest.RunProgram(ctx, t, theirs, args, stdin)
			})
			same := ours.Code == them.Code && ours.Stdout == results(them.Stdout) && progress(ours.Stderr, them.Stdout)
			switch {
			case c.diff == "" && !same:
				t.Errorf("fence_kdump: %v\nours:        %v", them, ours)
			case c.diff != "" && !c.want(ours, them):
				t.Errorf("the documented difference (%s) no longer holds:\nfence_kdump: %v\nours:        %v", c.diff, them, ours)
			}
		})
	}
}

// runKdumpCase gives c a free port and its sender and runs one agent.
func runKdumpCase(t *testing.T, c kdumpCase, run func(ctx context.Context, stdin string, args []string) peertest.Run) peertest.Run {
	t.Helper()
	port := peertest.FreeUDPPort(t)
	fill := strings.NewReplacer("{port}", port).Replace
	var args []string
	for _, a := range c.args {
		args = append(args, fill(a))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan peertest.Run, 1)
	go func() { done <- run(ctx, fill(c.stdin), args) }()
	if c.send != nil { // started second, so its first message usually finds the agent listening
		peertest.StartKdumpSend(t, port, c.send...)
	}
	r := <-done
	if r.Killed {
		t.Fatalf("%s: still running after a minute", c.name)
	}
	return r
}

// results is fence_kdump's standard output without its progress lines
// ("[debug]: ..."), which this agent writes to standard error.
func results(stdout string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stdout, "\n") {
		if l != "" && !strings.HasPrefix(l, "[debug]: ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// progress reports whether stderr says what fence_kdump's outcome lines
// say: which node's message was taken, or that the wait timed out.
func progress(stderr, theirs string) bool {
	for _, l := range strings.Split(theirs, "\n") {
		l = strings.TrimPrefix(l, "[debug]: ")
		if (strings.HasPrefix(l, "received valid message") || strings.HasPrefix(l, "timeout after")) && !strings.Contains(stderr, l) {
			return false
		}
	}
	return true
}
