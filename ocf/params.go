package ocf

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Params holds the parameter values of one agent run, checked against the
// agent's declared parameters.
type Params struct {
	spec       []Param
	index      map[string]int    // normalised key -> position in spec
	vals       map[string]string // Param.Name -> checked value
	verbose    int               // count of -v flags on the command line
	warnings   []string
	suppressed int      // warnings past MaxWarnings, only counted
	derived    []Secret // secrets derived from the parameters (password_script output)
	onSecret   func(Secret)
}

// NewParams returns an empty set of values for the declared parameters. It
// fails when two parameters answer to the same key.
func NewParams(spec []Param) (*Params, error) {
	p := &Params{spec: spec, index: make(map[string]int), vals: make(map[string]string)}
	for i := range spec {
		for _, k := range spec[i].keys() {
			if j, dup := p.index[k]; dup {
				return nil, fmt.Errorf("parameters %q and %q both answer to %q", spec[j].Name, spec[i].Name, k)
			}
			p.index[k] = i
		}
	}
	return p, nil
}

// lookup finds the parameter a key names (any accepted spelling).
func (p *Params) lookup(key string) (*Param, bool) {
	i, ok := p.index[normKey(key)]
	if !ok {
		return nil, false
	}
	return &p.spec[i], true
}

// Set checks value against the parameter key names and stores it. An
// unknown key is an error; a boolean that is not one of 1/yes/on/true or
// 0/no/off/false is an error too (Parse turns both into warnings).
func (p *Params) Set(key, value string) error {
	d, ok := p.lookup(key)
	if !ok {
		return Errorf(ExitFailure, "unknown parameter %q", key)
	}
	v, err := check(d, value)
	if err != nil {
		return err
	}
	p.vals[d.Name] = v
	return nil
}

// check validates and canonicalises one value.
func check(d *Param, value string) (string, error) {
	shown := fmt.Sprintf("%q", value)
	if d.Secret {
		shown = "(hidden)"
	}
	switch d.typ() {
	case TypeBoolean:
		switch strings.ToLower(value) {
		case "1", "yes", "on", "true":
			return "1", nil
		case "0", "no", "off", "false":
			return "0", nil
		}
		return "", Errorf(ExitFailure, "parameter %s: %s is not a boolean (1/yes/on/true or 0/no/off/false)", d.Name, shown)
	case TypeInteger:
		if _, err := strconv.Atoi(strings.TrimSpace(value)); err != nil {
			return "", Errorf(ExitFailure, "parameter %s: %s is not an integer", d.Name, shown)
		}
		return strings.TrimSpace(value), nil
	case TypeSecond:
		if _, err := parseSeconds(value); err != nil {
			return "", Errorf(ExitFailure, "parameter %s: %s is not a number of seconds", d.Name, shown)
		}
		return strings.TrimSpace(value), nil
	case TypeSelect:
		for _, c := range d.Choices {
			if strings.EqualFold(c, value) {
				return c, nil
			}
		}
		return "", Errorf(ExitFailure, "parameter %s: %s is not one of %s", d.Name, shown, strings.Join(d.Choices, ", "))
	}
	return value, nil
}

// maxSeconds bounds a seconds value (a year), so that durations never
// overflow.
const maxSeconds = 365 * 24 * 3600

func parseSeconds(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || f < 0 || f > maxSeconds {
		return 0, fmt.Errorf("out of range")
	}
	return time.Duration(f * float64(time.Second)), nil
}

// Has reports whether the parameter called name was given.
func (p *Params) Has(name string) bool {
	_, ok := p.vals[name]
	return ok
}

// raw returns the given value or the declared default.
func (p *Params) raw(name string) string {
	if v, ok := p.vals[name]; ok {
		return v
	}
	if d, ok := p.lookup(name); ok {
		return d.Default
	}
	return ""
}

// Get returns the value of the parameter called name, or its default.
// For a secret parameter it returns "[hidden]" when set: use Secret.
func (p *Params) Get(name string) string {
	if d, ok := p.lookup(name); ok && d.Secret {
		if p.Has(d.Name) {
			return Secret{}.String()
		}
		return ""
	}
	return p.raw(name)
}

// Bool reports whether a boolean parameter is set to true (or defaults to
// it).
func (p *Params) Bool(name string) bool { return p.raw(name) == "1" }

// Int returns an integer parameter's value or default (0 if neither).
func (p *Params) Int(name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(p.raw(name)))
	return n
}

// Duration returns a seconds parameter's value or default as a duration.
func (p *Params) Duration(name string) time.Duration {
	d, _ := parseSeconds(p.raw(name))
	return d
}

// Secret returns a parameter's value wrapped as a Secret.
func (p *Params) Secret(name string) Secret { return Secret{v: p.raw(name)} }

// AddSecret records a secret derived from the parameters (the output of
// password_script), so that Secrets includes it, and returns it.
func (p *Params) AddSecret(s Secret) Secret {
	if s.v != "" {
		p.derived = append(p.derived, s)
		if p.onSecret != nil {
			p.onSecret(s)
		}
	}
	return s
}

// OnSecret calls f with every secret added by AddSecret from now on.
func (p *Params) OnSecret(f func(Secret)) { p.onSecret = f }

// Secrets returns the given values of the secret parameters and the
// secrets added with AddSecret: what a redaction must hide.
func (p *Params) Secrets() []Secret {
	var ss []Secret
	for i := range p.spec {
		if d := &p.spec[i]; d.Secret && p.vals[d.Name] != "" {
			ss = append(ss, Secret{v: p.vals[d.Name]})
		}
	}
	return append(ss, p.derived...)
}

// Action returns the requested action (default reboot).
func (p *Params) Action() (Action, error) { return ParseAction(p.raw(KeyAction)) }

// Target returns the target of the action: plug (or port) when given, else
// nodename.
func (p *Params) Target() string {
	if v := p.vals[KeyPlug]; v != "" {
		return v
	}
	return p.vals[KeyNodename]
}

// Verbose returns the verbosity: verbose_level if given, else the number of
// -v flags, else 1 if verbose is true, else 0.
func (p *Params) Verbose() int {
	if p.Has("verbose_level") {
		return p.Int("verbose_level")
	}
	if p.verbose > 0 {
		return p.verbose
	}
	if p.Bool("verbose") {
		return 1
	}
	return 0
}

// Warnings returns what parsing ignored (unknown keys, bad booleans), one
// line each, never with a secret's value.
func (p *Params) Warnings() []string { return p.warnings }

// Spec returns the declared parameters.
func (p *Params) Spec() []Param { return p.spec }

// Names returns the names of the given parameters, sorted.
func (p *Params) Names() []string {
	ns := make([]string, 0, len(p.vals))
	for n := range p.vals {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// Dump returns the given parameters as sorted "name=value" lines with
// secret values hidden: safe for debug output.
func (p *Params) Dump() string {
	var b strings.Builder
	for _, n := range p.Names() {
		fmt.Fprintf(&b, "%s=%s\n", n, p.Get(n))
	}
	return b.String()
}
