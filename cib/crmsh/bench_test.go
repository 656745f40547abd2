package crmsh

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

const benchFile = "testdata/corpus/01-sample.crm"

// crmTime runs crm once per call of prepare+run and returns the mean wall
// time of the crm runs.
func crmTime(b *testing.B, runs int, args func(cibFile string) []string, prepare func(cibFile string)) time.Duration {
	b.Helper()
	var total time.Duration
	for range runs {
		cf := filepath.Join(b.TempDir(), "cib.xml")
		if err := os.WriteFile(cf, loadEmpty(b), 0o600); err != nil {
			b.Fatal(err)
		}
		prepare(cf)
		start := time.Now()
		if _, err := crmRun(b, cf, args(cf)...); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	return total / time.Duration(runs)
}

// BenchmarkLoadUpdate parses and loads the sample file into an empty CIB
// (read, parse, load, write as bytes) and compares with
// "crm -F configure load update" on the same file: metric crmsh/ours.
func BenchmarkLoadUpdate(b *testing.B) {
	peertest.Program(b, "crm")
	src, empty := readFile(b, benchFile), loadEmpty(b)
	abs, _ := filepath.Abs(benchFile)
	start := time.Now()
	n := 0
	for b.Loop() {
		doc, err := cib.Parse(empty)
		if err != nil {
			b.Fatal(err)
		}
		objs, err := Parse(src, benchFile)
		if err != nil {
			b.Fatal(err)
		}
		if err := Load(doc, objs, Update); err != nil {
			b.Fatal(err)
		}
		_ = doc.Bytes()
		n++
	}
	ours := time.Since(start) / time.Duration(n)
	b.StopTimer()
	theirs := crmTime(b, 2, func(string) []string { return []string{"-F", "configure", "load", "update", abs} }, func(string) {})
	b.ReportMetric(float64(theirs)/float64(ours), "crmsh/ours")
}

// BenchmarkShow prints a loaded CIB (parse the XML, show) and compares
// with "crm configure show" on the same CIB: metric crmsh/ours.
func BenchmarkShow(b *testing.B) {
	peertest.Program(b, "crm")
	doc := loadOurs(b, benchFile)
	data := doc.Bytes()
	start := time.Now()
	n := 0
	for b.Loop() {
		d, err := cib.Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Show(d, ShowOptions{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	ours := time.Since(start) / time.Duration(n)
	b.StopTimer()
	theirs := crmTime(b, 2, func(string) []string { return []string{"configure", "show"} }, func(cf string) {
		if err := os.WriteFile(cf, data, 0o600); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(theirs)/float64(ours), "crmsh/ours")
}
