package ocf

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// MaxInput is the most stdin Parse reads; more is an error. Pacemaker sends
// a few hundred bytes.
const MaxInput = 1 << 20

// Parse reads the parameters of one agent run the way fence-agents does:
// from the command-line arguments args (without the program name) when
// there are any, else from all of stdin. Warnings about ignored input are in
// the result's Warnings; errors are *Error with ExitFailure and name the
// parameter or line.
func Parse(spec []Param, args []string, stdin io.Reader) (*Params, error) {
	if len(args) > 0 {
		return ParseArgs(spec, args)
	}
	if stdin == nil {
		return NewParams(spec)
	}
	return ParseStdin(spec, stdin)
}

// ParseStdin reads "key=value" lines. Blank lines and lines starting with
// '#' are skipped (after trimming spaces), a line without '=' is a key with
// an empty value, one pair of double quotes around the value is removed, the
// last occurrence of a key wins, an unknown key (other than nodename) or a
// boolean that is neither true nor false is ignored with a warning.
func ParseStdin(spec []Param, r io.Reader) (*Params, error) {
	p, err := NewParams(spec)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, Errorf(ExitFailure, "stdin: %w", err)
	}
	if len(data) > MaxInput {
		return nil, Errorf(ExitFailure, "stdin: more than %d bytes of parameters", MaxInput)
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 4096), MaxInput+1)
	for n := 1; sc.Scan(); n++ {
		if err := p.stdinLine(n, sc.Text()); err != nil {
			return nil, err
		}
	}
	if p.suppressed > 0 {
		p.warnings = append(p.warnings, fmt.Sprintf("stdin: %d more lines ignored (unknown options or bad values)", p.suppressed))
	}
	return p, nil
}

// MaxWarnings is how many ignored stdin lines are reported one by one; the
// rest are counted in one last warning.
const MaxWarnings = 10

// stdinLine handles line n of stdin.
func (p *Params) stdinLine(n int, line string) error {
	line = strings.TrimSpace(line)
	if line == "" || line[0] == '#' {
		return nil
	}
	key, value, _ := strings.Cut(line, "=")
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	d, ok := p.lookup(key)
	if !ok {
		if key != KeyNodename {
			p.warn("stdin line %d: ignoring unknown option %q", n, printable(key))
		}
		return nil
	}
	v, err := check(d, value)
	if err != nil {
		switch {
		case d.typ() == TypeBoolean:
			p.warn("stdin line %d: %v; ignored", n, err)
			return nil
		case d.Name == "verbose_level": // fence-agents sets it to 0
			p.warn("stdin line %d: %v; verbose_level set to 0", n, err)
			p.vals[d.Name] = "0"
			return nil
		}
		return Errorf(ExitFailure, "stdin line %d: %w", n, err)
	}
	p.vals[d.Name] = v
	return nil
}

func (p *Params) warn(format string, args ...any) {
	if len(p.warnings) >= MaxWarnings {
		p.suppressed++
		return
	}
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

// printable shortens s and quotes nothing dangerous into a warning.
func printable(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return s
}

// ParseArgs reads GNU-style options: --name=value, --name value, -x value,
// -xvalue, and for booleans --name, -x (clustered like -vP). '-' and '_' are
// interchangeable in long names, and obsolete names and aliases are
// accepted. Repeated -v raises the verbosity. Unknown options and
// positional arguments are errors, as with getopt.
func ParseArgs(spec []Param, args []string) (*Params, error) {
	p, err := NewParams(spec)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		var used int
		switch {
		case a == "--":
			if i+1 < len(args) {
				return nil, Errorf(ExitFailure, "argument %q: unexpected", printable(args[i+1]))
			}
			return p, nil
		case strings.HasPrefix(a, "--"):
			used, err = p.longOpt(a[2:], args[i+1:])
		case strings.HasPrefix(a, "-") && len(a) > 1:
			used, err = p.shortOpts(a[1:], args[i+1:])
		default:
			err = Errorf(ExitFailure, "argument %q: unexpected (options only)", printable(a))
		}
		if err != nil {
			return nil, err
		}
		i += used
	}
	return p, nil
}

// longOpt handles --name[=value]; it returns how many of the following
// arguments it consumed.
func (p *Params) longOpt(opt string, rest []string) (int, error) {
	name, value, hasValue := strings.Cut(opt, "=")
	d, ok := p.lookup(name)
	if !ok {
		return 0, Errorf(ExitFailure, "option --%s: unknown", printable(name))
	}
	used := 0
	switch {
	case d.typ() == TypeBoolean && !hasValue:
		value = "1"
		if d.Name == "verbose" {
			p.verbose++
		}
	case !hasValue:
		if len(rest) == 0 {
			return 0, Errorf(ExitFailure, "option --%s: requires a value", d.Name)
		}
		value, used = rest[0], 1
	}
	v, err := check(d, value)
	if err != nil {
		return 0, Errorf(ExitFailure, "option --%s: %w", name, err)
	}
	p.vals[d.Name] = v
	return used, nil
}

// shortOpts handles a cluster of one-letter options like -vP or -aHOST.
func (p *Params) shortOpts(cluster string, rest []string) (int, error) {
	for j := 0; j < len(cluster); j++ {
		d := p.short(cluster[j])
		if d == nil {
			return 0, Errorf(ExitFailure, "option -%s: unknown", printable(string(cluster[j])))
		}
		if d.typ() == TypeBoolean {
			if d.Name == "verbose" {
				p.verbose++
			}
			p.vals[d.Name] = "1"
			continue
		}
		value, used := cluster[j+1:], 0
		if value == "" {
			if len(rest) == 0 {
				return 0, Errorf(ExitFailure, "option -%s: requires a value", d.Short)
			}
			value, used = rest[0], 1
		}
		v, err := check(d, value)
		if err != nil {
			return 0, Errorf(ExitFailure, "option -%s: %w", d.Short, err)
		}
		p.vals[d.Name] = v
		return used, nil
	}
	return 0, nil
}

// short finds the parameter with one-letter option c; the first declared
// wins, so an agent's own parameters (declared first) shadow common ones.
func (p *Params) short(c byte) *Param {
	for i := range p.spec {
		if len(p.spec[i].Short) == 1 && p.spec[i].Short[0] == c {
			return &p.spec[i]
		}
	}
	return nil
}
