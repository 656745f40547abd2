package lrm

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultOCFRoot is where OCF resource agents are installed.
const DefaultOCFRoot = "/usr/lib/ocf"

// exitReasonPrefix marks the line of an OCF agent's stderr that explains a
// failure.
const exitReasonPrefix = "ocf-exit-reason:"

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

// OCFAgent names an OCF resource agent, ocf:PROVIDER:TYPE, under Root.
type OCFAgent struct {
	// Root is the OCF root directory; "" means DefaultOCFRoot.
	Root string
	// Provider is the agent's provider ("heartbeat", "pacemaker").
	Provider string
	// Type is the agent's name ("Dummy").
	Type string
}

// OCFOp is one operation of an OCF resource agent.
type OCFOp struct {
	// Action is the agent action: start, stop, monitor, meta-data...
	Action string
	// Instance is the resource id (OCF_RESOURCE_INSTANCE).
	Instance string
	// Params are the resource's instance attributes, passed as OCF_RESKEY_*.
	Params map[string]string
	// Timeout bounds the operation (also passed as CRM_meta_timeout).
	Timeout time.Duration
	// Interval is the recurring interval of a monitor, or zero.
	Interval time.Duration
}

// Path returns the agent's executable, ROOT/resource.d/PROVIDER/TYPE.
func (a OCFAgent) Path() string {
	root := a.Root
	if root == "" {
		root = DefaultOCFRoot
	}
	return filepath.Join(root, "resource.d", a.Provider, a.Type)
}

// Command returns the Command that runs op, with the action as the only
// argument and the OCF environment Pacemaker's executor sets. Names that
// could escape the OCF root or the environment are refused. Processes the
// agent leaves in its group after exiting (the service it started) are
// kept running; on a timeout the whole group is still terminated.
func (a OCFAgent) Command(op OCFOp) (Command, error) {
	name := "ocf:" + a.Provider + ":" + a.Type
	if !validName(a.Provider, "-_.") || !validName(a.Type, "-_.") || strings.HasPrefix(a.Provider+a.Type, ".") {
		return Command{}, fmt.Errorf("resource agent %q: invalid provider or type", name)
	}
	if !validName(op.Action, "-_") {
		return Command{}, fmt.Errorf("resource agent %s: invalid action %q", name, op.Action)
	}
	if !validName(op.Instance, "-_.:") {
		return Command{}, fmt.Errorf("resource agent %s: invalid instance %q", name, op.Instance)
	}
	root := a.Root
	if root == "" {
		root = DefaultOCFRoot
	}
	env := []string{
		"OCF_ROOT=" + root,
		"OCF_RA_VERSION_MAJOR=1",
		"OCF_RA_VERSION_MINOR=1",
		"OCF_RESOURCE_INSTANCE=" + op.Instance,
		"OCF_RESOURCE_PROVIDER=" + a.Provider,
		"OCF_RESOURCE_TYPE=" + a.Type,
		"OCF_EXIT_REASON_PREFIX=" + exitReasonPrefix,
		"OCF_RESKEY_CRM_meta_timeout=" + strconv.FormatInt(op.Timeout.Milliseconds(), 10),
	}
	if op.Interval > 0 {
		env = append(env, "OCF_RESKEY_CRM_meta_interval="+strconv.FormatInt(op.Interval.Milliseconds(), 10))
	}
	for _, k := range slices.Sorted(maps.Keys(op.Params)) {
		v := op.Params[k]
		if !validName(k, "_") || strings.HasPrefix(k, "CRM_meta_") {
			return Command{}, fmt.Errorf("resource agent %s: parameter %q: invalid name", name, k)
		}
		if strings.ContainsRune(v, 0) {
			return Command{}, fmt.Errorf("resource agent %s: parameter %s: value holds NUL", name, k)
		}
		env = append(env, "OCF_RESKEY_"+k+"="+v)
	}
	return Command{Path: a.Path(), Args: []string{op.Action}, Env: env, Timeout: op.Timeout,
		KeepChildren: true}, nil
}

// ExitReason returns the text of the last "ocf-exit-reason:" line of an OCF
// agent's stderr, or "".
func ExitReason(stderr []byte) string {
	reason := ""
	for line := range strings.Lines(string(stderr)) {
		if r, ok := strings.CutPrefix(line, exitReasonPrefix); ok {
			reason = strings.TrimSpace(r)
		}
	}
	return reason
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
