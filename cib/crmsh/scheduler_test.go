package crmsh

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestShowSchedulerCases compares show with "crm configure show" on CIBs
// of Pacemaker's scheduler regression suite, written by other tools than
// crmsh: every 20th case, or all of them with CRMSH_ALL_CASES=1.
func TestShowSchedulerCases(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("crmsh takes about a second per case")
	}
	cases := peertest.SchedulerCases(t)
	for i, f := range cases {
		if i%20 != 0 && os.Getenv("CRMSH_ALL_CASES") == "" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			cf := filepath.Join(t.TempDir(), "cib.xml")
			data := readFile(t, f)
			if err := os.WriteFile(cf, data, 0o600); err != nil {
				t.Fatal(err)
			}
			want, err := crmRun(t, cf, "configure", "show")
			if err != nil {
				t.Skipf("crmsh cannot show this CIB: %v", err)
			}
			want = dropCrmWarnings(want)
			if m := reUnsupported.FindString(want); m != "" {
				t.Skipf("crmsh shows %q objects as text; this package shows them as XML", strings.TrimSpace(m))
			}
			doc, err := cib.Parse(data)
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
		})
	}
}

// reUnsupported finds objects crmsh shows as text and this package as XML.
var reUnsupported = regexp.MustCompile(`(?m)^(bundle|alert|role|acl_target|acl_group|user) `)

// dropCrmWarnings removes the coloured WARNING and INFO lines crmsh
// prints on standard output (about comments it does not place, role names
// it converts, a forced commit).
func dropCrmWarnings(s string) string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "\x1b[") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
