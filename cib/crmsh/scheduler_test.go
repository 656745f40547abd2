package crmsh

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestShowSchedulerCases compares show with "crm configure show" on CIBs
// of Pacemaker's scheduler regression suite, written by other tools than
// crmsh: every 10th case, or all of them with CRMSH_ALL_CASES=1.
func TestShowSchedulerCases(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("crmsh takes a while")
	}
	var cases []string
	for i, f := range peertest.SchedulerCases(t) {
		if i%10 == 0 || os.Getenv("CRMSH_ALL_CASES") != "" {
			cases = append(cases, f)
		}
	}
	var jobs []crmJob
	for _, f := range cases {
		jobs = append(jobs, crmJob{base: readFile(t, f), shows: []string{"configure show", "configure show xml"}})
	}
	live := crmBatch(t, jobs)
	for i, f := range cases {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if !live[i].done {
				t.Skip("crmsh cannot show this CIB")
			}
			want := live[i].show
			doc, err := cib.Parse(readFile(t, f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Show(doc, ShowOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				got += "\n"
			}
			if got != want {
				t.Errorf("show differs from crmsh's\nours:\n%s\ncrmsh:\n%s", got, want)
			}
			x, err := ShowXML(doc, ShowOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := live[i].shows[1]; x != want {
				t.Errorf("show xml differs from crmsh's\nours:\n%s\ncrmsh:\n%s", x, want)
			}
		})
	}
}
