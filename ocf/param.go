package ocf

import "strings"

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
