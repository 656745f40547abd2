package cib

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// NodeState is a <node_state> of the status section. The membership fields
// keep the text as written: Pacemaker before 2.1.7 writes booleans
// (in_ccm="true", crmd="online"), later versions epoch times or 0; see
// Membership.
type NodeState struct {
	ID       string
	Uname    string
	InCCM    *string
	Crmd     string
	Join     string
	Expected string
	// RemoteNode is the remote_node attribute: the entry is a remote node's.
	RemoteNode bool
	// NodeFenced is the node_fenced attribute of a remote node's entry.
	NodeFenced string
	// Attrs holds the transient attributes.
	Attrs map[string]string
	// History lists the resource history (lrm_resource entries).
	History []ResourceHistory
}

// ResourceHistory is an <lrm_resource>: what the executor did with one
// resource on one node.
type ResourceHistory struct {
	ID        string
	Class     string
	Provider  string
	Type      string
	Container string
	Ops       []OpRecord
}

// OpRecord is an <lrm_rsc_op>. Missing numbers read as -1 with the
// matching Has flag false.
type OpRecord struct {
	ID        string
	Operation string
	// Key is operation_key: RESOURCE_TASK_INTERVAL.
	Key           string
	CallID        int
	RC            int
	OpStatus      int
	HasRC         bool
	HasOpStatus   bool
	IntervalMS    int
	TransitionKey string
	// TransitionMagic is "status:rc;transition-key".
	TransitionMagic string
	OnNode          string
	LastRCChange    int64
	// HasLastRCChange tells whether last-rc-change is present and numeric.
	HasLastRCChange bool
	ExitReason      string
	// Digest is op-digest: the digest of the parameters it ran with.
	// SecureDigest (op-secure-digest) leaves out the private parameters
	// SecureParams (op-secure-params) names; RestartDigest
	// (op-restart-digest) covers only the parameters RestartParams
	// (op-force-restart) names. Each Has flag tells whether the attribute
	// is present.
	Digest, SecureDigest, SecureParams, RestartDigest, RestartParams string
	HasDigest, HasSecureDigest, HasSecureParams, HasRestartDigest    bool
	HasRestartParams                                                 bool
	// FeatureSet is the crm_feature_set the operation was recorded with.
	FeatureSet string
	// MigrateSource and MigrateTarget name the nodes of a live migration.
	MigrateSource string
	MigrateTarget string
}

// TargetRC is the expected result encoded in the transition key
// (action:transition:target-rc:uuid), or -1.
func (o OpRecord) TargetRC() int {
	parts := strings.Split(o.TransitionKey, ":")
	if len(parts) != 4 {
		return -1
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil {
		return -1
	}
	return n
}

func (m *Model) readStatus(st *etree.Element) {
	m.NodeStates = make([]NodeState, 0, countElements(st, "node_state"))
	for _, ns := range st.SelectElements("node_state") {
		m.NodeStates = append(m.NodeStates, m.readNodeState(ns))
	}
	if t := st.SelectElement("tickets"); t != nil {
		for _, ts := range t.SelectElements("ticket_state") {
			id := attr(ts, "id")
			m.Tickets[id] = TicketState{ID: id, Granted: IsTrue(attr(ts, "granted")), Standby: IsTrue(attr(ts, "standby"))}
		}
	}
}

func (m *Model) readNodeState(e *etree.Element) NodeState {
	s := NodeState{ID: attr(e, "id"), Uname: attr(e, "uname"), Crmd: attr(e, "crmd"),
		Join: attr(e, "join"), Expected: attr(e, "expected"), RemoteNode: IsTrue(attr(e, "remote_node")),
		NodeFenced: attr(e, "node_fenced"), Attrs: map[string]string{}}
	if a := e.SelectAttr("in_ccm"); a != nil {
		v := a.Value
		s.InCCM = &v
	}
	if ta := e.SelectElement("transient_attributes"); ta != nil {
		readSetsOverwrite(ta, "instance_attributes", "", s.Attrs, m.ExecutionDate, true)
	}
	if lrm := e.SelectElement("lrm"); lrm != nil {
		if rs := lrm.SelectElement("lrm_resources"); rs != nil {
			s.History = make([]ResourceHistory, 0, countElements(rs, "lrm_resource"))
			for _, r := range rs.SelectElements("lrm_resource") {
				s.History = append(s.History, readHistory(r))
			}
		}
	}
	return s
}

func readHistory(r *etree.Element) ResourceHistory {
	h := ResourceHistory{ID: attr(r, "id"), Class: attr(r, "class"), Provider: attr(r, "provider"),
		Type: attr(r, "type"), Container: attr(r, "container")}
	h.Ops = make([]OpRecord, 0, countElements(r, "lrm_rsc_op"))
	for _, t := range r.Child {
		if o, ok := t.(*etree.Element); ok && o.Tag == "lrm_rsc_op" {
			h.Ops = append(h.Ops, readOpRecord(o))
		}
	}
	return h
}

// readOpRecord reads an lrm_rsc_op in one pass over its attributes
// (looking each of its twenty up would scan them twenty times). Like
// etree's SelectAttr, the first attribute of a name counts whatever its
// prefix: the attributes are read last to first, the first overwriting.
func readOpRecord(o *etree.Element) OpRecord {
	op := OpRecord{CallID: -1, RC: -1, OpStatus: -1, IntervalMS: -1}
	for i := len(o.Attr) - 1; i >= 0; i-- {
		v := o.Attr[i].Value
		switch o.Attr[i].Key {
		case "id":
			op.ID = v
		case "operation":
			op.Operation = v
		case "operation_key":
			op.Key = v
		case "transition-key":
			op.TransitionKey = v
		case "transition-magic":
			op.TransitionMagic = v
		case "on_node":
			op.OnNode = v
		case "exit-reason":
			op.ExitReason = v
		case "crm_feature_set":
			op.FeatureSet = v
		case "migrate_source":
			op.MigrateSource = v
		case "migrate_target":
			op.MigrateTarget = v
		case "call-id":
			op.CallID, _ = decimal(v)
		case "rc-code":
			op.RC, op.HasRC = decimal(v)
		case "op-status":
			op.OpStatus, op.HasOpStatus = decimal(v)
		case "interval":
			op.IntervalMS, _ = decimal(v)
		case "op-digest":
			op.Digest, op.HasDigest = v, true
		case "op-secure-digest":
			op.SecureDigest, op.HasSecureDigest = v, true
		case "op-secure-params":
			op.SecureParams, op.HasSecureParams = v, true
		case "op-restart-digest":
			op.RestartDigest, op.HasRestartDigest = v, true
		case "op-force-restart":
			op.RestartParams, op.HasRestartParams = v, true
		case "last-rc-change":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				n = 0
			}
			op.LastRCChange, op.HasLastRCChange = n, err == nil
		}
	}
	return op
}

// countElements counts e's child elements of one tag, to size what is
// read from them (e's children also count its white space).
func countElements(e *etree.Element, tag string) int {
	n := 0
	for _, t := range e.Child {
		if c, ok := t.(*etree.Element); ok && c.Tag == tag {
			n++
		}
	}
	return n
}

// decimal reads a decimal integer; -1 and false when v is not one.
func decimal(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1, false
	}
	return n, true
}

// Membership reads an in_ccm or crmd value in either format: a boolean
// ("true"/"false", "online"/"offline") or, since Pacemaker 2.1.7, the epoch
// time the node joined (0 when it is out). It reports whether the value
// means "up" and whether it was an epoch time.
func Membership(v string) (up, epoch bool) {
	switch strings.ToLower(v) {
	case "online":
		return true, false
	case "offline":
		return false, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && v != "1" {
		return n > 1, true
	}
	return IsTrue(v), false
}
