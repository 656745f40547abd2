package ocf

import (
	"fmt"
	"sort"
	"strings"
)

// Type is the type of a parameter's value, as the metadata names it.
type Type string

// The parameter types of fence-agents' metadata schema.
const (
	TypeString  Type = "string"
	TypeBoolean Type = "boolean" // a flag on the command line, 0/1 on stdin
	TypeInteger Type = "integer"
	TypeSecond  Type = "second" // a number of seconds, fractions allowed
	TypeSelect  Type = "select" // one of Param.Choices
)

// Param declares one parameter an agent accepts.
type Param struct {
	Name      string   // stdin key and long option (with '_' for '-'), e.g. "ip"
	Obsoletes string   // the old fence-agents key it replaces, e.g. "ipaddr"; accepted and advertised as deprecated
	Aliases   []string // further accepted keys, not advertised
	Short     string   // one-letter command-line option without '-', e.g. "a"
	Type      Type     // TypeString when empty
	Choices   []string // the allowed values of a TypeSelect
	Default   string   // advertised default and the value Params.String falls back to
	Required  bool     // advertised as required (not enforced by Parse)
	Secret    bool     // only readable as a Secret; never printed
	ArgName   string   // the placeholder in the getopt text, e.g. "ip" in --ip=[ip]
	Desc      string   // the one-line description (shortdesc)
	// Unsupported, when set, marks a parameter of the agent's fence-agents
	// counterpart that this agent does not implement, and says why. It is
	// still declared (so it is never an unknown option) and its metadata
	// description says it is not supported.
	Unsupported string
	// Refuse makes a run that sets an Unsupported parameter fail before
	// anything is done, because ignoring it would act differently than
	// asked (another target, another authentication). Without Refuse a set
	// Unsupported parameter is ignored with a warning.
	Refuse bool
}

// IsSet reports whether value, given for the parameter, asks for something:
// a boolean set true, any other type a non-empty value other than the
// default.
func (p *Param) IsSet(value string) bool {
	if p.typ() == TypeBoolean {
		return value == "1"
	}
	return value != "" && value != p.Default
}

// describe is the metadata description: Desc, and for an unsupported
// parameter why it is not supported and what a value does.
func (p *Param) describe() string {
	if p.Unsupported == "" {
		return p.Desc
	}
	what := "ignored"
	if p.Refuse {
		what = "refused"
	}
	return fmt.Sprintf("%s (not supported: %s; %s)", p.Desc, p.Unsupported, what)
}

func (p *Param) typ() Type {
	if p.Type == "" {
		return TypeString
	}
	return p.Type
}

// keys returns every key the parameter answers to, normalised.
func (p *Param) keys() []string {
	ks := []string{normKey(p.Name)}
	if p.Obsoletes != "" {
		ks = append(ks, normKey(p.Obsoletes))
	}
	for _, a := range p.Aliases {
		ks = append(ks, normKey(a))
	}
	return ks
}

// getopt renders the "mixed" getopt text of the metadata, e.g.
// "-a, --ip=[ip]".
func (p *Param) getopt() string {
	long := "--" + strings.ReplaceAll(p.Name, "_", "-")
	if p.typ() != TypeBoolean {
		arg := p.ArgName
		if arg == "" {
			arg = "value"
		}
		long += "=[" + arg + "]"
	}
	if p.Short != "" {
		return "-" + p.Short + ", " + long
	}
	return long
}

// normKey maps '-' to '_' (keys are case-sensitive, as in fencing.py).
func normKey(k string) string {
	return strings.ReplaceAll(k, "-", "_")
}

// Secret is a parameter value that must never be shown: every way of
// printing it gives "[hidden]". Reveal returns the value.
type Secret struct{ v string }

// Redact replaces every occurrence of a non-empty secret in s with
// "[hidden]", longest secret first, for text that did not come from
// executioner's own code (a library's error, a crash's report).
func Redact(s string, secrets ...Secret) string {
	ss := make([]string, 0, len(secrets))
	for _, x := range secrets {
		if x.v != "" {
			ss = append(ss, x.v)
		}
	}
	sort.Slice(ss, func(i, j int) bool { return len(ss[i]) > len(ss[j]) })
	for _, x := range ss {
		s = strings.ReplaceAll(s, x, "[hidden]")
	}
	return s
}

// NewSecret wraps v as a Secret.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the secret value, for the one call that needs it.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns "[hidden]".
func (s Secret) String() string { return "[hidden]" }

// GoString returns "[hidden]".
func (s Secret) GoString() string { return "[hidden]" }

// MarshalText returns "[hidden]".
func (s Secret) MarshalText() ([]byte, error) { return []byte("[hidden]"), nil }
