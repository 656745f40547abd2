package daemon

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// The whole cluster restarts: the history is what the daemons saved, so
// every node, node3 included (cut off when it was fenced, it never held
// the records), shows node3's fencing afterwards.
func TestTheHistorySurvivesARestartOfTheWholeCluster(t *testing.T) {
	h := membership.NewHub(3)
	config := configFile(t, 3, 1)
	var dirs []string
	var nodes []*node
	bootAll(h, 3)
	for i := uint32(1); i <= 3; i++ {
		dirs = append(dirs, t.TempDir())
		nodes = append(nodes, startNodeIn(t, h, i, config, dirs[i-1], nil))
	}
	settled(nodes, 3)
	h.Partition([]uint32{3})
	id := nodes[1].wait("node3 fenced", "node3", doneOnce)[0].ID
	nodes[0].wait("node3 fenced", "node3", doneOnce)
	for i, n := range nodes {
		n.stop()
		n.stop = nil
		h.Stop(uint32(i + 1))
	}
	nodes = nil
	bootAll(h, 3)
	for i := uint32(1); i <= 3; i++ {
		nodes = append(nodes, startNodeIn(t, h, i, config, dirs[i-1], nil))
	}
	settled(nodes, 3)
	for _, n := range nodes {
		rs := n.wait("node3's fencing", "node3", func(rs []fencer.Request) bool { return len(rs) > 0 })
		n.d.mu.Lock()
		q, ok := n.d.g.Request(id)
		n.d.mu.Unlock()
		if len(rs) != 1 || rs[0].ID != id || rs[0].State != fencer.StateDone || !ok || q.State != fencer.StateDone {
			t.Errorf("%s after the restart: history %+v, cluster's %+v; want %s done", n.name, rs, q, id)
		}
	}
}

func TestADamagedSavedHistoryIsReportedNotFatal(t *testing.T) {
	h := membership.NewHub(1)
	h.Boot(1, 1)
	dir := t.TempDir()
	config := configFile(t, 1, 1)
	saved := filepath.Join(dir, "records")
	err := os.WriteFile(saved, []byte(`{"id":"u1","kind":"up","target":"node1","origin":1,"time":"2026-01-01T00:00:00Z"}
not json
{"id":"u2","kind":"up","target":"node1","origin":1,"time":"2026-01-01T00:00:01Z"}
{"id":"u3","kind":"up","tar`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	n := startNodeIn(t, h, 1, config, dir, nil)
	n.wait("settled", "", func([]fencer.Request) bool { return n.d.Status().Settled })
	if got := len(n.d.History()); got < 2 {
		t.Errorf("%d records after loading 2 good ones", got)
	}
	n.stop()
	n.stop = nil
	rs, damaged, err := loadRecords(saved)
	if err != nil || len(damaged) != 1 || len(rs) < 2 {
		t.Errorf("reloaded: %d records, damage %v, %v; want the torn line gone, the bad one reported", len(rs), damaged, err)
	}
}

// TestTheSavedHistoryIsCompacted: a daemon that starts on a saved history
// of 1500 failed requests keeps the newest group.MaxRequests, and the file
// is rewritten to what it keeps (nothing left beside it).
func TestTheSavedHistoryIsCompacted(t *testing.T) {
	h := membership.NewHub(1)
	h.Boot(1, 1)
	dir := t.TempDir()
	saved := filepath.Join(dir, "records")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var rs []group.Record
	n := 3 * group.MaxRequests
	for i := range n {
		id := fmt.Sprintf("old-%d", i)
		when := at.Add(time.Duration(i) * time.Second)
		rs = append(rs, group.Record{ID: id, Kind: group.KindRequest, Request: id, Origin: 1, Time: when, Target: "node1", Action: "reboot"},
			group.Record{ID: id + "/final", Kind: group.KindFinal, Request: id, Origin: 1, Time: when.Add(time.Millisecond),
				Final: &fencer.Final{State: fencer.StateFailed, Completed: when}})
	}
	data, err := encodeRecords(rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(saved, data, 0o600); err != nil {
		t.Fatal(err)
	}
	node := startNodeIn(t, h, 1, configFile(t, 1, 1), dir, nil)
	node.wait("settled", "", func([]fencer.Request) bool { s := node.d.Status(); return s.Settled && s.Ready })
	node.d.mu.Lock()
	kept := node.d.g.Requests()
	node.d.mu.Unlock()
	node.stop()
	node.stop = nil
	if len(kept) != group.MaxRequests || kept[0].ID != fmt.Sprintf("old-%d", n-group.MaxRequests) {
		t.Errorf("kept %d requests from %v, want the newest %d", len(kept), kept[0].ID, group.MaxRequests)
	}
	back, damaged, err := loadRecords(saved)
	if err != nil || len(damaged) != 0 {
		t.Fatalf("reloaded: %v %v", damaged, err)
	}
	requests := 0
	for _, r := range back {
		if r.Kind == group.KindRequest {
			requests++
		}
	}
	if requests != group.MaxRequests || len(back) > 2*group.MaxRequests+8 {
		t.Errorf("the file holds %d records, %d requests; want %d requests", len(back), requests, group.MaxRequests)
	}
	if _, err := os.Stat(saved + ".new"); err == nil {
		t.Error("the rewrite left its temporary file")
	}
}
