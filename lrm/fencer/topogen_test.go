package fencer

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// genTopology is one generated fencing set-up: a CIB configuration (the
// local node fnode, three targets, devices of the fence_dummy contract,
// their placement) and its fencing topology, and the requests to make.
type genTopology struct {
	configuration string // <configuration> without the topology
	topology      string // <fencing-topology>, "" for none
	requests      [][2]string
}

// the agents a generated device uses, by weight
var genAgents = []string{"fence_exec_dummy", "fence_exec_dummy", "fence_exec_dummy", "fence_exec_dummy",
	"fence_exec_dummy_no_reboot", "fence_exec_dummy_no_on", "fence_exec_dummy_auto_unfence"}

// genNames are the target names a case picks three of.
var genNames = []string{"node2", "node3", "node4", "rack1-a", "rack1-b", "db7", "web10", "node10"}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// recase writes name in another letter case, half of the time.
func recase(r *rand.Rand, name string) string {
	switch r.IntN(6) {
	case 0:
		return strings.ToUpper(name)
	case 1:
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return name
}

// generate builds case n.
func generate(r *rand.Rand, n int) genTopology {
	names := slices.Clone(genNames)
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	targets := names[:3]
	var nodes strings.Builder
	fmt.Fprintf(&nodes, `<node id="1" uname="fnode"><instance_attributes id="fnode-ia"><nvpair id="fnode-site" name="site" value="%s"/></instance_attributes></node>`,
		pick(r, []string{"local", "far"}))
	for i, t := range targets {
		fmt.Fprintf(&nodes, `<node id="%d" uname="%s">`, 101+i, t)
		if r.IntN(4) > 0 {
			fmt.Fprintf(&nodes, `<instance_attributes id="%s-ia"><nvpair id="%s-rack" name="rack" value="r%d"/></instance_attributes>`, t, t, 1+r.IntN(2))
		}
		if r.IntN(8) == 0 { // the attribute twice: the fencer's lookup finds too many
			fmt.Fprintf(&nodes, `<instance_attributes id="%s-ib"><nvpair id="%s-rack2" name="rack" value="r1"/></instance_attributes>`, t, t)
		}
		nodes.WriteString(`</node>`)
	}
	ids := []string{"ipmi-a", "ipmi-b", "pdu1", "psuA", "psu-b", "sbd0", "vm.x"}
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	ids = ids[:3+r.IntN(3)]
	var resources, constraints strings.Builder
	for _, id := range ids {
		dev := genDevice(r, n, id, targets)
		switch r.IntN(10) {
		case 0:
			fmt.Fprintf(&resources, `<group id="g-%s">%s</group>`, id, dev)
			if r.IntN(2) == 0 {
				fmt.Fprintf(&constraints, `<rsc_location id="loc-g-%s" rsc="g-%s" node="fnode" score="-INFINITY"/>`, id, id)
			}
		case 1:
			fmt.Fprintf(&resources, `<clone id="cl-%s">%s</clone>`, id, dev)
		default:
			resources.WriteString(dev)
		}
		constraints.WriteString(genPlacement(r, id))
	}
	fmt.Fprintf(&resources, `<primitive id="mark-%d" class="ocf" provider="heartbeat" type="Dummy"/>`, n)
	g := genTopology{configuration: `<configuration><crm_config><cluster_property_set id="cib-bootstrap-options">` +
		`<nvpair id="opt-se" name="stonith-enabled" value="true"/></cluster_property_set></crm_config>` +
		`<nodes>` + nodes.String() + `</nodes><resources>` + resources.String() + `</resources><constraints>` +
		constraints.String() + `</constraints></configuration>`}
	g.topology = genLevels(r, targets, ids)
	for _, t := range targets {
		g.requests = append(g.requests, [2]string{t, "reboot"})
		if r.IntN(4) == 0 {
			g.requests = append(g.requests, [2]string{t, "off"})
		}
		if r.IntN(5) == 0 {
			g.requests = append(g.requests, [2]string{t, "on"})
		}
	}
	return g
}

// genDevice is one device: an agent of the fence_dummy contract passing or
// failing, the targets it can fence by one of the host checks (the names
// in other letter cases, with every separator), sometimes another host
// argument or reboot action, one attempt per action (two, sometimes, for a
// failing one), and devid naming it in the agents' call log.
func genDevice(r *rand.Rand, n int, id string, targets []string) string {
	kv := [][2]string{{"devid", fmt.Sprintf("c%d-%s", n, id)}, {"delay", "0"}, {"monitor_mode", "pass"}}
	mode := pick(r, []string{"pass", "pass", "fail"})
	kv = append(kv, [2]string{"mode", mode})
	var some []string
	for _, t := range targets {
		if r.IntN(3) > 0 {
			some = append(some, recase(r, t))
		}
	}
	if len(some) == 0 {
		some = []string{recase(r, pick(r, targets))}
	}
	switch r.IntN(9) {
	case 0, 1, 2:
		kv = append(kv, [2]string{"pcmk_host_list", join(r, some, []string{" ", ",", ";", ", ", "  ", "\t", " ;"})})
	case 3, 4:
		var entries []string
		for i, t := range some {
			port := pick(r, []string{fmt.Sprintf("p%d", i), fmt.Sprintf("%d", i+1), fmt.Sprintf("%d,%d", i, i+5), `x\:` + fmt.Sprint(i)})
			entries = append(entries, t+pick(r, []string{":", "="})+port)
		}
		kv = append(kv, [2]string{"pcmk_host_map", join(r, entries, []string{";", " ", "\t", "; "})})
	case 5, 6:
		kv = append(kv, [2]string{"mock_dynamic_hosts", join(r, some, []string{" ", ",", ", "})})
		if r.IntN(2) == 0 {
			kv = append(kv, [2]string{"pcmk_host_check", "dynamic-list"})
		}
	case 7:
		kv = append(kv, [2]string{"pcmk_host_check", pick(r, []string{"none", "NONE", "status", "Status"})})
	default:
		if r.IntN(2) == 0 {
			kv = append(kv, [2]string{"pcmk_host_check", "bogus"})
		}
		// no list at all: the list fails, and the device falls back to status
	}
	switch r.IntN(10) {
	case 0:
		kv = append(kv, [2]string{"pcmk_host_argument", "plug"})
	case 1:
		kv = append(kv, [2]string{"pcmk_host_argument", "none"})
	}
	if r.IntN(10) == 0 {
		kv = append(kv, [2]string{"pcmk_reboot_action", "off"})
	}
	tries := "1"
	if mode == "fail" && r.IntN(8) == 0 {
		tries = "2"
	}
	for _, a := range []string{"reboot", "off", "on"} {
		kv = append(kv, [2]string{"pcmk_" + a + "_retries", tries})
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<primitive id="%s" class="stonith" type="%s"><instance_attributes id="%s-ia">`, id, pick(r, genAgents), id)
	for i, p := range kv {
		fmt.Fprintf(&b, `<nvpair id="%s-p%d" name="%s" value="%s"/>`, id, i, p[0], xmlEscape(p[1]))
	}
	b.WriteString(`</instance_attributes>`)
	if r.IntN(20) == 0 {
		fmt.Fprintf(&b, `<meta_attributes id="%s-ma"><nvpair id="%s-tr" name="target-role" value="Stopped"/></meta_attributes>`, id, id)
	}
	b.WriteString(`</primitive>`)
	return b.String()
}

// genPlacement bans or favours the device on the local node, sometimes.
func genPlacement(r *rand.Rand, id string) string {
	switch r.IntN(12) {
	case 0:
		return fmt.Sprintf(`<rsc_location id="ban-%s" rsc="%s" node="fnode" score="-INFINITY"/>`, id, id)
	case 1:
		return fmt.Sprintf(`<rsc_location id="neg-%s" rsc="%s" node="fnode" score="-%d"/>`, id, id, 1+r.IntN(50))
	case 2:
		return fmt.Sprintf(`<rsc_location id="pos-%s" rsc="%s" node="fnode" score="100"/>`, id, id)
	case 3:
		return fmt.Sprintf(`<rsc_location id="rule-%s" rsc="%s"><rule id="rule-%s-r" score="-INFINITY">`+
			`<expression id="rule-%s-e" attribute="site" operation="eq" value="local"/></rule></rsc_location>`, id, id, id, id)
	case 4:
		return fmt.Sprintf(`<rsc_location id="pat-%s" rsc-pattern="^%s$" node="fnode" score="-INFINITY"/>`, id, strings.ReplaceAll(id, ".", `\.`))
	}
	return ""
}

// genLevels writes a fencing topology for some of the targets: by name (in
// another case sometimes, or a name nobody has), by pattern, by attribute,
// levels of one to three devices (an unknown one sometimes, a device
// twice), the same target and index twice now and then (the later
// replaces the earlier).
func genLevels(r *rand.Rand, targets, ids []string) string {
	if r.IntN(6) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<fencing-topology>`)
	n := 0
	for range 1 + r.IntN(3) {
		var target string
		switch r.IntN(6) {
		case 0, 1:
			target = fmt.Sprintf(`target="%s"`, recase(r, pick(r, targets)))
		case 2:
			target = fmt.Sprintf(`target="%s"`, pick(r, []string{"nobody", "NODE2", "node"}))
		case 3, 4:
			target = fmt.Sprintf(`target-pattern="%s"`, pick(r, []string{"^node[0-9]+$", "rack1", "[Nn]ode", "^(db|web)", ".*", "node1", "-a$"}))
		default:
			target = fmt.Sprintf(`target-attribute="rack" target-value="r%d"`, 1+r.IntN(2))
		}
		for range 1 + r.IntN(3) {
			var devs []string
			for range 1 + r.IntN(3) {
				if r.IntN(10) == 0 {
					devs = append(devs, "ghost")
				} else {
					devs = append(devs, pick(r, ids))
				}
			}
			fmt.Fprintf(&b, `<fencing-level id="fl%d" %s index="%d" devices="%s"/>`, n, target, 1+r.IntN(9), strings.Join(devs, ","))
			n++
		}
	}
	b.WriteString(`</fencing-topology>`)
	return b.String()
}

func join(r *rand.Rand, xs, seps []string) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(pick(r, seps))
		}
		b.WriteString(x)
	}
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\n", "&#10;", "\t", "&#9;").Replace(s)
}

// model parses the configuration and topology as one CIB.
func (g genTopology) model() (*cib.Model, error) {
	conf := g.configuration
	if g.topology != "" {
		conf = strings.Replace(conf, "</configuration>", g.topology+"</configuration>", 1)
	}
	doc, err := cib.Parse([]byte(`<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9">` + conf + `<status/></cib>`))
	if err != nil {
		return nil, err
	}
	return doc.Model(), nil
}
