package cib

import "github.com/beevik/etree"

// Location is an rsc_location constraint. Rule-based locations keep their
// node empty and Rule set.
type Location struct {
	ID         string
	Rsc        string
	RscPattern string
	Node       string
	Score      string
	Role       string
	// Discovery is resource-discovery: always, never or exclusive.
	Discovery string
	// Rules holds the constraint's rules, when it places the resource
	// through rules rather than a node and score.
	Rules []Rule
	// Set lists the resources of resource_set children, if any.
	Set []string
}

// Rule is a location rule: a score and expressions, date expressions and
// nested rules joined by and/or.
type Rule struct {
	ID          string
	Score       string
	ScoreAttr   string
	BooleanOp   string
	Role        string
	Expressions []Expression
	Dates       []DateExpression
	Rules       []Rule
	// Others counts the children that are none of those (resource and
	// operation expressions, unknown elements): each evaluates false.
	Others int
	// Complex is true when the rule holds something other than plain
	// node-attribute expressions.
	Complex bool
}

// Expression is a node-attribute test of a rule.
type Expression struct {
	Attribute string
	Operation string
	Value     string
	Type      string
}

func readRules(c *etree.Element) []Rule {
	var out []Rule
	for _, r := range c.SelectElements("rule") {
		out = append(out, readRule(r))
	}
	return out
}

func readRule(r *etree.Element) Rule {
	rule := Rule{ID: attr(r, "id"), Score: attr(r, "score"), ScoreAttr: attr(r, "score-attribute"),
		BooleanOp: attr(r, "boolean-op"), Role: attr(r, "role")}
	for _, e := range r.ChildElements() {
		switch e.Tag {
		case "expression":
			rule.Expressions = append(rule.Expressions, Expression{Attribute: attr(e, "attribute"),
				Operation: attr(e, "operation"), Value: attr(e, "value"), Type: attr(e, "type")})
			continue
		case "date_expression":
			rule.Dates = append(rule.Dates, readDateExpression(e))
		case "rule":
			rule.Rules = append(rule.Rules, readRule(e))
		default:
			rule.Others++
		}
		rule.Complex = true
	}
	return rule
}

func readDateExpression(e *etree.Element) DateExpression {
	d := DateExpression{ID: attr(e, "id"), Operation: attr(e, "operation"), Start: attr(e, "start"), End: attr(e, "end")}
	if c := e.SelectElement("duration"); c != nil {
		d.Duration = map[string]string{}
		for _, a := range c.Attr {
			d.Duration[a.Key] = a.Value
		}
	}
	if c := e.SelectElement("date_spec"); c != nil {
		d.Spec = map[string]string{}
		for _, a := range c.Attr {
			d.Spec[a.Key] = a.Value
		}
	}
	return d
}

// Colocation is an rsc_colocation constraint (resource sets flattened).
type Colocation struct {
	ID, Rsc, WithRsc, Score, RscRole, WithRscRole string
}

// Order is an rsc_order constraint (resource sets flattened).
type Order struct {
	ID, First, Then, FirstAction, ThenAction, Kind, Score string
}

// RscTicket is an rsc_ticket constraint: a resource that depends on a
// ticket, and what happens when the ticket is lost.
type RscTicket struct {
	ID         string
	Ticket     string
	Rsc        string
	RscRole    string
	LossPolicy string
}

// FencingLevel is a fencing-topology level: the devices to try, in order,
// for the nodes it targets.
type FencingLevel struct {
	ID    string
	Index string
	// Exactly one of Target, TargetPattern or TargetAttribute is usually set.
	Target          string
	TargetPattern   string
	TargetAttribute string
	TargetValue     string
	Devices         string
	// Attrs holds every attribute as written: Pacemaker tells an absent
	// attribute from an empty one.
	Attrs map[string]string
}

// TicketState is a ticket's state in the status section.
type TicketState struct {
	ID      string
	Granted bool
	Standby bool
}

// readConstraints reads the constraints; the lists are sized by the number
// of children first, since appending to them one by one copies a large
// cluster's constraints many times over.
func (m *Model) readConstraints(e *etree.Element) {
	m.Locations = make([]Location, 0, len(e.Child))
	for _, c := range e.ChildElements() {
		switch c.Tag {
		case "rsc_location":
			l := Location{ID: attr(c, "id"), Rsc: attr(c, "rsc"), RscPattern: attr(c, "rsc-pattern"),
				Node: attr(c, "node"), Score: attr(c, "score"), Role: attr(c, "role"),
				Discovery: attr(c, "resource-discovery"), Rules: readRules(c), Set: setMembers(c)}
			m.Locations = append(m.Locations, l)
		case "rsc_colocation":
			m.Colocations = append(m.Colocations, Colocation{ID: attr(c, "id"), Rsc: attr(c, "rsc"),
				WithRsc: attr(c, "with-rsc"), Score: attr(c, "score"),
				RscRole: attr(c, "rsc-role"), WithRscRole: attr(c, "with-rsc-role")})
		case "rsc_order":
			m.Orders = append(m.Orders, Order{ID: attr(c, "id"), First: attr(c, "first"), Then: attr(c, "then"),
				FirstAction: attr(c, "first-action"), ThenAction: attr(c, "then-action"),
				Kind: attr(c, "kind"), Score: attr(c, "score")})
		case "rsc_ticket":
			m.readTicket(c)
		}
	}
}

func (m *Model) readTicket(c *etree.Element) {
	t := RscTicket{ID: attr(c, "id"), Ticket: attr(c, "ticket"), Rsc: attr(c, "rsc"),
		RscRole: attr(c, "rsc-role"), LossPolicy: attr(c, "loss-policy")}
	if t.Rsc != "" {
		m.RscTickets = append(m.RscTickets, t)
		return
	}
	for _, set := range c.SelectElements("resource_set") {
		for _, ref := range set.SelectElements("resource_ref") {
			st := t
			st.Rsc = attr(ref, "id")
			st.RscRole = set.SelectAttrValue("role", t.RscRole)
			m.RscTickets = append(m.RscTickets, st)
		}
	}
}

func setMembers(c *etree.Element) []string {
	var ids []string
	for _, set := range c.SelectElements("resource_set") {
		for _, ref := range set.SelectElements("resource_ref") {
			ids = append(ids, attr(ref, "id"))
		}
	}
	return ids
}

func (m *Model) readFencingTopology(e *etree.Element) {
	m.FencingLevels = make([]FencingLevel, 0, len(e.Child))
	for _, l := range e.SelectElements("fencing-level") {
		m.FencingLevels = append(m.FencingLevels, FencingLevel{ID: attr(l, "id"), Index: attr(l, "index"),
			Target: attr(l, "target"), TargetPattern: attr(l, "target-pattern"),
			TargetAttribute: attr(l, "target-attribute"), TargetValue: attr(l, "target-value"),
			Devices: attr(l, "devices"), Attrs: attrMap(l)})
	}
}

func attrMap(e *etree.Element) map[string]string {
	out := make(map[string]string, len(e.Attr))
	for _, a := range e.Attr {
		if a.Space == "" {
			out[a.Key] = a.Value
		}
	}
	return out
}
