package crmsh

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// clusterConf is the fencing part of a Red Hat cluster.conf.
type clusterConf struct {
	XMLName xml.Name `xml:"cluster"`
	Nodes   []struct {
		Name    string     `xml:"name,attr"`
		NodeID  string     `xml:"nodeid,attr"`
		Methods []ccMethod `xml:"fence>method"`
	} `xml:"clusternodes>clusternode"`
	Devices []struct {
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"fencedevices>fencedevice"`
}

var reBadIDChar = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\w.-]`) })

// ClusterConf turns the fencing configuration of a Red Hat cluster.conf
// into crm text: a node per clusternode, a stonith primitive per
// fencedevice (its attributes as parameters; the nodes it fences as
// pcmk_host_list, or pcmk_host_map when methods give a port), and a
// fencing topology with one level per fence method, in order. A method's
// device that carries attributes of its own besides the port (an action,
// an address) gets a primitive of its own for that node, named
// <device>-<node>, with the fencedevice's attributes overridden by the
// method's.
func ClusterConf(data []byte) (string, error) {
	var cc clusterConf
	if err := xml.Unmarshal(data, &cc); err != nil {
		return "", fmt.Errorf("cluster.conf: %w", err)
	}
	c := &ccConverter{hosts: map[string][]string{}, ports: map[string][]string{}, devices: map[string][]xml.Attr{}}
	for _, d := range cc.Devices {
		name := attrOf(d.Attrs, "name")
		if name == "" || attrOf(d.Attrs, "agent") == "" {
			return "", fmt.Errorf("cluster.conf: fencedevice %q needs a name and an agent", name)
		}
		c.devices[name] = d.Attrs
		c.order = append(c.order, name)
	}
	var b strings.Builder
	var levels []string
	for _, n := range cc.Nodes {
		line, lv, err := c.node(n.Name, n.NodeID, n.Methods)
		if err != nil {
			return "", err
		}
		b.WriteString(line)
		if lv != "" {
			levels = append(levels, lv)
		}
	}
	for _, name := range c.order {
		if err := writeDevice(&b, deviceID(name), c.devices[name], nil, c.hosts[name], c.ports[name]); err != nil {
			return "", err
		}
	}
	b.WriteString(c.own.String())
	if len(levels) > 0 {
		b.WriteString("fencing_topology " + strings.Join(levels, " ") + "\n")
	}
	return b.String(), nil
}

// ccConverter collects, per fencedevice, the nodes it fences.
type ccConverter struct {
	devices map[string][]xml.Attr
	order   []string
	hosts   map[string][]string // device -> nodes
	ports   map[string][]string // device -> node:port
	own     strings.Builder     // primitives of their own for one node
}

type ccMethod = struct {
	Name    string `xml:"name,attr"`
	Devices []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"device"`
}

// node returns the node line and the node's topology entry.
func (c *ccConverter) node(name, id string, methods []ccMethod) (string, string, error) {
	if name == "" {
		return "", "", fmt.Errorf("cluster.conf: clusternode without a name")
	}
	line := "node " + shellQuote(name) + "\n"
	if id != "" && reIDNew().MatchString(id+":") {
		line = "node " + id + ": " + shellQuote(name) + "\n"
	} else if id != "" {
		line = "node " + shellQuote("$id="+id) + " " + shellQuote(name) + "\n"
	}
	var devs []string
	for _, m := range methods {
		var ids []string
		for _, d := range m.Devices {
			base, ok := c.devices[d.Name]
			if !ok {
				return "", "", fmt.Errorf("cluster.conf: clusternode %s, method %s: no fencedevice %q", name, m.Name, d.Name)
			}
			own := ownAttrs(d.Attrs)
			if len(own) == 0 {
				ids = append(ids, deviceID(d.Name))
				c.hosts[d.Name] = appendOnce(c.hosts[d.Name], name)
				if p := attrOf(d.Attrs, "port") + attrOf(d.Attrs, "plug"); p != "" {
					c.ports[d.Name] = append(c.ports[d.Name], name+":"+p)
				}
				continue
			}
			id := deviceID(d.Name + "-" + name)
			if err := writeDevice(&c.own, id, base, d.Attrs, []string{name}, nil); err != nil {
				return "", "", err
			}
			ids = append(ids, id)
		}
		if len(ids) > 0 {
			devs = append(devs, strings.Join(ids, ","))
		}
	}
	if len(devs) == 0 {
		return line, "", nil
	}
	return line, shellQuote(name+":") + " " + strings.Join(devs, " "), nil
}

// ownAttrs are a method device's attributes besides its name and port.
func ownAttrs(attrs []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range attrs {
		switch a.Name.Local {
		case "name", "port", "plug":
		default:
			out = append(out, a)
		}
	}
	return out
}

func attrOf(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// writeDevice writes a stonith primitive: the fencedevice's attributes,
// those of a method device over them, and the host list or map.
func writeDevice(b *strings.Builder, id string, base, over []xml.Attr, hosts, ports []string) error {
	agent := attrOf(base, "agent")
	if strings.ContainsAny(agent, " :/'\"") {
		return fmt.Errorf("cluster.conf: fencedevice %q: bad agent %q", attrOf(base, "name"), agent)
	}
	var params []string
	seen := map[string]bool{}
	for _, list := range [][]xml.Attr{base, over} {
		for _, a := range list {
			k := a.Name.Local
			if k == "name" || k == "agent" || seen[k] {
				continue
			}
			seen[k] = true
			v := a.Value
			if o := attrOf(over, k); o != "" {
				v = o
			}
			params = append(params, shellQuote(k+"="+v))
		}
	}
	if len(ports) > 0 {
		params = append(params, shellQuote("pcmk_host_map="+strings.Join(ports, ";")))
	} else if len(hosts) > 0 {
		params = append(params, shellQuote("pcmk_host_list="+strings.Join(hosts, " ")))
	}
	fmt.Fprintf(b, "primitive %s stonith:%s", id, agent)
	if len(params) > 0 {
		b.WriteString(" params " + strings.Join(params, " "))
	}
	b.WriteString(" op monitor interval=" + deviceMonitorInterval + "\n")
	return nil
}

// deviceMonitorInterval is how often an imported device is checked: a
// device nobody monitors can be found broken only when a node must be
// fenced, and checking sparingly keeps the load on the device low.
const deviceMonitorInterval = "3600s"

// deviceID makes a valid id from a fencedevice name.
func deviceID(name string) string {
	id := reBadIDChar().ReplaceAllString(name, "_")
	if id == "" || !reValidID().MatchString(id) {
		id = "st_" + id
	}
	return id
}

func appendOnce(l []string, s string) []string {
	for _, x := range l {
		if x == s {
			return l
		}
	}
	return append(l, s)
}

// shellQuote quotes a word for the crm lexer.
func shellQuote(s string) string {
	if s != "" && reNoQuotes().MatchString(strings.ReplaceAll(strings.ReplaceAll(s, "=", ""), ":", "")) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
