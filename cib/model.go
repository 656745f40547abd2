package cib

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// Model is a typed, read-only view of a CIB: configuration and status, as
// plain values that do not refer back to the XML tree. Build it with
// Document.Model. Name/value sets are read as Pacemaker reads them (see
// readSets): cib-bootstrap-options first, then by score, a set's rule
// evaluated at the execution date.
type Model struct {
	// HaveQuorum is the <cib have-quorum> flag ("1" or "true").
	HaveQuorum bool
	// NoQuorumPanic is the <cib no-quorum-panic> flag.
	NoQuorumPanic bool
	// DCUUID is the <cib dc-uuid> attribute: the id of the designated controller.
	DCUUID string
	// ExecutionDate is the <cib execution-date> attribute (seconds since the
	// epoch): the time a saved CIB is to be evaluated at, or 0.
	ExecutionDate int64
	// FeatureSet is the <cib crm_feature_set> attribute: the version of the
	// CIB format the writer used.
	FeatureSet string

	// Properties holds the cluster options (crm_config).
	Properties map[string]string
	// RscDefaults holds the meta attributes of rsc_defaults.
	RscDefaults map[string]string
	// OpDefaults holds the meta attributes of op_defaults.
	OpDefaults map[string]string

	// Nodes lists the configured nodes in document order.
	Nodes []Node
	// Resources lists the top-level resources in document order.
	Resources []*Resource
	// Templates maps a resource template id to its definition.
	Templates map[string]*Resource

	Locations     []Location
	Colocations   []Colocation
	Orders        []Order
	RscTickets    []RscTicket
	FencingLevels []FencingLevel
	// Tags maps a tag id to the ids it refers to.
	Tags map[string][]string

	// NodeStates lists the status section's node_state entries in order.
	NodeStates []NodeState
	// Tickets maps a ticket id to its state in the status section.
	Tickets map[string]TicketState
}

// Node is a configured cluster, remote or ping node.
type Node struct {
	ID    string
	Uname string
	// Type is the type attribute as written: "", member, normal, remote or ping.
	Type string
	// Attrs holds the node's instance attributes.
	Attrs map[string]string
	// Utilization holds the node's utilization attributes.
	Utilization map[string]string
	// Pairs lists every nvpair of every instance_attributes set of the
	// node, rules or not, in document order: what Pacemaker's fencer
	// matches target-attribute levels against.
	Pairs []NVPair
}

// NVPair is one name/value pair as written.
type NVPair struct {
	Name, Value string
}

// Model reads the typed view of d. It never fails: absent or malformed
// parts read as empty. It takes time and memory linear in the size of d:
// one pass over the configuration and one over the status.
func (d *Document) Model() *Model {
	root := d.Root()
	m := &Model{
		HaveQuorum:    IsTrue(root.SelectAttrValue("have-quorum", "")),
		NoQuorumPanic: IsTrue(root.SelectAttrValue("no-quorum-panic", "")),
		DCUUID:        root.SelectAttrValue("dc-uuid", ""),
		FeatureSet:    root.SelectAttrValue("crm_feature_set", ""),
		Properties:    map[string]string{},
		RscDefaults:   map[string]string{},
		OpDefaults:    map[string]string{},
		Templates:     map[string]*Resource{},
		Tags:          map[string][]string{},
		Tickets:       map[string]TicketState{},
	}
	if v, err := strconv.ParseInt(root.SelectAttrValue("execution-date", ""), 10, 64); err == nil && v > 0 {
		m.ExecutionDate = v
	}
	if cfg := root.SelectElement("configuration"); cfg != nil {
		m.readConfiguration(cfg)
	}
	if st := root.SelectElement("status"); st != nil {
		m.readStatus(st)
	}
	return m
}

func (m *Model) readConfiguration(cfg *etree.Element) {
	if e := cfg.SelectElement("crm_config"); e != nil {
		readSets(e, "cluster_property_set", "cib-bootstrap-options", m.Properties, m.ExecutionDate)
	}
	if e := cfg.SelectElement("rsc_defaults"); e != nil {
		readSets(e, "meta_attributes", "", m.RscDefaults, m.ExecutionDate)
	}
	if e := cfg.SelectElement("op_defaults"); e != nil {
		readSets(e, "meta_attributes", "", m.OpDefaults, m.ExecutionDate)
	}
	if e := cfg.SelectElement("nodes"); e != nil {
		m.Nodes = make([]Node, 0, len(e.Child))
		for _, n := range e.SelectElements("node") {
			node := Node{ID: attr(n, "id"), Uname: attr(n, "uname"), Type: attr(n, "type"), Attrs: map[string]string{}}
			readSets(n, "instance_attributes", "", node.Attrs, m.ExecutionDate)
			node.Utilization = map[string]string{}
			readSets(n, "utilization", "", node.Utilization, m.ExecutionDate)
			for _, set := range n.SelectElements("instance_attributes") {
				for _, nv := range set.SelectElements("nvpair") {
					if a := nv.SelectAttr("name"); a != nil {
						node.Pairs = append(node.Pairs, NVPair{Name: a.Value, Value: attr(nv, "value")})
					}
				}
			}
			m.Nodes = append(m.Nodes, node)
		}
	}
	if e := cfg.SelectElement("resources"); e != nil {
		m.readResources(e)
	}
	if e := cfg.SelectElement("constraints"); e != nil {
		m.readConstraints(e)
	}
	if e := cfg.SelectElement("fencing-topology"); e != nil {
		m.readFencingTopology(e)
	}
	if e := cfg.SelectElement("tags"); e != nil {
		for _, t := range e.SelectElements("tag") {
			var refs []string
			for _, r := range t.SelectElements("obj_ref") {
				refs = append(refs, attr(r, "id"))
			}
			m.Tags[attr(t, "id")] = refs
		}
	}
}

// readSets copies the nvpairs of the child sets named tag into dst in
// the order Pacemaker's pe_eval_nvpairs reads them: the set whose id is
// first (when given), then by score, highest first, sets of equal score
// last to first as written. A set whose rule does not hold at now (seconds
// since the epoch; 0 when unknown, when no date expression holds) is
// skipped; its rule sees no node attributes. A name already present keeps
// its value, unless overwrite is set.
func readSets(parent *etree.Element, tag, first string, dst map[string]string, now int64) {
	readSetsOverwrite(parent, tag, first, dst, now, false)
}

func readSetsOverwrite(parent *etree.Element, tag, first string, dst map[string]string, now int64, overwrite bool) {
	sets := parent.SelectElements(tag)
	slices.Reverse(sets)
	sort.SliceStable(sets, func(i, j int) bool {
		if first != "" && (attr(sets[i], "id") == first) != (attr(sets[j], "id") == first) {
			return attr(sets[i], "id") == first
		}
		return ParseScore(attr(sets[i], "score")) > ParseScore(attr(sets[j], "score"))
	})
	for _, s := range sets {
		if setRulesHold(s, now) {
			readNVPairs(s, dst, overwrite)
		}
	}
}

// setRulesHold is pe_eval_rules for a set: true without a rule, else
// whether one of its rules holds.
func setRulesHold(set *etree.Element, now int64) bool {
	rules := set.SelectElements("rule")
	if len(rules) == 0 {
		return true
	}
	for _, r := range rules {
		if readRule(r).HoldsWithoutNode(now) {
			return true
		}
	}
	return false
}

// readNVPairs is populate_hash: a pair without a name or a value is
// skipped, and the value "#default" removes the name.
func readNVPairs(set *etree.Element, dst map[string]string, overwrite bool) {
	for _, nv := range set.SelectElements("nvpair") {
		name, value := nv.SelectAttr("name"), nv.SelectAttr("value")
		if name == nil || value == nil {
			continue
		}
		if strings.EqualFold(value.Value, "#default") {
			delete(dst, name.Value)
			continue
		}
		if _, ok := dst[name.Value]; !ok || overwrite {
			dst[name.Value] = value.Value
		}
	}
}

func attr(e *etree.Element, name string) string { return e.SelectAttrValue(name, "") }

// IsTrue reports whether s is one of Pacemaker's true values: true, on,
// yes, y or 1, in any case.
func IsTrue(s string) bool {
	switch strings.ToLower(s) {
	case "true", "on", "yes", "y", "1":
		return true
	}
	return false
}

// IsFalse reports whether s is one of Pacemaker's false values: false, off,
// no, n or 0, in any case.
func IsFalse(s string) bool {
	switch strings.ToLower(s) {
	case "false", "off", "no", "n", "0":
		return true
	}
	return false
}

// EpochMembership reports whether the writer of this CIB records node
// membership (node_state in_ccm and crmd) as epoch times: feature set
// 3.19.0 (Pacemaker 2.1.7) and later.
func (m *Model) EpochMembership() bool {
	return CompareVersions(m.FeatureSet, "3.19.0") >= 0
}

// CompareVersions compares dotted version strings (feature sets)
// numerically, as Pacemaker's compare_version does: -1, 0 or 1.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
