package agents

import (
	"fmt"

	"github.com/executioner-ha/executioner/ocf"
)

// OpError is a failed agent run, as Execute returns it: which agent, which
// action on which target, and why. ocf.CodeOf reads the exit code through
// it.
type OpError struct {
	Agent  string     // the name the agent ran under
	Action ocf.Action // empty when the parameters could not be read
	Target string     // empty for actions without a target
	Err    error
}

// Error describes the failure; it never contains a secret, since Err comes
// from an agent that must not put one there.
func (e *OpError) Error() string {
	switch {
	case e.Action == "":
		return fmt.Sprintf("%s: %v", e.Agent, e.Err)
	case e.Target == "":
		return fmt.Sprintf("%s %s: %v", e.Agent, e.Action, e.Err)
	}
	return fmt.Sprintf("%s %s %s: %v", e.Agent, e.Action, e.Target, e.Err)
}

// Unwrap returns the underlying error.
func (e *OpError) Unwrap() error { return e.Err }
