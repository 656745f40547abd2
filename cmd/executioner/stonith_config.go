package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/internal/boundedread"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// stonithDevice is an executioner agent as stonith(8) sees a plugin.
type stonithDevice struct {
	typ   string // the -t value
	name  string // the agent's installed name, fence_exec_<device>
	agent agents.Agent
	md    *ocf.Metadata
	alias *glueAlias // the cluster-glue type it stands for; nil for executioner's own
}

// configParam is one configuration name as stonith(8) shows it.
type configParam struct {
	name, desc string
	typ        ocf.Type
	required   bool
}

// params returns the configuration names: an alias's, in cluster-glue's
// order; else the agent's own parameters (not the common, login timing,
// target or unsupported ones), the required ones first.
func (d *stonithDevice) params() []configParam {
	if d.alias != nil {
		var cs []configParam
		for _, ap := range d.alias.params {
			c := configParam{name: ap.name, desc: ap.desc, typ: ocf.TypeString, required: ap.required}
			if p, ok := d.md.Param(ap.param); ok && ap.param != "" {
				c.desc, c.typ = p.Desc, p.Type
			}
			cs = append(cs, c)
		}
		return cs
	}
	skip := map[string]bool{}
	for _, p := range append(ocf.Common(), ocf.Plug("")...) {
		skip[p.Name] = true
	}
	var req, opt []configParam
	for _, p := range d.md.Params {
		c := configParam{name: p.Name, desc: p.Desc, typ: p.Type, required: p.Required}
		switch {
		case skip[p.Name] || p.Unsupported != "":
		case p.Required:
			req = append(req, c)
		default:
			opt = append(opt, c)
		}
	}
	return append(req, opt...)
}

// confignames returns the names params describes.
func (d *stonithDevice) confignames() []string {
	var ns []string
	for _, c := range d.params() {
		ns = append(ns, c.name)
	}
	return ns
}

// positional returns the names -p and -F fill in order: an alias's
// (cluster-glue's) names; else the required names, or all of them when none
// is required.
func (d *stonithDevice) positional() []string {
	var req []string
	for _, c := range d.params() {
		if c.required {
			req = append(req, c.name)
		}
	}
	if len(req) == 0 || d.alias != nil {
		return d.confignames()
	}
	return req
}

// glueDelims are the separators of a -p value, as cluster-glue splits it.
const glueDelims = " \t\n\r\f"

// fromString assigns the words of a -p value to the positional names in
// order as cluster-glue does: words are separated by space, tab, newline,
// carriage return or form feed, and the last name takes the rest of the
// string as it is, white space and all. Too few words is an error.
func (d *stonithDevice) fromString(s string) (map[string]string, error) {
	names := d.positional()
	cfg := map[string]string{}
	for i, n := range names {
		s = strings.TrimLeft(s, glueDelims)
		if s == "" {
			return nil, fmt.Errorf("%d values for %d parameters (%s)", i, len(names), strings.Join(names, " "))
		}
		end := len(s)
		if i < len(names)-1 {
			if j := strings.IndexAny(s, glueDelims); j >= 0 {
				end = j
			}
		}
		cfg[n], s = s[:end], s[end:]
	}
	return cfg, nil
}

// fromFile reads a -F file as cluster-glue does: its first line that is
// neither empty nor a comment (a '#' in the first column) is the -p value.
// The file is read as every input is (a regular file, bounded).
func (d *stonithDevice) fromFile(ctx context.Context, path string) (map[string]string, error) {
	data, err := boundedread.File(ctx, path, boundedread.Limit(ctx))
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && l[0] != '#' {
			return d.fromString(l)
		}
	}
	return nil, fmt.Errorf("%s: no configuration line", path)
}

// fromEnv takes each configname from the environment variable so named.
func (d *stonithDevice) fromEnv() map[string]string {
	cfg := map[string]string{}
	for _, n := range d.confignames() {
		if v, ok := os.LookupEnv(n); ok {
			cfg[n] = v
		}
	}
	return cfg
}

// fromPairs reads name=value operands.
func fromPairs(nv []string) map[string]string {
	cfg := map[string]string{}
	for _, a := range nv {
		k, v, _ := strings.Cut(a, "=")
		cfg[k] = v
	}
	return cfg
}

// check validates a configuration: unknown names are S_INVAL, a missing
// or empty required name or a value with a line break S_BADCONFIG. It
// returns the exit code, 0 when valid.
func (d *stonithDevice) check(cfg map[string]string) int {
	names := d.confignames()
	code := stOK
	for k, v := range cfg {
		switch {
		case !slices.Contains(names, k):
			code = stInval
		case strings.ContainsAny(v, "\r\n") && code == stOK:
			code = stBadConfig
		}
	}
	for _, c := range d.params() {
		// cluster-glue's external plugins check their required names only
		// when they run; so does the agent behind an alias.
		if c.required && d.alias == nil && strings.TrimSpace(cfg[c.name]) == "" && code == stOK {
			code = stBadConfig
		}
	}
	return code
}

// agentConfig turns a checked configuration into the agent's parameters and
// the host list stonith keeps itself (an alias's), "" when the agent lists
// its hosts.
func (d *stonithDevice) agentConfig(cfg map[string]string) (map[string]string, string, error) {
	if d.alias == nil {
		return cfg, "", nil
	}
	return d.alias.translate(cfg)
}

// writeInvalid prints stonith(8)'s complaint about a configuration.
func (d *stonithDevice) writeInvalid(w io.Writer) {
	fmt.Fprintf(w, "Invalid config info for %s device\nValid config names are:\n", d.typ)
	for _, n := range d.confignames() {
		fmt.Fprintf(w, "\t%s\n", n)
	}
}

// writeHelp prints the device's part of -h.
func (d *stonithDevice) writeHelp(w io.Writer) {
	fmt.Fprintf(w, "\n\nSTONITH Device: %s - %s\n%s\n", d.typ, d.md.ShortDesc, d.md.LongDesc)
	if d.md.VendorURL != "" {
		fmt.Fprintf(w, "For more information see %s\n", d.md.VendorURL)
	}
	fmt.Fprintf(w, "List of valid parameter names for %s STONITH device:\n", d.typ)
	for _, n := range d.confignames() {
		fmt.Fprintf(w, "\t%s\n", n)
	}
	fmt.Fprintf(w, "For Config info [-p] syntax, give each of the above parameters (%s) in order as\n"+
		"the -p value.\nArguments are separated by white space; the last one takes the rest of the value.\n"+
		"Config file [-F] syntax is the same as -p: its first line that is not empty and has no #\n"+
		"in the first column\n", strings.Join(d.positional(), " "))
}

// stdin renders the agent's parameters, action and node as its stdin.
func (d *stonithDevice) stdin(params map[string]string, action ocf.Action, node string, verbose int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "action=%s\n", action)
	for _, k := range slices.Sorted(maps.Keys(params)) {
		fmt.Fprintf(&b, "%s=%s\n", k, params[k])
	}
	if node != "" {
		fmt.Fprintf(&b, "plug=%s\nnodename=%s\n", node, node)
	}
	if verbose > 0 {
		fmt.Fprintf(&b, "verbose=1\nverbose_level=%d\n", verbose)
	}
	return b.String()
}

// lookupDevice finds the agent for a -t value: an executioner device name
// (or installed name) or a cluster-glue type it stands for.
func lookupDevice(reg *agents.Registry, typ string) (*stonithDevice, bool) {
	var alias *glueAlias
	dev := typ
	if al, ok := glueAliases()[typ]; ok {
		alias, dev = &al, al.device
	}
	a, dev, ok := reg.Lookup(dev)
	if !ok {
		return nil, false
	}
	name := agents.Prefix + dev
	return &stonithDevice{typ: typ, name: name, agent: a, md: a.Metadata(name), alias: alias}, true
}
