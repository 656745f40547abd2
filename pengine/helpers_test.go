package pengine

import (
	"os"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// loadModel parses a CIB file into the typed model.
func loadModel(t testing.TB, path string) *cib.Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Model()
}

// readFences reads a canonical fence list file, sorted, without blanks.
func readFences(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return canonLines(string(data))
}
