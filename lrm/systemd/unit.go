package systemd

import (
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/lrm"
)

// unitSuffixes are the unit types systemd knows.
var unitSuffixes = []string{".service", ".socket", ".device", ".mount", ".automount", ".swap",
	".target", ".path", ".timer", ".slice", ".scope"}

// UnitName checks a unit name and returns it with ".service" appended when
// it has no type suffix. Only the characters systemd allows in unit names
// are accepted: ASCII letters and digits, ':', '-', '_', '.', '\' and '@'.
func UnitName(name string) (string, error) {
	if name == "" || len(name) > 255 {
		return "", fmt.Errorf("unit %q: empty or too long", name)
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(":-_.\\@", r)
		if !ok {
			return "", fmt.Errorf("unit %q: invalid character %q", name, r)
		}
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "@") {
		return "", fmt.Errorf("unit %q: invalid name", name)
	}
	for _, s := range unitSuffixes {
		if strings.HasSuffix(name, s) && len(name) > len(s) {
			return name, nil
		}
	}
	if len(name)+len(".service") > 255 {
		return "", fmt.Errorf("unit %q: too long", name)
	}
	return name + ".service", nil
}

// Status is a unit's state as systemd reports it.
type Status struct {
	// Unit is the unit's full name.
	Unit string
	// LoadState: "loaded", "not-found", "masked", "error"...
	LoadState string
	// ActiveState: "active", "reloading", "inactive", "failed",
	// "activating", "deactivating".
	ActiveState string
	// SubState is the type-specific state ("running", "dead", "exited"...).
	SubState string
}

// Running reports whether the unit is active (or reloading).
func (s Status) Running() bool {
	return s.ActiveState == "active" || s.ActiveState == "reloading"
}

// Pending reports whether the unit is between states.
func (s Status) Pending() bool {
	return s.ActiveState == "activating" || s.ActiveState == "deactivating"
}

// OCF maps the status to the OCF exit code of a monitor, as Pacemaker does
// for systemd resources: running 0, not installed 5, stopped or failed 7.
// settled is false while the unit is between states (the monitor should
// look again) and for states this mapping does not know; code is then
// OCF_ERR_GENERIC.
func (s Status) OCF() (code int, settled bool) {
	switch {
	case s.LoadState == "not-found":
		return lrm.OCFErrInstalled, true
	case s.Running():
		return lrm.OCFSuccess, true
	case s.ActiveState == "inactive" || s.ActiveState == "failed":
		return lrm.OCFNotRunning, true
	}
	return lrm.OCFErrGeneric, false
}

// JobError reports a start or stop job that did not end with "done".
type JobError struct {
	// Unit and Op ("start", "stop") name the job.
	Unit, Op string
	// Result is systemd's job result: "failed", "timeout", "canceled",
	// "dependency", "skipped".
	Result string
}

// Error describes the failed job in one line.
func (e *JobError) Error() string {
	return fmt.Sprintf("systemd unit %s: %s job %s", e.Unit, e.Op, e.Result)
}
