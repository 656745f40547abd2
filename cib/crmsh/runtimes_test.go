package crmsh

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// TestContainerRuntimes covers rkt and podman bundles, which crmsh 4.4.1
// cannot show (it fails on them, so there is no crmsh answer to store):
// every docker bundle of the corpus, written with rkt or podman instead,
// must give crmsh's answer for docker with the element renamed, show the
// same text with the keyword changed, and satisfy Pacemaker's schema.
func TestContainerRuntimes(t *testing.T) {
	schema := installedSchema(t)
	n := 0
	for _, f := range corpusFiles(t) {
		src := string(readFile(t, f))
		if !strings.Contains(src, " docker ") {
			continue
		}
		n++
		a := readAnswers(t, f)
		for _, rt := range []string{"rkt", "podman"} {
			t.Run(filepath.Base(f)+"/"+rt, func(t *testing.T) {
				doc, err := cib.Parse(loadEmpty(t))
				if err != nil {
					t.Fatal(err)
				}
				objs, err := Parse([]byte(strings.ReplaceAll(src, " docker ", " "+rt+" ")), f)
				if err != nil {
					t.Fatal(err)
				}
				if err := LoadWith(doc, objs, LoadOptions{Method: Update, Schema: schema}); err != nil {
					t.Fatal(err)
				}
				want := strings.ReplaceAll(canonConfig(t, a.cib), "<docker ", "<"+rt+" ")
				if got := canonConfig(t, doc.Bytes()); got != want {
					t.Errorf("configuration:\n%s\nwant (crmsh's for docker):\n%s", got, want)
				}
				show, err := Show(doc, ShowOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if want := strings.ReplaceAll(a.show, "\tdocker ", "\t"+rt+" "); show+"\n" != want {
					t.Errorf("show:\n%s\nwant (crmsh's for docker):\n%s", show, want)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no docker bundle in the corpus")
	}
}
