package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The exit codes of cluster-glue's stonith(8): its S_* values.
const (
	stOK        = 0
	stBadConfig = 1 // also every usage error
	stAccess    = 2
	stInval     = 3
	stBadHost   = 4
	stResetFail = 5
	stOops      = 8
	stNoHosts   = 255 // -l could not list the hosts (rc -1)
)

// stonithOpts is a parsed stonith(8) command line.
type stonithOpts struct {
	count                                int
	typ, file, params, reset             string
	env, help, meta, hosts, types, names bool
	silent, status, verbose, version     bool
	debug                                int
	positional                           []string // name=value pairs, then the node
}

// stonithUsage is a command-line error: message (may be empty), then the
// usage on stderr, exit 1.
type stonithUsage struct{ msg string }

func (e *stonithUsage) Error() string { return e.msg }

// withArg lists the options that take an argument
// (getopt "c:F:p:t:T:EsnSlLmvhVd").
const withArg = "cFptT"

// parseStonithArgs parses args the way GNU getopt does for stonith(8):
// options may follow operands, "--" ends the options, and a letter that
// takes an argument uses the rest of its word or the next word.
func parseStonithArgs(args []string) (*stonithOpts, error) {
	o := &stonithOpts{count: 1, reset: "reset"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.positional = append(o.positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			o.positional = append(o.positional, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if !strings.ContainsRune(withArg, rune(c)) {
				if err := o.flag(c); err != nil {
					return nil, err
				}
				continue
			}
			val := a[j+1:]
			if val == "" {
				if i+1 == len(args) {
					return nil, &stonithUsage{fmt.Sprintf("stonith: option requires an argument -- '%c'", c)}
				}
				i++
				val = args[i]
			}
			if err := o.value(c, val); err != nil {
				return nil, err
			}
			break
		}
	}
	return o, nil
}

// flag sets a boolean option.
func (o *stonithOpts) flag(c byte) error {
	switch c {
	case 'E':
		o.env = true
	case 's':
		o.silent = true
	case 'n':
		o.names = true
	case 'S':
		o.status = true
	case 'l':
		o.hosts = true
	case 'L':
		o.types = true
	case 'm':
		o.meta = true
	case 'v':
		o.verbose = true
	case 'h':
		o.help = true
	case 'V':
		o.version = true
	case 'd':
		o.debug++
	default:
		return &stonithUsage{fmt.Sprintf("stonith: invalid option -- '%c'", c)}
	}
	return nil
}

// value sets an option with an argument.
func (o *stonithOpts) value(c byte, v string) error {
	switch c {
	case 'c':
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return &stonithUsage{fmt.Sprintf("bad count [%s]", v)}
		}
		o.count = n
	case 'F':
		o.file = v
	case 'p':
		o.params = v
	case 't':
		o.typ = v
	case 'T':
		if v != "reset" && v != "on" && v != "off" {
			return &stonithUsage{fmt.Sprintf("bad reset type [%s]", v)}
		}
		o.reset = v
	}
	return nil
}

// split separates the name=value operands from the rest (the node), as
// stonith(8) does: the pairs come first.
func (o *stonithOpts) split() (nv, rest []string) {
	i := 0
	for i < len(o.positional) && strings.Contains(o.positional[i], "=") {
		i++
	}
	return o.positional[:i], o.positional[i:]
}

// writeStonithUsage prints stonith(8)'s usage.
func writeStonithUsage(w io.Writer) {
	dev := "{-p stonith-device-parameters | -F stonith-device-parameters-file | -E | name=value...} [-c count]"
	fmt.Fprintf(w, "usage:\n"+
		"\t stonith [-svh] -L\n"+
		"\t stonith [-svh] -t stonith-device-type -n\n"+
		"\t stonith [-svh] -t stonith-device-type -m\n"+
		"\t stonith [-svh] -t stonith-device-type %s -lS\n"+
		"\t stonith [-svh] -t stonith-device-type %s -T {reset|on|off} nodename\n"+
		"\nwhere:\n"+
		"\t-L\tlist supported stonith device types\n"+
		"\t-l\tlist hosts controlled by this stonith device\n"+
		"\t-S\treport stonith device status\n"+
		"\t-s\tsilent\n"+
		"\t-v\tverbose\n"+
		"\t-n\toutput the config names of stonith-device-parameters\n"+
		"\t-m\tdisplay meta-data of the stonith device type\n"+
		"\t-h\tdisplay detailed help message with stonith device description(s)\n", dev, dev)
}
