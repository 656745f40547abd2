package crmsh

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
)

// clusterConf is the fencing part of a Red Hat cluster.conf.
type clusterConf struct {
	XMLName xml.Name `xml:"cluster"`
	Nodes   []struct {
		Name    string `xml:"name,attr"`
		NodeID  string `xml:"nodeid,attr"`
		Methods []struct {
			Name    string `xml:"name,attr"`
			Devices []struct {
				Name  string     `xml:"name,attr"`
				Attrs []xml.Attr `xml:",any,attr"`
			} `xml:"device"`
		} `xml:"fence>method"`
	} `xml:"clusternodes>clusternode"`
	Devices []struct {
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"fencedevices>fencedevice"`
}

var reBadIDChar = regexp.MustCompile(`[^\w.-]`)

// ClusterConf turns the fencing configuration of a Red Hat cluster.conf
// into crm text: a node per clusternode, a stonith primitive per
// fencedevice (its attributes as parameters; the nodes it fences as
// pcmk_host_list, or pcmk_host_map when methods give a port), and a
// fencing topology with one level per fence method, in order.
func ClusterConf(data []byte) (string, error) {
	var cc clusterConf
	if err := xml.Unmarshal(data, &cc); err != nil {
		return "", fmt.Errorf("cluster.conf: %w", err)
	}
	hosts := map[string][]string{} // device -> nodes
	ports := map[string][]string{} // device -> node:port
	var b strings.Builder
	var levels []string
	for _, n := range cc.Nodes {
		if n.Name == "" {
			return "", fmt.Errorf("cluster.conf: clusternode without a name")
		}
		if n.NodeID != "" {
			fmt.Fprintf(&b, "node %s: %s\n", shellQuote(n.NodeID), shellQuote(n.Name))
		} else {
			fmt.Fprintf(&b, "node %s\n", shellQuote(n.Name))
		}
		var devs []string
		for _, m := range n.Methods {
			var ids []string
			for _, d := range m.Devices {
				ids = append(ids, deviceID(d.Name))
				hosts[d.Name] = appendOnce(hosts[d.Name], n.Name)
				for _, a := range d.Attrs {
					if a.Name.Local == "port" || a.Name.Local == "plug" {
						ports[d.Name] = append(ports[d.Name], n.Name+":"+a.Value)
					}
				}
			}
			if len(ids) > 0 {
				devs = append(devs, strings.Join(ids, ","))
			}
		}
		if len(devs) > 0 {
			levels = append(levels, shellQuote(n.Name+":")+" "+strings.Join(devs, " "))
		}
	}
	for _, d := range cc.Devices {
		if err := writeDevice(&b, d.Attrs, hosts, ports); err != nil {
			return "", err
		}
	}
	if len(levels) > 0 {
		b.WriteString("fencing_topology " + strings.Join(levels, " ") + "\n")
	}
	return b.String(), nil
}

func writeDevice(b *strings.Builder, attrs []xml.Attr, hosts, ports map[string][]string) error {
	var name, agent string
	var params []string
	for _, a := range attrs {
		switch a.Name.Local {
		case "name":
			name = a.Value
		case "agent":
			agent = a.Value
		default:
			params = append(params, shellQuote(a.Name.Local+"="+a.Value))
		}
	}
	if name == "" || agent == "" || strings.ContainsAny(agent, " :/") {
		return fmt.Errorf("cluster.conf: fencedevice %q needs a name and an agent", name)
	}
	if p := ports[name]; len(p) > 0 {
		params = append(params, shellQuote("pcmk_host_map="+strings.Join(p, ";")))
	} else if h := hosts[name]; len(h) > 0 {
		params = append(params, shellQuote("pcmk_host_list="+strings.Join(h, " ")))
	}
	fmt.Fprintf(b, "primitive %s stonith:%s", deviceID(name), agent)
	if len(params) > 0 {
		b.WriteString(" params " + strings.Join(params, " "))
	}
	b.WriteString("\n")
	return nil
}

// deviceID makes a valid id from a fencedevice name.
func deviceID(name string) string {
	id := reBadIDChar.ReplaceAllString(name, "_")
	if id == "" || !reValidID.MatchString(id) {
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
	if s != "" && reNoQuotes.MatchString(strings.ReplaceAll(strings.ReplaceAll(s, "=", ""), ":", "")) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
