package pengine

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// Step is a fencing action in the form it is carried out: which levels
// are tried, in which order, and for each device the exact agent call.
// The fencer executes a Step and decides nothing of its own; everything
// it cannot know before it runs (a dynamic list, a status answer, whether
// an earlier device failed) is spelled out as a rule here.
//
// A request begins with the Query: the check of every device the fencer
// registered (dynamic lists are run, or refreshed after a minute; a device
// whose list never worked switches to status checks; status is asked),
// which says which devices can fence the target. With topology, Levels are
// tried by ascending index until one succeeds;
// a level succeeds when each of its Ops does, one after another (an
// Optional op's failure is ignored). An op that cannot be carried out
// (Unusable, a failed Check, no node of Nodes to run it, or a device
// already used in this phase of the request) abandons the level at that
// point, the ops before it having run. Without topology, Levels holds one
// level (index 0) whose ops are alternatives: if the query found any able
// to fence the target, the devices are checked again and tried in turn
// until one succeeds, after which every remaining Required op runs as
// well; a Required op that fails ends the request.
type Step struct {
	Target string `json:"target"`
	// TargetID is the target's node id (passed as nodeid to agents that
	// take one).
	TargetID string          `json:"target_id,omitempty"`
	Action   cib.FenceAction `json:"action"`
	// Timeout is the request's timeout (stonith-timeout): the timeout of
	// every device action without a pcmk_<action>_timeout.
	Timeout Duration `json:"timeout"`
	// Delay is the requested delay (priority-fencing-delay), waited once
	// before the first device of the first level, on top of the device's
	// own delays.
	Delay int `json:"delay,omitempty"`
	// Topology tells whether the levels are the fencing topology's; Entry
	// is then the topology target they were found under, as written (a
	// node name, a pattern, or attribute=value).
	Topology bool        `json:"topology"`
	Entry    string      `json:"entry,omitempty"`
	Levels   []StepLevel `json:"levels"`
	// Query is the fencer's first round: every device of its table, whose
	// check runs (where the op may run here) before anything else,
	// whatever the levels name; their answers are what the levels use.
	// The devices whose static list leaves the target out are not in it:
	// the fencer's query refuses them without running anything.
	Query []Op `json:"query"`
	// Notes explains choices a reader may not expect, one line each.
	Notes []string `json:"notes,omitempty"`
}

// StepLevel is one level of a Step.
type StepLevel struct {
	// Index is the topology level's index; 0 without topology.
	Index int `json:"index"`
	// Devices are the level's devices as configured.
	Devices []string `json:"devices"`
	Ops     []Op     `json:"ops"`
}

// Op is one device action of a level: what the device is asked, and
// every detail of how.
type Op struct {
	Device string `json:"device"`
	Agent  string `json:"agent"`
	// Action is what the device is asked for: the step's action, or off
	// and then on for a reboot on a level of several devices.
	Action cib.FenceAction `json:"action"`
	// Call is the agent call for it: the verb after the remaps (reboot
	// done as off when the agent has no reboot action, pcmk_ACTION_action),
	// the parameters as the agent receives them, the timeout and attempts.
	Call AgentCall `json:"call"`
	// DelayBase and DelayMax (seconds) are the device's delay before an
	// off or reboot: base plus a random part below max-base.
	DelayBase int `json:"delay_base,omitempty"`
	DelayMax  int `json:"delay_max,omitempty"`
	// Nodes are the nodes that may carry the op out: where the device may
	// run, without the target itself unless the action may only run on
	// the target (on_target).
	Nodes NodeList `json:"nodes"`
	// Check is how it is known that the device can fence the target.
	Check Check `json:"check"`
	// Unusable says why the op can never run (the level is abandoned when
	// it is reached); "" otherwise.
	Unusable string `json:"unusable,omitempty"`
	// Optional: a failure is ignored (the on phase of a multi-device
	// reboot).
	Optional bool `json:"optional,omitempty"`
	// Required: the device unfences automatically; for on it runs after
	// the others, is skipped if its check says it cannot fence the target,
	// and its failure is never made up for by another device.
	Required bool `json:"required,omitempty"`
	// ActionLimit is how many actions may run on the device at once (-1:
	// no limit).
	ActionLimit int `json:"action_limit"`
	// Monitor is the device's monitor call, run after a failure to tell a
	// device that cannot be reached from one that did not acknowledge.
	Monitor AgentCall `json:"monitor"`
}

// MayFence tells whether the fencer's query may find the op's device able
// to fence the target: it is usable and its check, when known before
// anything runs, admits the target.
func (o Op) MayFence() bool {
	return o.Unusable == "" && (!o.Check.Known || o.Check.Admits)
}

// TopologyLevels are the step's levels when it has topology, else none.
// A nil step has none.
func (s *Step) TopologyLevels() []StepLevel {
	if s == nil || !s.Topology {
		return nil
	}
	return s.Levels
}

// Able lists the devices of the query that may be found able to fence the
// target when the fencers of the nodes in fencers answer it (see
// Result.Fencers): those that may fence it and may run on one of them, in
// the fencer's device table order.
func (s *Step) Able(fencers []string) []string {
	able := []string{}
	for _, op := range s.Query {
		if op.MayFence() && slices.ContainsFunc(fencers, op.Nodes.ContainsFold) {
			able = append(able, op.Device)
		}
	}
	return able
}

// Check says how the fencer learns whether a device can fence the target
// (pcmk_host_check).
type Check struct {
	// Mode is static-list, dynamic-list, status or none, as in effect
	// (or an invalid value, which no target passes).
	Mode string `json:"mode"`
	// Known is the answer when it is known before running anything
	// (static-list, none, invalid): Admits tells it.
	Known  bool `json:"known"`
	Admits bool `json:"admits,omitempty"`
	// Names are the names a dynamic list must contain (either one).
	Names []string `json:"names,omitempty"`
	// List is the list action, run at most once a minute per device, for
	// dynamic-list; Status the status action for status, and for a
	// dynamic-list left to its default whose list never worked.
	List   *AgentCall `json:"list,omitempty"`
	Status *AgentCall `json:"status,omitempty"`
}

// AgentCall is one call of a fence agent.
type AgentCall struct {
	// Verb is the action= the agent receives.
	Verb string `json:"verb"`
	// Params are the other key=value lines of its standard input.
	Params Params `json:"params"`
	// Timeout is when the agent is killed; Attempts how many times the
	// call is made in all after failures (each further attempt a second
	// after the last, never after a timeout, only while less than 70% of
	// Timeout has passed).
	Timeout  Duration `json:"timeout"`
	Attempts int      `json:"attempts"`
}

// Params are agent parameters. Their JSON and String forms hide the
// values of secret parameters (cib.IsSecretParam).
type Params map[string]string

// Redacted returns a copy with the secret values replaced.
func (p Params) Redacted() map[string]string {
	out := make(map[string]string, len(p))
	for k, v := range p {
		if cib.IsSecretParam(k) {
			v = "[hidden]"
		}
		out[k] = v
	}
	return out
}

// MarshalJSON writes the redacted parameters.
func (p Params) MarshalJSON() ([]byte, error) { return json.Marshal(p.Redacted()) }

// String is like MarshalJSON.
func (p Params) String() string {
	b, _ := p.MarshalJSON()
	return string(b)
}

// Duration is a time.Duration written as text ("1m30s") in JSON.
type Duration time.Duration

// MarshalText writes d like time.Duration.String.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads what MarshalText writes.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	*d = Duration(v)
	return err
}

// Std is d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// DeviceInfo is a stonith device of the CIB as the plan sees it: where it
// may run, and how it is monitored.
type DeviceInfo struct {
	ID    string `json:"id"`
	Agent string `json:"agent"`
	// Nodes are the nodes where the device may run (a fencer there
	// registers it); none when it is disabled.
	Nodes NodeList `json:"nodes"`
	// Why says why it may run nowhere, or on some nodes only.
	Why []string `json:"why,omitempty"`
	// Monitor is the agent's monitor call; MonitorInterval the interval of
	// its recurring monitor op (0: none).
	Monitor         AgentCall `json:"monitor"`
	MonitorInterval Duration  `json:"monitor_interval,omitempty"`
	// HostCheck is the pcmk_host_check in effect.
	HostCheck string `json:"host_check"`
	// Targets are the nodes its static list names (pcmk_host_list, the
	// host map's nodes), for static-list.
	Targets []string `json:"targets,omitempty"`
	// ActionLimit: see Op.
	ActionLimit int `json:"action_limit"`
	// Notes says what the fencer ignores or remaps in its parameters.
	Notes []string `json:"notes,omitempty"`
}
