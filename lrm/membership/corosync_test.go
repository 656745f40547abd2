//go:build cgo && !nocorosync

package membership

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// helperEnv makes the test binary the helper daemon of TestCorosync.
const helperEnv = "EXECUTIONER_MEMBERSHIP_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helper(os.Getenv(helperEnv)))
	}
	os.Exit(m.Run())
}

// helper joins the group on its node's corosync, waits for a group of
// want daemons, sends each of them a few messages and prints, as JSON
// lines, the order in which the messages arrived and every group and
// quorum event after that, until its standard input closes.
func helper(want string) int {
	var n int
	if _, err := fmt.Sscan(want, &n); err != nil {
		return 2
	}
	m, err := Open()
	if err != nil {
		fmt.Println(`{"error":`, strconvQuote(err.Error()), `}`)
		return 1
	}
	defer m.Close()
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); m.Close() }()
	out := json.NewEncoder(os.Stdout)
	const each = 20
	sent, got := false, []string{}
	for e := range m.Events() {
		switch e.Kind {
		case KindGroup:
			_ = out.Encode(map[string]any{"group": e.Group, "left": e.Left, "joined": e.Joined})
			if len(e.Group) == n && !sent {
				sent = true
				for i := range each {
					if err := m.Send(fmt.Appendf(nil, "%d-%d", m.Local().Node, i)); err != nil {
						_ = out.Encode(map[string]string{"error": err.Error()})
						return 1
					}
				}
			}
		case KindMessage:
			got = append(got, string(e.Data))
			if len(got) == n*each {
				_ = out.Encode(map[string]any{"order": got, "local": m.Local()})
			}
		case KindQuorum:
			_ = out.Encode(map[string]any{"quorate": e.Quorum.Quorate, "members": e.Quorum.Members,
				"expected": e.Quorum.ExpectedVotes, "total": e.Quorum.TotalVotes})
		}
	}
	return 0
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// line is one of the helper's output lines.
type line struct {
	Group    []Process `json:"group"`
	Left     []Process `json:"left"`
	Order    []string  `json:"order"`
	Local    *Process  `json:"local"`
	Quorate  *bool     `json:"quorate"`
	Members  []uint32  `json:"members"`
	Expected uint32    `json:"expected"`
	Error    string    `json:"error"`
	raw      string
}

// TestCorosync runs a daemon on every node of a three-node corosync
// cluster: they form one group, receive every message in one agreed order,
// see quorum, and when node3's cable is pulled the two others see it leave
// and keep quorum while node3 loses it.
func TestCorosync(t *testing.T) {
	c := peertest.StartClusterWith(t, peertest.ClusterConfig{Nodes: 3, Env: []string{"NSC_STACK=corosync"}})
	lines := map[string]chan line{}
	for _, node := range c.Nodes {
		lines[node] = startHelper(t, c, node, len(c.Nodes))
	}
	// next returns the first line of node's helper that ok accepts, among
	// those already read or those to come.
	past := map[string][]line{}
	next := func(node string, ok func(line) bool) line {
		t.Helper()
		for _, l := range past[node] {
			if ok(l) {
				return l
			}
		}
		for l := range lines[node] {
			t.Logf("%s: %s", node, l.raw)
			if l.Error != "" {
				t.Fatalf("%s: %s", node, l.Error)
			}
			past[node] = append(past[node], l)
			if ok(l) {
				return l
			}
		}
		t.Fatalf("%s: the helper ended", node)
		return line{}
	}
	var first []string
	for i, node := range c.Nodes {
		l := next(node, func(l line) bool { return l.Order != nil })
		if l.Local.Node != uint32(i+1) {
			t.Errorf("%s: local node id %d, want %d", node, l.Local.Node, i+1)
		}
		if first == nil {
			first = l.Order
		} else if !slices.Equal(l.Order, first) {
			t.Errorf("%s received the messages in another order:\n%v\nnode1:\n%v", node, l.Order, first)
		}
		q := next(node, func(l line) bool { return l.Quorate != nil && len(l.Members) == 3 })
		if !*q.Quorate || q.Expected != 3 {
			t.Errorf("%s: quorum %+v, want quorate with 3 expected votes", node, q)
		}
	}
	c.Script(t, "cut", "node3")
	for _, node := range []string{"node1", "node2"} {
		next(node, func(l line) bool {
			return len(l.Group) == 2 && len(l.Left) == 1 && l.Left[0].Node == 3
		})
		next(node, func(l line) bool { return l.Quorate != nil && *l.Quorate && slices.Equal(l.Members, []uint32{1, 2}) })
	}
	next("node3", func(l line) bool { return l.Quorate != nil && !*l.Quorate && slices.Equal(l.Members, []uint32{3}) })
	next("node3", func(l line) bool { return len(l.Group) == 1 && l.Group[0].Node == 3 })
}

// startHelper starts the helper daemon in node and returns its output
// lines; it is stopped when the test ends.
func startHelper(t *testing.T, c *peertest.Cluster, node string, n int) chan line {
	t.Helper()
	w := c.Wrap(node)
	cmd := exec.Command(w[0], append(w[1:], os.Args[0], "-test.run=^$")...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", helperEnv, n), "NSC_STATE="+c.State)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch := make(chan line, 256)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var l line
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				l.Error = fmt.Sprintf("bad line %q: %v", sc.Text(), err)
			}
			l.raw = sc.Text()
			ch <- l
		}
	}()
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Logf("%s: helper: %v\n%s", node, err, stderr.String())
		}
	})
	return ch
}
