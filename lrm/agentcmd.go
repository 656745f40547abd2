package lrm

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// FenceCommand returns the Command that runs the fence agent at path for
// action, passing params the way Pacemaker's fencer does: "action=ACTION"
// then one "key=value" line per parameter on standard input, sorted by key.
// Parameters are untrusted: a key that is empty or holds '=', whitespace or
// a control character, a value holding a newline or NUL, and an "action"
// parameter (the operation sets it) are refused. Errors name the key, never
// the value, which may be a password.
func FenceCommand(path, action string, params map[string]string, timeout time.Duration) (Command, error) {
	if !validName(action, "-_") {
		return Command{}, fmt.Errorf("fence agent %s: invalid action %q", path, action)
	}
	var stdin bytes.Buffer
	stdin.WriteString("action=" + action + "\n")
	for _, k := range slices.Sorted(maps.Keys(params)) {
		v := params[k]
		switch {
		case k == "action":
			return Command{}, fmt.Errorf("fence agent %s: parameter action: set by the operation", path)
		case !validName(k, "-_.:"):
			return Command{}, fmt.Errorf("fence agent %s: parameter %q: invalid name", path, k)
		case strings.ContainsAny(v, "\n\r\x00"):
			return Command{}, fmt.Errorf("fence agent %s: parameter %s: value holds a newline or NUL", path, k)
		}
		stdin.WriteString(k + "=" + v + "\n")
	}
	return Command{Path: path, Stdin: stdin.Bytes(), Timeout: timeout}, nil
}

// validName reports whether s is non-empty and made only of ASCII letters,
// digits and the characters in extra.
func validName(s, extra string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)
		if !ok {
			return false
		}
	}
	return true
}
