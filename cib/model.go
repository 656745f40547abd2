package cib

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// Model is a typed, read-only view of a CIB: configuration and status, as
// plain values that do not refer back to the XML tree. Build it with
// Document.Model. Name/value sets carrying a <rule> are left out, since
// their value depends on evaluation time; the first value of a name wins,
// with the set whose id is cib-bootstrap-options read first.
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
	// Attrs holds the node's rule-free instance attributes.
	Attrs map[string]string
	// Utilization holds the node's rule-free utilization attributes.
	Utilization map[string]string
}

// Model reads the typed view of d. It never fails: absent or malformed
// parts read as empty.
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
		readSets(e, "cluster_property_set", "cib-bootstrap-options", m.Properties)
	}
	if e := cfg.SelectElement("rsc_defaults"); e != nil {
		readSets(e, "meta_attributes", "", m.RscDefaults)
	}
	if e := cfg.SelectElement("op_defaults"); e != nil {
		readSets(e, "meta_attributes", "", m.OpDefaults)
	}
	if e := cfg.SelectElement("nodes"); e != nil {
		for _, n := range e.SelectElements("node") {
			node := Node{ID: attr(n, "id"), Uname: attr(n, "uname"), Type: attr(n, "type"), Attrs: map[string]string{}}
			readSets(n, "instance_attributes", "", node.Attrs)
			node.Utilization = map[string]string{}
			readSets(n, "utilization", "", node.Utilization)
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

// readSets copies the nvpairs of every rule-free child set named tag into
// dst, reading the set whose id is first (when given) before the others.
// A name already present keeps its value.
func readSets(parent *etree.Element, tag, first string, dst map[string]string) {
	sets := parent.SelectElements(tag)
	if first != "" {
		for _, s := range sets {
			if attr(s, "id") == first {
				readNVPairs(s, dst)
			}
		}
	}
	for _, s := range sets {
		if first == "" || attr(s, "id") != first {
			readNVPairs(s, dst)
		}
	}
}

func readNVPairs(set *etree.Element, dst map[string]string) {
	if set.SelectElement("rule") != nil {
		return
	}
	for _, nv := range set.SelectElements("nvpair") {
		name := attr(nv, "name")
		if name == "" {
			continue
		}
		if _, ok := dst[name]; !ok {
			dst[name] = attr(nv, "value")
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
