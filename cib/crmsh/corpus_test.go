package crmsh

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

var update = flag.Bool("update", false, "rewrite the stored crmsh answers in testdata/corpus by running crmsh")

// crmRun runs crmsh on a file CIB with an isolated home directory.
func crmRun(t testing.TB, cibFile string, args ...string) (string, error) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command("crm", args...)
	cmd.Env = append(os.Environ(), "CIB_file="+cibFile, "HOME="+home, "TERM=dumb")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), &crmError{args, err, errb.String()}
	}
	return out.String(), nil
}

type crmError struct {
	args   []string
	err    error
	stderr string
}

func (e *crmError) Error() string {
	return "crm " + strings.Join(e.args, " ") + ": " + e.err.Error() + ": " + e.stderr
}

// crmAnswers is what crmsh produces for one corpus file.
type crmAnswers struct {
	cib  []byte // the CIB file after crm -F configure load update FILE
	show string // crm configure show
	xml  string // crm configure show xml
}

// corpusDirs are the corpus directories and the CIB each file is loaded
// into: `cibadmin --empty` of the schema the directory is about.
var corpusDirs = []struct{ dir, base string }{
	{"testdata/corpus", "testdata/empty.xml"},
	{"testdata/corpus-1.2", "testdata/empty-1.2.xml"},
}

// baseOf returns the CIB a corpus file is loaded into.
func baseOf(f string) string {
	for _, d := range corpusDirs {
		if filepath.Dir(f) == filepath.Clean(d.dir) {
			return d.base
		}
	}
	return "testdata/empty.xml"
}

// crmLoad runs crmsh on a copy of the corpus file's base CIB.
func crmLoad(t testing.TB, crmFile string, withXML bool) crmAnswers {
	t.Helper()
	dir := t.TempDir()
	cf := filepath.Join(dir, "cib.xml")
	empty, err := os.ReadFile(baseOf(crmFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cf, empty, 0o600); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(crmFile)
	if _, err := crmRun(t, cf, "-F", "configure", "load", "update", abs); err != nil {
		t.Fatal(err)
	}
	var a crmAnswers
	if a.cib, err = os.ReadFile(cf); err != nil {
		t.Fatal(err)
	}
	if a.show, err = crmRun(t, cf, "configure", "show"); err != nil {
		t.Fatal(err)
	}
	if !withXML {
		return a
	}
	if a.xml, err = crmRun(t, cf, "configure", "show", "xml"); err != nil {
		t.Fatal(err)
	}
	return a
}

func corpusFiles(t testing.TB) []string {
	var files []string
	for _, d := range corpusDirs {
		m, err := filepath.Glob(filepath.Join(d.dir, "*.crm"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no corpus")
	}
	return files
}

// corpusName names a corpus file in subtests: its directory and base name.
func corpusName(f string) string {
	return filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
}

func readAnswers(t *testing.T, f string) crmAnswers {
	t.Helper()
	var a crmAnswers
	var err error
	if a.cib, err = os.ReadFile(f + ".cib.xml"); err != nil {
		t.Fatal(err)
	}
	show, err := os.ReadFile(f + ".show")
	if err != nil {
		t.Fatal(err)
	}
	a.show = string(show)
	x, err := os.ReadFile(f + ".show-xml")
	if err != nil {
		t.Fatal(err)
	}
	a.xml = string(x)
	return a
}

// loadOurs applies a corpus file to its base CIB.
func loadOurs(t testing.TB, f string) *cib.Document {
	t.Helper()
	doc, err := cib.Parse(readFile(t, baseOf(f)))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := Parse(src, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := LoadWith(doc, objs, LoadOptions{Method: Update, Schema: installedSchema(t)}); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCorpusStored compares our load and show with crmsh's stored answers.
func TestCorpusStored(t *testing.T) {
	if *update {
		peertest.Program(t, "crm")
		for _, f := range corpusFiles(t) {
			if _, err := os.Stat(f + ".show"); err == nil && os.Getenv("CRMSH_UPDATE_ALL") == "" {
				continue
			}
			a := crmLoad(t, f, true)
			for ext, data := range map[string][]byte{".cib.xml": a.cib, ".show": []byte(a.show), ".show-xml": []byte(a.xml)} {
				if err := os.WriteFile(f+ext, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, f := range corpusFiles(t) {
		t.Run(corpusName(f), func(t *testing.T) {
			checkAgainst(t, f, readAnswers(t, f))
		})
	}
}

// TestCorpusLive re-runs crmsh on the corpus so the stored answers cannot drift.
func TestCorpusLive(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("crmsh takes a while")
	}
	files := corpusFiles(t)
	var jobs []crmJob
	for _, f := range files {
		jobs = append(jobs, crmJob{base: readFile(t, baseOf(f)), cmds: []string{"configure load update " + absPath(t, f)}})
	}
	live := crmBatch(t, jobs)
	for i, f := range files {
		t.Run(corpusName(f), func(t *testing.T) {
			if !live[i].done {
				t.Fatal("crmsh refused the file")
			}
			stored := readAnswers(t, f)
			if got, want := canonConfig(t, live[i].cib), canonConfig(t, stored.cib); got != want {
				t.Errorf("crmsh's CIB differs from the stored one:\n%s\nstored:\n%s", got, want)
			}
			if live[i].show != stored.show {
				t.Errorf("crmsh's show differs from the stored one:\n%s\nstored:\n%s", live[i].show, stored.show)
			}
		})
	}
}

func checkAgainst(t *testing.T, f string, a crmAnswers) {
	doc := loadOurs(t, f)
	if got, want := canonConfig(t, doc.Bytes()), canonConfig(t, a.cib); got != want {
		t.Errorf("configuration differs from crmsh's\nours:\n%s\ncrmsh:\n%s", got, want)
	}
	if a.xml != "" {
		x, err := ShowXML(written(t, doc), ShowOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if x != a.xml {
			t.Errorf("show xml differs from crmsh's\nours:\n%s\ncrmsh:\n%s", x, a.xml)
		}
	}
	show, err := Show(doc, ShowOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if show+"\n" != a.show {
		t.Errorf("show differs from crmsh's\nours:\n%s\ncrmsh:\n%s", show, a.show)
	}
}

// written returns doc as it reads back from the file a command writes
// (one epoch later, as after a commit).
func written(t testing.TB, doc *cib.Document) *cib.Document {
	t.Helper()
	c := doc.Clone()
	v, err := c.Version()
	if err != nil {
		t.Fatal(err)
	}
	v.Epoch++
	v.NumUpdates = 0
	c.SetVersion(v)
	cib.Indent(c.Root())
	back, err := cib.Parse(c.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// canonConfig renders the configuration section one element per line:
// tag, attributes in order, comments; white space between elements is
// ignored.
func canonConfig(t testing.TB, data []byte) string {
	t.Helper()
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	canonElem(&b, doc.Root().SelectElement("configuration"), 0)
	return b.String()
}

func canonElem(b *strings.Builder, e *cib.Element, depth int) {
	if e == nil {
		return
	}
	b.WriteString(strings.Repeat("  ", depth) + "<" + e.Tag)
	for _, a := range e.Attr {
		b.WriteString(" " + a.Key + "=\"" + a.Value + "\"")
	}
	b.WriteString(">\n")
	for _, c := range cib.Comments(e) {
		b.WriteString(strings.Repeat("  ", depth+1) + "<!--" + c + "-->\n")
	}
	for _, c := range e.ChildElements() {
		canonElem(b, c, depth+1)
	}
}

func loadEmpty(t testing.TB) []byte {
	t.Helper()
	return readFile(t, "testdata/empty.xml")
}

func readFile(t testing.TB, f string) []byte {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
