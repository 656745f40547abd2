package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// status runs the agent's monitor: -S.
func (r *stonithRun) status(ctx context.Context, d *stonithDevice, cfg map[string]string) int {
	if _, err := r.exec(ctx, d, d.stdin(cfg, ocf.ActionMonitor, "")); err != nil {
		if !r.o.silent {
			fmt.Fprintf(r.err, "%s device not accessible.\n", d.typ)
		}
		return stAccess
	}
	r.info("%s device OK.", d.typ)
	return stOK
}

// list prints the hosts the agent lists, one a line: -l.
func (r *stonithRun) list(ctx context.Context, d *stonithDevice, cfg map[string]string) int {
	out, err := "", errNoList
	if d.md.Has(ocf.ActionList) {
		out, err = r.exec(ctx, d, d.stdin(cfg, ocf.ActionList, ""))
	}
	if err != nil {
		fmt.Fprintf(r.err, "Could not list hosts for %s.\n", d.typ)
		return stNoHosts
	}
	for _, line := range strings.Split(out, "\n") {
		host, _, _ := strings.Cut(strings.TrimSpace(line), ",")
		if host != "" {
			fmt.Fprintln(r.stdout, host)
		}
	}
	return stOK
}

// reset runs -T reset|on|off on node (already lower-cased).
func (r *stonithRun) reset(ctx context.Context, d *stonithDevice, cfg map[string]string, node string) int {
	action := map[string]ocf.Action{"reset": ocf.ActionReboot, "on": ocf.ActionOn, "off": ocf.ActionOff}[r.o.reset]
	if !d.md.Has(action) {
		fmt.Fprintf(r.err, "%s device not capable of %s operation\n", d.typ, r.o.reset)
		return stInval
	}
	_, err := r.exec(ctx, d, d.stdin(cfg, action, node))
	switch {
	case err == nil:
		r.info("Host %s %s-%s.", node, d.typ, r.o.reset)
		return stOK
	case errors.Is(err, agents.ErrUnknownHost):
		return stBadHost
	}
	return stResetFail
}

// usage prints msg (when given) and the usage on stderr: exit 1.
func (r *stonithRun) usage(msg string) int {
	if msg != "" {
		fmt.Fprintln(r.err, msg)
	}
	writeStonithUsage(r.err)
	return stBadConfig
}

// help prints the usage and the devices' descriptions (only -t's when
// given) on stdout: -h.
func (r *stonithRun) help() int {
	writeStonithUsage(r.stdout)
	fmt.Fprintf(r.stdout, "\nSTONITH -t device types and associated configuration details:\n")
	if r.o.typ != "" {
		d, ok := lookupDevice(r.o.typ)
		if !ok {
			fmt.Fprintf(r.err, "Invalid device type: '%s'\n", r.o.typ)
			return stOK
		}
		d.writeHelp(r.stdout)
		return stOK
	}
	for _, dev := range allDevices() {
		d, _ := lookupDevice(dev)
		d.writeHelp(r.stdout)
	}
	return stOK
}
