package clustertest

import (
	"bufio"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// fenceEvent is one entry of the fencers' history.
type fenceEvent struct {
	Action   string `xml:"action,attr"`
	Target   string `xml:"target,attr"`
	Status   string `xml:"status,attr"`
	Delegate string `xml:"delegate,attr"`
	Origin   string `xml:"origin,attr"`
	Client   string `xml:"client,attr"`
}

// history is stonith_admin --history for every target, as node's fencer
// has it; ok is false when it could not be read. The cluster is new for
// each scenario, so all of it happened in the scenario.
func (c *cluster) history(node string) ([]fenceEvent, bool) {
	out, _, code := c.Exec(node, "stonith_admin", "--history", "*", "--verbose", "--output-as=xml")
	var r struct {
		Events []fenceEvent `xml:"list>fence_event"`
	}
	if code != 0 || xml.Unmarshal([]byte(out), &r) != nil {
		return nil, false
	}
	return r.Events, true
}

// succeeded counts the successful fencing events for target.
func succeeded(events []fenceEvent, target string) int {
	n := 0
	for _, e := range events {
		if e.Target == target && e.Status == "success" {
			n++
		}
	}
	return n
}

// fencerLine is one line of a fencer's (or the scheduler's) log that says
// what it did.
type fencerLine struct {
	at     time.Time
	node   string // whose log
	kind   string // request, eligible, attempt, done; scheduled, transition
	action string
	target string
	device string // eligible, attempt
	result string // attempt: the agent's exit code; done: the outcome
	by     string // done: the node that fenced
	input  string // transition: the scheduler input it saved, as the node names it
}

var fencerPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"scheduled", regexp.MustCompile(`\(log_list_item\)\s+\w+: Actions: Fence \((\w+)\) (\S+) `)},
	{"transition", regexp.MustCompile(`\(pcmk__log_transition_summary\)\s+\w+: Calculated transition \d+.*, saving inputs in (\S+)`)},
	{"request", regexp.MustCompile(`\(handle_fence_request\)\s+\w+: Client \S+ wants to fence \((\w+)\) (\S+) using`)},
	{"eligible", regexp.MustCompile(`\(can_fence_host_with_device\)\s+\w+: (\S+) is eligible to fence \((\w+)\) (\S+?)(?: \(as|:)`)},
	{"attempt", regexp.MustCompile(`\(log_async_result\)\s+\w+: Operation '(\w+)' \[\d+\] targeting (\S+) using (\S+) returned (-?\d+)`)},
	{"done", regexp.MustCompile(`\(finalize_op\)\s+\w+: Operation '(\w+)' targeting (\S+) by (.+?) for \S+: (.*?) \|`)},
}

// parseFencerLine reads one pacemaker.log line of the fencer or the
// scheduler ("Mon DD HH:MM:SS.mmm NODE pacemaker-fenced [PID] (function)
// level: text"); ok is false for any other line.
func parseFencerLine(line string, year int) (fencerLine, bool) {
	f := strings.Fields(line)
	if len(f) < 6 || f[4] != "pacemaker-fenced" && !strings.HasPrefix(f[4], "pacemaker-schedulerd[") {
		return fencerLine{}, false
	}
	at, ok := logTime(f, year)
	if !ok {
		return fencerLine{}, false
	}
	l := fencerLine{at: at, node: f[3]}
	for _, p := range fencerPatterns {
		m := p.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		l.kind = p.kind
		switch p.kind {
		case "scheduled":
			l.action, l.target = m[1], m[2]
		case "transition":
			l.input = m[1]
		case "eligible":
			l.device, l.action, l.target = m[1], m[2], m[3]
		case "request":
			l.action, l.target = m[1], m[2]
		case "attempt":
			l.action, l.target, l.device, l.result = m[1], m[2], m[3], m[4]
		case "done":
			l.action, l.target, l.by, l.result = m[1], m[2], m[3], m[4]
		}
		return l, true
	}
	return fencerLine{}, false
}

// logTime is when a pacemaker.log line, split in fields, was written:
// its first three fields ("Mon DD HH:MM:SS.mmm") in year.
func logTime(f []string, year int) (time.Time, bool) {
	if len(f) < 3 {
		return time.Time{}, false
	}
	at, err := time.ParseInLocation("Jan 02 15:04:05.000", strings.Join(f[:3], " "), time.Local)
	return at.AddDate(year, 0, 0), err == nil
}

// logMark is where every node's pacemaker.log ended at one moment.
type logMark map[string]int64

func (c *cluster) logFile(node string) string {
	return filepath.Join(c.State, "nodes", node, "log", "pacemaker", "pacemaker.log")
}

// markLogs notes the end of every node's log.
func (c *cluster) markLogs() logMark {
	m := logMark{}
	for _, n := range c.Nodes {
		if fi, err := os.Stat(c.logFile(n)); err == nil {
			m[n] = fi.Size()
		}
	}
	return m
}

// fencerSince is what the fencers logged after mark, on every node, in
// time order (lines of one node keep their order).
func (c *cluster) fencerSince(mark logMark) []fencerLine {
	year := time.Now().Year()
	var all []fencerLine
	for _, n := range c.Nodes {
		for _, line := range c.logSince(n, mark) {
			if l, ok := parseFencerLine(line, year); ok {
				all = append(all, l)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	return all
}

// logSince is what node's pacemaker.log got after mark, line by line.
func (c *cluster) logSince(node string, mark logMark) []string {
	f, err := os.Open(c.logFile(node))
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []string
	if _, err := f.Seek(mark[node], io.SeekStart); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}

// of keeps the lines of one kind about target.
func of(lines []fencerLine, kind, target string) []fencerLine {
	var out []fencerLine
	for _, l := range lines {
		if l.kind == kind && l.target == target {
			out = append(out, l)
		}
	}
	return out
}
