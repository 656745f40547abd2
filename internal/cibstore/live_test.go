package cibstore

import (
	"context"
	"errors"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestLiveOnCluster runs Live against the CIB manager of a real one-node
// cluster: a read, an update (the CIB manager's version grows), and an
// update whose CIB another client changes between the read and the
// patch: refused with ErrStale, the other change kept, this one absent.
func TestLiveOnCluster(t *testing.T) {
	c := peertest.StartCluster(t, 1)
	live := Live{Wrap: c.Wrap("node1")}
	ctx := context.Background()
	before := version(t, live)
	if err := live.Update(ctx, addProperty("live-one")); err != nil {
		t.Fatal(err)
	}
	doc, err := live.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root().FindElement("//nvpair[@name='live-one']") == nil {
		t.Fatalf("update not in the live CIB:\n%s", doc.Bytes())
	}
	if v, _ := doc.Version(); v.Compare(before) <= 0 {
		t.Errorf("version %s after an update, %s before", v, before)
	}
	err = live.Update(ctx, func(d *cib.Document) error {
		code, out := c.Run(t, "node1", "cibadmin", "--modify", "--scope", "crm_config", "--xml-text",
			`<cluster_property_set id="cib-bootstrap-options"><nvpair id="other" name="other" value="1"/></cluster_property_set>`)
		if code != 0 {
			t.Fatalf("concurrent cibadmin --modify: exit %d\n%s", code, out)
		}
		return addProperty("live-two")(d)
	})
	if !errors.Is(err, ErrStale) {
		t.Fatalf("update over a concurrent change: %v, want ErrStale", err)
	}
	doc, err = live.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root().FindElement("//nvpair[@name='other']") == nil || doc.Root().FindElement("//nvpair[@name='live-two']") != nil {
		t.Errorf("want the concurrent change kept and the stale update absent:\n%s", doc.Bytes())
	}
}

// TestLiveNoCluster: with no CIB manager to talk to (a network namespace
// of its own, where none listens), Live says so with ErrNoCluster.
func TestLiveNoCluster(t *testing.T) {
	peertest.Root(t)
	peertest.Need(t, peertest.Has("cibadmin") && peertest.Has("unshare"), "cibadmin and unshare")
	live := Live{Wrap: []string{"unshare", "--net"}}
	if _, err := live.Read(context.Background()); !errors.Is(err, ErrNoCluster) {
		t.Fatalf("read without a cluster: %v, want ErrNoCluster", err)
	}
	if err := live.Update(context.Background(), addProperty("x")); !errors.Is(err, ErrNoCluster) {
		t.Fatalf("update without a cluster: %v, want ErrNoCluster", err)
	}
}
