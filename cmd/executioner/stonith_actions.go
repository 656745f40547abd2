package main

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// status runs the agent's monitor: -S.
func (r *stonithRun) status(ctx context.Context, d *configured) int {
	if _, err := r.exec(ctx, d, ocf.ActionMonitor, ""); err != nil {
		if !r.o.silent {
			r.logf("ERROR", "%s device not accessible.", d.typ)
		}
		return stAccess
	}
	if !r.o.silent {
		if r.terminal {
			r.logf("info", "%s device OK.", d.typ)
		} else {
			r.logf("debug", "%s device OK.", d.typ)
		}
	}
	return stOK
}

// hostList returns the hosts of -l: an alias's host list, else what the
// agent lists (the first field of each line).
func (r *stonithRun) hostList(ctx context.Context, d *configured) ([]string, error) {
	if d.alias != nil {
		return strings.FieldsFunc(d.hosts, func(r rune) bool { return strings.ContainsRune(" \t\n,;", r) }), nil
	}
	if !d.md.Has(ocf.ActionList) {
		return nil, errNoList
	}
	out, err := r.exec(ctx, d, ocf.ActionList, "")
	if err != nil {
		return nil, err
	}
	var hosts []string
	for _, line := range strings.Split(out, "\n") {
		if host, _, _ := strings.Cut(strings.TrimSpace(line), ","); host != "" {
			hosts = append(hosts, host)
		}
	}
	return hosts, nil
}

// list prints the hosts, one a line: -l.
func (r *stonithRun) list(ctx context.Context, d *configured) int {
	hosts, err := r.hostList(ctx, d)
	if err != nil {
		r.logf("ERROR", "Could not list hosts for %s.", d.typ)
		return stNoHosts
	}
	for _, h := range hosts {
		r.stdout.Write([]byte(h + "\n"))
	}
	return stOK
}

// reset runs -T reset|on|off on node (already lower-cased).
func (r *stonithRun) reset(ctx context.Context, d *configured, node string) int {
	action := map[string]ocf.Action{"reset": ocf.ActionReboot, "on": ocf.ActionOn, "off": ocf.ActionOff}[r.o.reset]
	if !d.md.Has(action) {
		r.logf("CRIT", "%s device not capable of %s operation", d.typ, r.o.reset)
		return stInval
	}
	if d.alias != nil && !slices.Contains(agents.Hosts(d.hosts), node) { // node is lower-case, as Hosts makes the list
		r.logf("CRIT", "%s: host '%s' not in hostlist.", d.typ, node)
		return stBadHost
	}
	_, err := r.exec(ctx, d, action, node)
	switch {
	case err == nil:
		if !r.o.silent {
			r.logf("info", "Host %s %s-%s.", node, d.typ, r.o.reset)
		}
		return stOK
	case errors.Is(err, agents.ErrUnknownHost):
		return stBadHost
	}
	return stResetFail
}

// usage prints msg (when given) and the usage on stderr: exit 1.
func (r *stonithRun) usage(msg string) int {
	if msg != "" {
		r.err.Write([]byte(msg + "\n"))
	}
	writeStonithUsage(r.err)
	return stBadConfig
}

// help prints the usage and the devices' descriptions (only -t's when
// given) on stdout: -h.
func (r *stonithRun) help() int {
	writeStonithUsage(r.stdout)
	r.stdout.Write([]byte("\nSTONITH -t device types and associated configuration details:\n"))
	types := glueTypes(r.reg.Devices())
	if r.o.typ != "" {
		types = []string{r.o.typ}
	}
	for _, t := range types {
		d, ok := lookupDevice(r.reg, t)
		if !ok {
			r.err.Write([]byte("Invalid device type: '" + t + "'\n"))
			return stOK
		}
		d.writeHelp(r.stdout)
	}
	return stOK
}
