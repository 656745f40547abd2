package rng_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"

	"github.com/executioner-ha/executioner/cib/rng"
)

// BenchmarkCompile compiles pacemaker-3.9 (what each configure load
// process does once).
func BenchmarkCompile(b *testing.B) {
	if _, err := os.Stat(filepath.Join(schemaDir, "pacemaker-3.9.rng")); err != nil {
		b.Skip("Pacemaker's schemas are not installed")
	}
	for b.Loop() {
		if _, err := rng.Compile("pacemaker-3.9.rng", func(f string) ([]byte, error) {
			return os.ReadFile(filepath.Join(schemaDir, filepath.Base(f)))
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate validates the corpus's largest CIB with a fresh
// schema each time (the first validation of a process).
func BenchmarkValidate(b *testing.B) {
	if _, err := os.Stat(filepath.Join(schemaDir, "pacemaker-3.9.rng")); err != nil {
		b.Skip("Pacemaker's schemas are not installed")
	}
	data, err := os.ReadFile("../crmsh/testdata/corpus/97-bundle-full.crm.cib.xml")
	if err != nil {
		b.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := rng.Compile("pacemaker-3.9.rng", func(f string) ([]byte, error) {
			return os.ReadFile(filepath.Join(schemaDir, filepath.Base(f)))
		})
		if err != nil {
			b.Fatal(err)
		}
		if e := s.Validate(doc.Root()); e != nil {
			b.Fatal(e)
		}
	}
}
