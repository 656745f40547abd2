// Package purity checks that the pure layers (cib, pengine, ocf and their
// subpackages) stay pure: no file, process or network I/O, no logging, no
// goroutines or locks (sync only for values computed once), no clock and
// no randomness. make imports runs it.
package purity

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// pure are the directories, relative to the repository, whose packages
// (and subpackages) must be pure.
var pure = []string{"cib", "pengine", "ocf"}

// denied reports whether a pure package may not import path: the
// standard library's I/O, processes, logging, concurrency, clock-free
// randomness and unsafe escapes. net/netip is plain values and allowed;
// sync only for its one-time initialisers (syncAllowed).
func denied(path string) bool {
	switch path {
	case "net/netip", "sync":
		return false
	case "os", "net", "log", "syscall", "unsafe", "runtime", "io/ioutil", "math/rand", "math/rand/v2",
		"crypto/rand", "plugin", "embed":
		return true
	}
	for _, prefix := range []string{"os/", "net/", "log/", "sync/", "runtime/", "golang.org/x/sys/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// syncAllowed are the names of package sync a pure package may use: a
// value computed once on first use (a regular expression compiled when
// first needed) is the same value on every call, so no state is shared.
// Locks, wait groups, pools and maps are not.
var syncAllowed = map[string]bool{"OnceValue": true, "OnceValues": true, "OnceFunc": true}

// clockCalls are the functions of package time that read or wait on the
// clock.
var clockCalls = map[string]bool{"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
	"AfterFunc": true, "Tick": true, "NewTimer": true, "NewTicker": true}

func TestPureLayers(t *testing.T) {
	root := peertest.RepoRoot(t)
	checked := 0
	for _, top := range pure {
		err := filepath.WalkDir(filepath.Join(root, top), func(dir string, d os.DirEntry, err error) error {
			if err != nil || !d.IsDir() || d.Name() == "testdata" {
				if d != nil && d.IsDir() && d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return err
			}
			pkg, err := build.ImportDir(dir, 0)
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, dir)
			for _, f := range pkg.GoFiles {
				checkFile(t, rel, filepath.Join(dir, f))
				checked++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked == 0 {
		t.Fatal("no file checked")
	}
}

// checkFile reports every import, clock call and go statement of one
// file of a pure package.
func checkFile(t *testing.T, pkg, path string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	timeName, syncName := "", ""
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if denied(p) {
			t.Errorf("%s: package %s is pure and may not import %s", fset.Position(imp.Pos()), pkg, p)
		}
		name := p
		if imp.Name != nil {
			name = imp.Name.Name
		}
		switch {
		case p == "time":
			timeName = name
		case p == "sync" && (name == "_" || name == "."):
			t.Errorf("%s: package %s is pure and may import sync only by name", fset.Position(imp.Pos()), pkg)
		case p == "sync":
			syncName = name
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			t.Errorf("%s: package %s is pure and may not start goroutines", fset.Position(n.Pos()), pkg)
		case *ast.SelectorExpr:
			id, ok := n.X.(*ast.Ident)
			if ok && timeName != "" && id.Name == timeName && clockCalls[n.Sel.Name] {
				t.Errorf("%s: package %s is pure and may not use the clock (time.%s)", fset.Position(n.Pos()), pkg, n.Sel.Name)
			}
			if ok && syncName != "" && id.Name == syncName && !syncAllowed[n.Sel.Name] {
				t.Errorf("%s: package %s is pure and may not use sync.%s (only its one-time initialisers)", fset.Position(n.Pos()), pkg, n.Sel.Name)
			}
		}
		return true
	})
}
