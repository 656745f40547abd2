package ocf

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

func testMetadata() *Metadata {
	return &Metadata{
		Name: "fence_test", ShortDesc: `Test & "agent"`, LongDesc: "Long <desc>", VendorURL: "https://example.com",
		Symlinks: []Symlink{{Name: "fence_test2", ShortDesc: "twin"}},
		Params:   testSpec(),
		Actions: []ActionSpec{{Name: ActionOn, SetAutomatic: true}, {Name: ActionOff}, {Name: ActionReboot},
			{Name: ActionStatus, OnTarget: true}, {Name: ActionMonitor}, {Name: ActionMetadata}},
	}
}

// TestMetadataValid checks the XML against fence-agents' own schema with
// xmllint.
func TestMetadataValid(t *testing.T) {
	xmllint := peertest.Program(t, "xmllint")
	rng := peertest.Shared(t, "reference", "fence-agents-metadata.rng")
	var buf bytes.Buffer
	if err := testMetadata().WriteXML(&buf); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "md.xml")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--relaxng", rng, f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s\n%s", err, out, buf.String())
	}
}

// TestMetadataContent reads the XML back and checks what Pacemaker reads.
func TestMetadataContent(t *testing.T) {
	var buf bytes.Buffer
	m := testMetadata()
	if err := m.WriteXML(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Name      string `xml:"name,attr"`
		ShortDesc string `xml:"shortdesc,attr"`
		Params    []struct {
			Name       string `xml:"name,attr"`
			Deprecated string `xml:"deprecated,attr"`
			Obsoletes  string `xml:"obsoletes,attr"`
		} `xml:"parameters>parameter"`
		Actions []struct {
			Name      string `xml:"name,attr"`
			OnTarget  string `xml:"on_target,attr"`
			Automatic string `xml:"automatic,attr"`
		} `xml:"actions>action"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Name != m.Name || doc.ShortDesc != m.ShortDesc {
		t.Errorf("name %q shortdesc %q", doc.Name, doc.ShortDesc)
	}
	obsolete := 0
	for _, p := range m.Params {
		if p.Obsoletes != "" {
			obsolete++
		}
	}
	if len(doc.Params) != len(m.Params)+obsolete {
		t.Errorf("%d parameters in XML, want %d (+1 per obsolete name)", len(doc.Params), len(m.Params)+obsolete)
	}
	if len(doc.Actions) != len(m.Actions) || doc.Actions[0].Automatic != "0" || doc.Actions[3].OnTarget != "1" {
		t.Errorf("actions %+v", doc.Actions)
	}
}
