package rng_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/executioner-ha/executioner/cib/rng"
	"github.com/executioner-ha/executioner/internal/peertest"
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

const benchCIB = "../crmsh/testdata/corpus/97-bundle-full.crm.cib.xml"

// BenchmarkValidate validates the corpus's largest CIB with a fresh
// schema each time (the first validation of a process) and compares with
// "xmllint --relaxng pacemaker-3.9.rng" on the same file, which does the
// same work: metric xmllint/ours.
func BenchmarkValidate(b *testing.B) {
	if _, err := os.Stat(filepath.Join(schemaDir, "pacemaker-3.9.rng")); err != nil {
		b.Skip("Pacemaker's schemas are not installed")
	}
	xmllint := peertest.Program(b, "xmllint")
	data, err := os.ReadFile(benchCIB)
	if err != nil {
		b.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		b.Fatal(err)
	}
	start, n := time.Now(), 0
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
		n++
	}
	ours := time.Since(start) / time.Duration(n)
	b.StopTimer()
	const runs = 3
	begin := time.Now()
	for range runs {
		if out, err := exec.Command(xmllint, "--noout", "--relaxng", filepath.Join(schemaDir, "pacemaker-3.9.rng"), benchCIB).CombinedOutput(); err != nil {
			b.Fatalf("xmllint: %v: %s", err, out)
		}
	}
	theirs := time.Since(begin) / runs
	b.ReportMetric(float64(theirs)/float64(ours), "xmllint/ours")
}
