package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/rng"
)

// schemaDir is where Pacemaker keeps its schemas: $PCMK_schema_directory
// (Pacemaker's own variable), else /usr/share/pacemaker.
func schemaDir() string {
	if d := os.Getenv("PCMK_schema_directory"); d != "" {
		return d
	}
	return "/usr/share/pacemaker"
}

// reSchemaName is a schema file name schemaCheck accepts (compiled on
// first use).
var reSchemaName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^pacemaker-[0-9]+\.[0-9]+$|^pacemaker-next$`) })

// schemaCheck validates a CIB against the schema its validate-with
// names, when Pacemaker's schema files are installed; a CIB naming no
// installed schema is not checked here (cib's own checks still apply).
// Schemas are compiled once per process; checks take turns, as a
// compiled schema requires.
func schemaCheck() func(*cib.Document) []cib.Finding {
	var mu sync.Mutex
	compiled := map[string]*rng.Schema{}
	return func(doc *cib.Document) []cib.Finding {
		name := doc.Root().SelectAttrValue("validate-with", "")
		if !reSchemaName().MatchString(name) {
			return nil
		}
		dir := schemaDir()
		mu.Lock()
		s, ok := compiled[name]
		if !ok {
			if _, err := os.Stat(filepath.Join(dir, name+".rng")); err == nil {
				s, err = rng.Compile(name+".rng", func(f string) ([]byte, error) {
					return os.ReadFile(filepath.Join(dir, filepath.Base(f)))
				})
				if err != nil {
					mu.Unlock()
					return []cib.Finding{{Severity: cib.Error, Check: "schema", Element: "cib",
						Message: "cannot read Pacemaker's schema " + name + ": " + err.Error() + " (set PCMK_schema_directory)"}}
				}
			}
			compiled[name] = s
		}
		defer mu.Unlock()
		if s == nil {
			return nil
		}
		return s.Check(doc)
	}
}
