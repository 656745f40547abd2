package pdusim

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzServe feeds arbitrary pass_persist input to the emulator: it answers
// line by line, never panics, and leaves a state file that still loads.
func FuzzServe(f *testing.F) {
	f.Add("PING\nget\n.1.3.6.1.4.1.318.1.1.12.3.5.1.1.4.1\n")
	f.Add("getnext\n.1.3.6.1.4.1.318\nset\n.1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.2\ninteger 2\n")
	f.Add("set\n.1.3.6.1.4.1.318.1.1.4.4.2.1.3.1\nstring x\nget\n.1.3.6.1.4.1.99999999999\n")
	f.Add("getnext\n.1.3.6.1.4.1.850\nset\n.1.3.6.1.4.1.850.10.2.3.5.1.4.1.1\ninteger 3\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, in string) {
		path := filepath.Join(dir, "state.json")
		st := &State{Kind: "rpdu", Outlets: []*Outlet{{Switch: 1, Index: 1, Name: "n1", On: true}, {Switch: 1, Index: 2, Name: "n2"}}}
		if err := st.Save(path); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		_ = Serve(strings.NewReader(in), &out, path)
		if _, err := Load(path); err != nil {
			t.Fatalf("state after %q: %v", in, err)
		}
	})
}
