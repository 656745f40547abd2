package clustertest

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxLoads bounds how many loads concurrentLoads tries before one meets a
// concurrent change.
const maxLoads = 40

// property is a cluster option of the live CIB ("" when unset).
func (c *cluster) property(node, name string) string {
	out, _, _ := c.Exec(node, "cibadmin", "--query", "--scope", "crm_config")
	var cfg struct {
		Pairs []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"cluster_property_set>nvpair"`
	}
	_ = xml.Unmarshal([]byte(out), &cfg)
	for _, p := range cfg.Pairs {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// concurrentLoads runs executioner configure load update on node while
// another node changes the CIB as fast as it can, until one load is
// refused: every load must either be applied whole (exit 0) or refused
// with exit 103 and leave nothing of itself, and the other node's changes
// stay (its last one is in the CIB at the end).
func (c *cluster) concurrentLoads(node, other string) {
	c.t.Helper()
	dir := c.t.TempDir()
	stop, last := filepath.Join(dir, "stop"), filepath.Join(dir, "last")
	script := fmt.Sprintf(`i=0; while [ ! -e %s ]; do i=$((i+1)); crm_attribute --type crm_config --name other-writer --update $i >/dev/null 2>&1 && echo $i > %s; done`, stop, last)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Exec(other, "sh", "-c", script)
	}()
	var once sync.Once
	stopWriter := func() {
		once.Do(func() {
			_ = os.WriteFile(stop, nil, 0o600)
			<-done
		})
	}
	defer stopWriter()
	refused := 0
	for i := 1; i <= maxLoads && refused == 0; i++ {
		f := writeTemp(c.t, fmt.Sprintf("load-%d.crm", i), fmt.Sprintf("property load-round=%d\n", i))
		out, errOut, code := c.executioner(node, "configure", "load", "update", f)
		round := c.property(node, "load-round")
		switch code {
		case 0:
			if round != fmt.Sprint(i) {
				c.t.Errorf("load %d exited 0 but the live CIB has load-round=%q", i, round)
			}
		case 103:
			refused++
			if round == fmt.Sprint(i) {
				c.t.Errorf("load %d was refused (103) but the live CIB has its load-round=%s", i, round)
			}
			c.t.Logf("load %d refused, as it must be: %s", i, strings.TrimSpace(errOut))
		default:
			c.t.Fatalf("load %d during a concurrent change: exit %d, want 0 or 103\n%s%s", i, code, out, errOut)
		}
	}
	if refused == 0 {
		c.t.Errorf("none of %d loads met a concurrent change (another node writing the CIB all the while)", maxLoads)
	}
	stopWriter()
	b, _ := os.ReadFile(last)
	if want, got := strings.TrimSpace(string(b)), c.property(node, "other-writer"); want == "" || got != want {
		c.t.Errorf("the other node's last change other-writer=%s is %q in the live CIB: lost", want, got)
	}
}
