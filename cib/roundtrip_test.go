package cib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestRoundTripShared parses every scheduler case and writes it back: the
// output must equal the input byte for byte.
func TestRoundTripShared(t *testing.T) {
	files := peertest.SchedulerCases(t)
	equal := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if out := doc.Bytes(); !bytes.Equal(out, data) {
			t.Errorf("%s: written document differs from input at byte %d", filepath.Base(f), firstDiff(out, data))
			continue
		}
		if out := doc.Clone().Bytes(); !bytes.Equal(out, data) {
			t.Errorf("%s: clone writes a different document at byte %d", filepath.Base(f), firstDiff(out, data))
			continue
		}
		equal++
	}
	t.Logf("round trip byte-equal: %d of %d", equal, len(files))
}

func firstDiff(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

const unknownCIB = `<?xml version="1.0"?>
<!-- leading comment -->
<cib epoch="3" num_updates="7" admin_epoch="0" x-vendor='kept &amp; quoted'>
  <configuration>
    <crm_config/>
    <nodes>
      <node id="1" uname="n1"   x-rack="r1"/>
    </nodes>
    <resources>
      <primitive id="p1" class="ocf" provider="heartbeat" type="Dummy" x-note="&#10;two&#9;lines">
        <x-extension level="2"><![CDATA[raw <text> & more]]></x-extension>
      </primitive>
    </resources>
    <constraints></constraints>
    <x-future-section><thing id="t1"/></x-future-section>
  </configuration>
  <status/>
</cib>
`

// TestUnknownContentSurvivesEdits changes the version and one attribute and
// checks that everything else, unknown elements and attributes included, is
// written exactly as it was read.
func TestUnknownContentSurvivesEdits(t *testing.T) {
	doc, err := Parse([]byte(unknownCIB))
	if err != nil {
		t.Fatal(err)
	}
	doc.SetVersion(Version{Admin: 0, Epoch: 4, NumUpdates: 0})
	doc.Root().FindElement("//primitive[@id='p1']").CreateAttr("type", "Stateful")
	doc.Root().FindElement("//constraints").CreateElement("rsc_location").CreateAttr("id", "l1")
	got := string(doc.Bytes())
	want := strings.NewReplacer(
		`<cib epoch="3" num_updates="7" admin_epoch="0" x-vendor='kept &amp; quoted'>`,
		`<cib epoch="4" num_updates="0" admin_epoch="0" x-vendor="kept &amp; quoted">`,
		`<primitive id="p1" class="ocf" provider="heartbeat" type="Dummy" x-note="&#10;two&#9;lines">`,
		`<primitive id="p1" class="ocf" provider="heartbeat" type="Stateful" x-note="&#10;two&#9;lines">`,
		`<constraints></constraints>`,
		`<constraints><rsc_location id="l1"/></constraints>`,
	).Replace(unknownCIB)
	if got != want {
		t.Errorf("after edits:\n%s\nwant:\n%s", got, want)
	}
	again, err := Parse([]byte(got))
	if err != nil {
		t.Fatalf("reparse: %v", err)
	}
	if v := again.Root().FindElement("//primitive").SelectAttrValue("x-note", ""); v != "\ntwo\tlines" {
		t.Errorf("x-note after edit = %q", v)
	}
}

// TestUnknownContentSurvivesApply runs one edit of each kind through Apply
// and checks that unknown elements and attributes elsewhere are untouched.
func TestUnknownContentSurvivesApply(t *testing.T) {
	doc, err := Parse([]byte(unknownCIB))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		op    Op
		scope string
		xml   string
	}{
		{Create, "resources", `<primitive id="p2" class="ocf" provider="heartbeat" type="Dummy"/>`},
		{Modify, "", `<primitive id="p1" description="changed"/>`},
		{Replace, "resources", `<primitive id="p2" class="ocf" provider="pacemaker" type="Dummy"/>`},
		{Delete, "", `<primitive id="p2"/>`},
	} {
		e, err := ParseElement([]byte(in.xml))
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Apply(Edit{Op: in.op, Scope: in.scope, Input: e}); err != nil {
			t.Fatalf("%v %s: %v", in.op, in.xml, err)
		}
	}
	out := string(doc.Bytes())
	for _, keep := range []string{
		`x-vendor="kept &amp; quoted"`,
		`<node id="1" uname="n1"   x-rack="r1"/>`,
		`<x-extension level="2"><![CDATA[raw <text> & more]]></x-extension>`,
		`<x-future-section><thing id="t1"/></x-future-section>`,
		`x-note="&#10;two&#9;lines"`,
		`<!-- leading comment -->`,
	} {
		if !strings.Contains(out, keep) {
			t.Errorf("lost %s:\n%s", keep, out)
		}
	}
	if v, _ := doc.Version(); v.Epoch != 3+4 || v.NumUpdates != 0 {
		t.Errorf("four configuration changes from 0.3.7 gave %s", v)
	}
}
