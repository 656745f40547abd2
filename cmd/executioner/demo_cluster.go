package main

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

//go:embed demodata/cib.xml
var demoCIB string

// demoBMCs are the simulated BMCs: one per node, and the "pdu" that the
// second topology level uses.
var demoBMCs = []string{"node1", "node2", "node3", "pdu"}

// demoCluster is one scenario's simulated cluster: its BMCs, its CIB file
// and history in a temporary directory.
type demoCluster struct {
	dir  string
	cib  string
	bmcs map[string]*demoBMC
}

// newDemoCluster starts the BMCs (with random passwords that are never
// shown) and writes the CIB with their ports.
func newDemoCluster() (*demoCluster, error) {
	dir, err := os.MkdirTemp("", "executioner-demo-")
	if err != nil {
		return nil, err
	}
	c := &demoCluster{dir: dir, cib: filepath.Join(dir, "cib.xml"), bmcs: map[string]*demoBMC{}}
	text := demoCIB
	for i, name := range demoBMCs {
		pass, err := demoPassword()
		if err != nil {
			c.close()
			return nil, err
		}
		b, err := startDemoBMC(name, "admin", pass)
		if err != nil {
			c.close()
			return nil, err
		}
		c.bmcs[name] = b
		text = strings.ReplaceAll(text, "{{port:"+name+"}}", b.Port())
		text = strings.ReplaceAll(text, fmt.Sprintf("{{password:%d}}", (i+1)%len(demoBMCs)), pass)
	}
	if err := os.WriteFile(c.cib, []byte(text), 0o600); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func demoPassword() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func (c *demoCluster) close() {
	for _, b := range c.bmcs {
		b.close()
	}
	_ = os.RemoveAll(c.dir)
}

// run starts the daemon as node1 on the cluster's CIB and returns once
// target is recorded fenced in the CIB, or after limit.
func (c *demoCluster) run(ctx context.Context, target string, limit time.Duration, onEvent func(controller.Event)) (*fencer.History, error) {
	h, err := fencer.Open(filepath.Join(c.dir, "history"))
	if err != nil {
		return nil, err
	}
	ctl, err := controller.New(controller.Config{CIB: c.cib, Node: "node1", History: h,
		Runner: &fencer.Agents{Registry: all.Registry(), Hostname: "node1"}, Poll: 20 * time.Millisecond,
		RetryBase: time.Second, OnEvent: onEvent})
	if err != nil {
		h.Close()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- ctl.Run(ctx) }()
	err = waitFenced(ctx, c.cib, target)
	cancel()
	if rerr := <-done; err == nil {
		err = rerr
	}
	return h, err
}

// waitFenced polls the CIB until target's node_state says it was fenced.
func waitFenced(ctx context.Context, path, target string) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if data, err := os.ReadFile(path); err == nil {
			if doc, err := cib.Parse(data); err == nil {
				for _, ns := range doc.Model().NodeStates {
					if ns.Uname == target && ns.Expected == "down" && ns.Crmd == "offline" {
						return nil
					}
				}
			}
		}
		select {
		case <-ctx.Done():
			return errors.New(target + " was not fenced in time")
		case <-t.C:
		}
	}
}
