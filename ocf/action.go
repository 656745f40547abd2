package ocf

import "fmt"

// Action is what an agent is asked to do.
type Action string

// The actions of the fence-agents protocol.
const (
	ActionOn          Action = "on"
	ActionOff         Action = "off"
	ActionReboot      Action = "reboot"
	ActionStatus      Action = "status"
	ActionMonitor     Action = "monitor"
	ActionList        Action = "list"
	ActionListStatus  Action = "list-status"
	ActionMetadata    Action = "metadata"
	ActionValidateAll Action = "validate-all"
	ActionManpage     Action = "manpage"
	// ActionDiag sends the target a diagnostic interrupt (NMI), as
	// fence_redfish and fence_ipmilan offer; it is not a fencing action.
	ActionDiag Action = "diag"
)

// Actions lists every action in the order fence-agents advertises them.
var Actions = []Action{ActionOn, ActionOff, ActionReboot, ActionStatus, ActionList,
	ActionListStatus, ActionMonitor, ActionMetadata, ActionManpage, ActionValidateAll, ActionDiag}

// ParseAction returns the action named s. It accepts the OCF spelling
// meta-data for metadata (fence-agents' enable and disable exist only for
// fabric agents: see Metadata.ParseAction). An unknown name is an *Error
// with ExitFailure.
func ParseAction(s string) (Action, error) {
	switch s {
	case "meta-data":
		return ActionMetadata, nil
	}
	for _, a := range Actions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Errorf(ExitFailure, "unrecognised action %q", s)
}

// Fences reports whether a takes power away from the target (off, reboot).
func (a Action) Fences() bool { return a == ActionOff || a == ActionReboot }

// NeedsTarget reports whether a acts on one target (on, off, reboot,
// status).
func (a Action) NeedsTarget() bool {
	return a == ActionOn || a.Fences() || a == ActionStatus
}

// String returns the action's name.
func (a Action) String() string { return string(a) }

// Power is a power state confirmed by a device.
type Power bool

// The two power states.
const (
	PowerOff Power = false
	PowerOn  Power = true
)

// String returns "ON" or "OFF", as fence-agents prints them.
func (p Power) String() string {
	if p {
		return "ON"
	}
	return "OFF"
}

// GoString is like String, for %#v.
func (p Power) GoString() string { return fmt.Sprintf("ocf.Power(%s)", p.String()) }
