package main

import (
	"encoding/json"
	"io"
)

// jsonEncoder is how every command writes JSON: indented two spaces, and
// with <, > and & as themselves (not \u003c...), since the output is read
// by people and programs, never embedded in HTML.
func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc
}
