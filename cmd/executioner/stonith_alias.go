package main

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// glueAlias is a cluster-glue stonith type that executioner answers with
// one of its own agents: cluster-glue's configuration names, in its order
// (what -n prints and -p fills), each passed to the agent under the name
// of its parameter, or kept by stonith itself as the host list.
type glueAlias struct {
	device string
	params []aliasParam
}

// aliasParam is one cluster-glue configuration name.
type aliasParam struct {
	name     string
	param    string // the agent's parameter; "" for the host list stonith keeps
	required bool
	values   map[string]string // cluster-glue's values to the agent's; nil passes them as they are
	desc     string            // for the host list, which the agent does not describe
}

// hostsDesc describes the host list stonith keeps for an alias.
const hostsDesc = "The list of hosts that the STONITH device controls"

// glueAliases lists the cluster-glue types executioner accepts besides its
// own device names (apcsmart, meatware, null, ssh, suicide, sbd and ipmi
// are names of both). external/ipmi's hostname and external/ssh's
// hostlist are the hosts -l lists and -T accepts; a reset of another host
// is refused as cluster-glue's plugins do with a host they do not control.
func glueAliases() map[string]glueAlias {
	return map[string]glueAlias{
		"external/ipmi": {device: "ipmi", params: []aliasParam{
			{name: "hostname", required: true, desc: "The name of the host to be managed by this STONITH device"},
			{name: "ipaddr", param: "ip", required: true},
			{name: "userid", param: "username", required: true},
			{name: "passwd", param: "password", required: true},
			{name: "interface", param: "lanplus", values: map[string]string{"lan": "0", "lanplus": "1"}},
		}},
		"external/ssh": {device: "ssh", params: []aliasParam{{name: "hostlist", required: true, desc: hostsDesc}}},
	}
}

// glueTypes is what -L lists: executioner's device names and the
// cluster-glue types it accepts, sorted.
func glueTypes(devices []string) []string {
	ts := append([]string(nil), devices...)
	for t := range glueAliases() {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// translate turns an alias's configuration into the agent's parameters,
// and returns the host list it keeps.
func (al *glueAlias) translate(cfg map[string]string) (map[string]string, string, error) {
	out, hosts := map[string]string{}, ""
	for _, ap := range al.params {
		v, ok := cfg[ap.name]
		switch {
		case !ok:
		case ap.param == "":
			hosts = v
		case ap.values != nil:
			mapped, known := ap.values[strings.ToLower(strings.TrimSpace(v))]
			if !known {
				return nil, "", fmt.Errorf("%s=%q is not one of %s", ap.name, v, strings.Join(slices.Sorted(maps.Keys(ap.values)), ", "))
			}
			out[ap.param] = mapped
		default:
			out[ap.param] = v
		}
	}
	return out, hosts, nil
}
