package cib

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// AgentInfo is what Pacemaker's fencer reads from a fence agent's
// metadata. The zero value is an agent whose metadata could not be read:
// the fencer registers its devices all the same, without any of these
// (so pcmk_host_check defaults to none, and reboot is done as off).
type AgentInfo struct {
	// Known is true when the metadata was read.
	Known bool `json:"known"`
	// List, Status, Reboot and On: the agent has that action.
	List   bool `json:"list,omitempty"`
	Status bool `json:"status,omitempty"`
	Reboot bool `json:"reboot,omitempty"`
	On     bool `json:"on,omitempty"`
	// AutoUnfence: its on action is automatic (or required): its devices
	// must unfence a node before it joins.
	AutoUnfence bool `json:"auto_unfence,omitempty"`
	// HostArg is the parameter the target goes in by default: "port" when
	// the agent has one, else "plug" when it has that, else "".
	HostArg string `json:"host_arg,omitempty"`
	// NodeID: the agent takes a nodeid parameter.
	NodeID bool `json:"nodeid,omitempty"`
	// OnTarget lists the actions that may only run on the target itself.
	OnTarget []string `json:"on_target,omitempty"`
}

// ParseAgentMetadata reads a fence agent's metadata document as the fencer
// does (read_action_metadata, stonith__device_parameter_flags): every
// action element (list, status, reboot, on with automatic or required
// true, on_target true) and every parameter element (port, plug, nodeid;
// port and plug in any case).
func ParseAgentMetadata(doc []byte) (AgentInfo, error) {
	x := etree.NewDocument()
	if err := x.ReadFromBytes(doc); err != nil {
		return AgentInfo{}, fmt.Errorf("agent metadata: %w", err)
	}
	if x.Root() == nil {
		return AgentInfo{}, fmt.Errorf("agent metadata: no document element")
	}
	info := AgentInfo{Known: true}
	for _, a := range x.FindElements("//action") {
		name := a.SelectAttrValue("name", "")
		switch name {
		case "list":
			info.List = true
		case "status":
			info.Status = true
		case "reboot":
			info.Reboot = true
		case "on":
			info.On = true
			if IsTrue(a.SelectAttrValue("automatic", "")) || IsTrue(a.SelectAttrValue("required", "")) {
				info.AutoUnfence = true
			}
		}
		if name != "" && IsTrue(a.SelectAttrValue("on_target", "")) {
			info.OnTarget = append(info.OnTarget, name)
		}
	}
	var port, plug bool
	for _, p := range x.FindElements("//parameter") {
		name := p.SelectAttrValue("name", "")
		switch {
		case strings.EqualFold(name, "port"):
			port = true
		case strings.EqualFold(name, "plug"):
			plug = true
		case name == "nodeid":
			info.NodeID = true
		}
	}
	switch {
	case port:
		info.HostArg = "port"
	case plug:
		info.HostArg = "plug"
	}
	return info, nil
}

// IsOnTarget reports whether action may only run on the target itself.
func (a AgentInfo) IsOnTarget(action string) bool {
	for _, x := range a.OnTarget {
		if x == action {
			return true
		}
	}
	return false
}

// AgentArgs are the parameters the agent receives, besides action, for
// action (the verb after AgentAction) against target ("" for an action
// without target), exactly as the fencer's make_args builds them:
// nodename=target and nodeid (when the agent takes one, the device sets
// none, and the node has one), the target's port under pcmk_host_argument
// (default the agent's HostArg, else port; none passes nothing) unless the
// device fixes that parameter (to anything but "dynamic"), then every
// device parameter except the fencer's own (IsFencerParam), "action" and
// crm_feature_set, overwriting what came before (so a device parameter
// port=dynamic reaches the agent as written).
func (d *FenceDevice) AgentArgs(agent AgentInfo, target, nodeID string) map[string]string {
	out := map[string]string{}
	if target != "" {
		out["nodename"] = target
		if _, set := d.Params["nodeid"]; agent.NodeID && !set && isNodeID(nodeID) {
			out["nodeid"] = nodeID
		}
		param, ok := d.Params["pcmk_host_argument"]
		if !ok {
			param = agent.HostArg
			if param == "" {
				param = "port"
			}
		}
		if d.Agent != "fence_legacy" && !strings.EqualFold(param, "none") {
			if v, fixed := d.Params[param]; !fixed || strings.EqualFold(v, "dynamic") {
				port := target
				if alias, ok := d.Alias(target); ok {
					port = alias
				}
				out[param] = port
			}
		}
	}
	for k, v := range d.Params {
		if strings.EqualFold(k, "action") || IsFencerParam(k) || strings.Contains(k, "CRM_meta") ||
			strings.EqualFold(k, "crm_feature_set") {
			continue
		}
		out[k] = v
	}
	return out
}

// IsFencerParam reports whether a device parameter is one the fencer
// interprets itself and never passes to the agent (pcmk_stonith_param):
// provides, stonith-timeout, pcmk_action_limit, pcmk_delay_base,
// pcmk_delay_max, pcmk_host_argument, pcmk_host_check, pcmk_host_list,
// pcmk_host_map, and pcmk_ACTION_action, _timeout and _retries.
func IsFencerParam(name string) bool {
	switch name {
	case "provides", "stonith-timeout", "pcmk_action_limit", "pcmk_delay_base", "pcmk_delay_max",
		"pcmk_host_argument", "pcmk_host_check", "pcmk_host_list", "pcmk_host_map":
		return true
	}
	rest, ok := strings.CutPrefix(name, "pcmk_")
	i := strings.IndexByte(rest, '_')
	if !ok || i < 0 {
		return false
	}
	switch rest[i:] {
	case "_action", "_timeout", "_retries":
		return true
	}
	return false
}

// isNodeID reports a cluster node id the fencer would pass: a positive
// number.
func isNodeID(s string) bool {
	n, valid := scanInt(s)
	return valid && n > 0 && strings.TrimLeft(s, "0123456789") == ""
}

// IsSecretParam reports whether a parameter's value must never be shown:
// its name, in any case, speaks of a password, a secret, a token or a key
// (passwd, password, snmp_priv_passwd, hexadecimal_kg, ...).
func IsSecretParam(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"passw", "secret", "token", "key", "_kg"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "kg"
}
