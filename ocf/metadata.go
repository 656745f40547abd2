package ocf

import (
	"bufio"
	"encoding/xml"
	"io"
)

// Metadata describes an agent the way Pacemaker's fencer reads it
// (action=metadata): its name, descriptions, parameters and actions.
type Metadata struct {
	Name      string       // the agent's executable name, e.g. fence_exec_ipmi
	ShortDesc string       // one line
	LongDesc  string       // a paragraph
	VendorURL string       // the device vendor's or project's URL
	Symlinks  []Symlink    // other names the agent is installed under
	Params    []Param      // everything Parse accepts, in the order shown
	Actions   []ActionSpec // the actions the agent answers
	// TargetOptional: on, off, reboot and status act on the device itself
	// when neither plug nor nodename is given (a BMC fences its own host).
	// Otherwise those actions need a target.
	TargetOptional bool
	// MultiPlug: the agent acts on every plug of a plug list (plugs
	// joined by plug_separator, as Pacemaker's pcmk_host_map "node:2,3"
	// gives them). Otherwise such a plug is refused.
	MultiPlug bool
	// Fabric: a fabric agent (fence-agents' fabric_fencing), which cuts a
	// node off a network instead of powering it off; it also takes the
	// actions enable and disable, for on and off.
	Fabric bool
}

// ParseAction reads an action name as this agent takes it: ParseAction's
// names, and enable and disable for a fabric agent.
func (m *Metadata) ParseAction(s string) (Action, error) {
	if m.Fabric {
		switch s {
		case "enable":
			return ActionOn, nil
		case "disable":
			return ActionOff, nil
		}
	}
	return ParseAction(s)
}

// Symlink is another name the agent answers to, with its description.
type Symlink struct {
	Name      string
	ShortDesc string
}

// ActionSpec advertises one action.
type ActionSpec struct {
	Name Action
	// OnTarget: the action may only run on the target node itself
	// (Pacemaker then runs it nowhere else).
	OnTarget bool
	// Automatic: for on, the device needs unfencing: Pacemaker runs on
	// before the node may start resources.
	Automatic bool
	// SetAutomatic writes automatic="0" when Automatic is false, as
	// fence-agents does for on.
	SetAutomatic bool
	// Hidden: the action is answered but not advertised (fence_ipmilan
	// answers list with a notice and does not advertise it, so that
	// Pacemaker never takes the notice for a host list).
	Hidden bool
	// Unsupported, when set, marks an action of the agent's fence-agents
	// counterpart that this agent refuses, and says why. It is not
	// advertised.
	Unsupported string
}

// Has reports whether the metadata advertises action a (what Pacemaker
// reads from the metadata).
func (m *Metadata) Has(a Action) bool {
	s, ok := m.Action(a)
	return ok && !s.Hidden && s.Unsupported == ""
}

// Accepts reports whether the agent answers action a: advertised or hidden.
func (m *Metadata) Accepts(a Action) bool {
	s, ok := m.Action(a)
	return ok && s.Unsupported == ""
}

// Action returns the declaration of action a.
func (m *Metadata) Action(a Action) (ActionSpec, bool) {
	for _, s := range m.Actions {
		if s.Name == a {
			return s, true
		}
	}
	return ActionSpec{}, false
}

// Param returns the declared parameter called name (or an obsolete name or
// alias of it).
func (m *Metadata) Param(name string) (Param, bool) {
	for _, p := range m.Params {
		for _, k := range p.keys() {
			if k == normKey(name) {
				return p, true
			}
		}
	}
	return Param{}, false
}

// WriteXML writes the metadata as a fence-agents resource-agent document.
// Pacemaker reads it at every start of a device; it is written in one
// buffer, without fmt's reflection.
func (m *Metadata) WriteXML(w io.Writer) error {
	b := bufio.NewWriterSize(w, 16<<10)
	b.WriteString("<?xml version=\"1.0\" ?>\n<resource-agent name=")
	attr(b, m.Name)
	b.WriteString(" shortdesc=")
	attr(b, m.ShortDesc)
	b.WriteString(" >\n")
	for _, s := range m.Symlinks {
		b.WriteString("<symlink name=")
		attr(b, s.Name)
		b.WriteString(" shortdesc=")
		attr(b, s.ShortDesc)
		b.WriteString("/>\n")
	}
	b.WriteString("<longdesc>")
	text(b, m.LongDesc)
	b.WriteString("</longdesc>\n<vendor-url>")
	text(b, m.VendorURL)
	b.WriteString("</vendor-url>\n<parameters>\n")
	for i := range m.Params {
		p := &m.Params[i]
		writeParam(b, p, p.Name, false)
		if p.Obsoletes != "" {
			writeParam(b, p, p.Obsoletes, true)
		}
	}
	b.WriteString("</parameters>\n<actions>\n")
	for _, a := range m.Actions {
		if a.Hidden || a.Unsupported != "" {
			continue
		}
		b.WriteString("\t<action name=")
		attr(b, string(a.Name))
		if a.OnTarget {
			b.WriteString(` on_target="1"`)
		}
		if a.Automatic || a.SetAutomatic {
			b.WriteString(` automatic="`)
			b.WriteString(bit(a.Automatic))
			b.WriteString(`"`)
		}
		b.WriteString(" />\n")
	}
	b.WriteString("</actions>\n</resource-agent>\n")
	return b.Flush()
}

// writeParam writes one <parameter>; deprecated marks the old-name copy.
func writeParam(b *bufio.Writer, p *Param, name string, deprecated bool) {
	b.WriteString("\t<parameter name=")
	attr(b, name)
	b.WriteString(` unique="0" required="`)
	b.WriteString(bit(p.Required && !deprecated))
	b.WriteString(`"`)
	switch {
	case deprecated:
		b.WriteString(` deprecated="1"`)
	case p.Obsoletes != "":
		b.WriteString(" obsoletes=")
		attr(b, p.Obsoletes)
	}
	b.WriteString(">\n\t\t<getopt mixed=")
	attr(b, p.getopt())
	b.WriteString(" />\n\t\t<content type=")
	attr(b, string(p.typ()))
	if p.Default != "" {
		b.WriteString(" default=")
		attr(b, p.Default)
	}
	if p.typ() == TypeSelect {
		b.WriteString(" >\n")
		for _, c := range p.Choices {
			b.WriteString("\t\t\t<option value=")
			attr(b, c)
			b.WriteString(" />\n")
		}
		b.WriteString("\t\t</content>\n")
	} else {
		b.WriteString(" />\n")
	}
	b.WriteString("\t\t<shortdesc lang=\"en\">")
	text(b, p.describe())
	b.WriteString("</shortdesc>\n\t</parameter>\n")
}

func bit(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// attr writes s quoted as an XML attribute value.
func attr(b *bufio.Writer, s string) {
	b.WriteByte('"')
	text(b, s)
	b.WriteByte('"')
}

// text writes s escaped for XML character data and attributes, exactly as
// encoding/xml escapes it; plain printable ASCII, which is nearly all of
// it, is written as it is.
func text(b *bufio.Writer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			_ = xml.EscapeText(b, []byte(s))
			return
		}
	}
	b.WriteString(s)
}

// ActionSpecs advertises the given actions, in order. On, when present, is
// written with automatic="0", as fence-agents writes it for a device that
// needs no unfencing.
func ActionSpecs(xs ...Action) []ActionSpec {
	as := make([]ActionSpec, 0, len(xs))
	for _, x := range xs {
		as = append(as, ActionSpec{Name: x, SetAutomatic: x == ActionOn})
	}
	return as
}
