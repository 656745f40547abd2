package ocf

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// xmlAgent is the part of a resource-agent metadata document ReadMetadata
// reads.
type xmlAgent struct {
	Name   string `xml:"name,attr"`
	Params []struct {
		Name       string `xml:"name,attr"`
		Required   string `xml:"required,attr"`
		Obsoletes  string `xml:"obsoletes,attr"`
		Deprecated string `xml:"deprecated,attr"`
		Content    struct {
			Type    string `xml:"type,attr"`
			Default string `xml:"default,attr"`
			Options []struct {
				Value string `xml:"value,attr"`
			} `xml:"option"`
		} `xml:"content"`
		ShortDesc string `xml:"shortdesc"`
	} `xml:"parameters>parameter"`
}

// ReadMetadata reads an agent's metadata document (what fence-agents and
// executioner's agents print for action=metadata): its name and
// parameters, with their types, choices, defaults and whether they are
// required. A deprecated parameter that another one obsoletes becomes
// that parameter's Obsoletes name rather than a parameter of its own.
func ReadMetadata(data []byte) (*Metadata, error) {
	var a xmlAgent
	if err := xml.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("agent metadata: %w", err)
	}
	m := &Metadata{Name: a.Name}
	obsolete := map[string]bool{}
	for _, p := range a.Params {
		if p.Obsoletes != "" {
			obsolete[p.Obsoletes] = true
		}
	}
	for _, p := range a.Params {
		if p.Name == "" {
			return nil, fmt.Errorf("agent metadata %s: a parameter without a name", a.Name)
		}
		if p.Deprecated == "1" && obsolete[p.Name] {
			continue
		}
		q := Param{Name: p.Name, Obsoletes: p.Obsoletes, Type: Type(strings.TrimSpace(p.Content.Type)),
			Default: p.Content.Default, Required: p.Required == "1", Desc: strings.TrimSpace(p.ShortDesc),
			Secret: strings.Contains(strings.ToLower(p.Name), "passw")}
		for _, o := range p.Content.Options {
			q.Choices = append(q.Choices, o.Value)
		}
		m.Params = append(m.Params, q)
	}
	return m, nil
}

// Check reports whether value is one the agent accepts for the
// parameter: a number for integer and second parameters, one of the
// choices for a select. The error never holds a secret parameter's value.
func (p *Param) Check(value string) error {
	_, err := check(p, value)
	return err
}
