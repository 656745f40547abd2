package ocf

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestReadMetadataRoundTrip reads back what WriteXML writes: the same
// parameters with their types, choices, defaults, obsolete names and
// requirements (aliases and getopt details are not in the document).
func TestReadMetadataRoundTrip(t *testing.T) {
	m := &Metadata{Name: "fence_x", Params: []Param{
		{Name: "ip", Obsoletes: "ipaddr", Required: true, Desc: "Address"},
		{Name: "ipport", Type: TypeInteger, Default: "623"},
		{Name: "lanplus", Type: TypeBoolean},
		{Name: "auth", Type: TypeSelect, Choices: []string{"md5", "none"}},
		{Name: "delay", Type: TypeSecond, Default: "0"},
		{Name: "password", Secret: true},
	}}
	var b bytes.Buffer
	if err := m.WriteXML(&b); err != nil {
		t.Fatal(err)
	}
	got, err := ReadMetadata(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Params {
		if m.Params[i].Type == "" {
			m.Params[i].Type = TypeString
		}
	}
	if !reflect.DeepEqual(got.Params, m.Params) || got.Name != m.Name {
		t.Errorf("read %+v\nwant %+v", got, m)
	}
}

// TestReadFenceAgentsMetadata reads fence_ipmilan's own metadata.
func TestReadFenceAgentsMetadata(t *testing.T) {
	data, err := os.ReadFile(peertest.Shared(t, "reference", "fence_ipmilan.metadata.xml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadMetadata(data)
	if err != nil {
		t.Fatal(err)
	}
	ip, ok := m.Param("ipaddr")
	if !ok || ip.Name != "ip" {
		t.Fatalf("ipaddr: %+v %v", ip, ok)
	}
	port, _ := m.Param("ipport")
	if port.Check("x") == nil || port.Check("623") != nil {
		t.Errorf("ipport %+v: checks", port)
	}
	if _, ok := m.Param("passwd"); !ok {
		t.Error("passwd (obsolete name of password) unknown")
	}
}
