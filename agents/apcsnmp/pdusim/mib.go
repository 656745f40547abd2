package pdusim

import (
	"fmt"
	"strconv"
)

// Kind is one device family: the sysObjectID it reports and the tables it
// serves.
type Kind struct {
	SysObjectID string
	scalars     []scalar
	columns     []column
}

// command is what a control write asks of an outlet.
type command int

const (
	cmdOn command = iota + 1
	cmdOff
	cmdReboot
)

// scalar is a variable with instance .0.
type scalar struct {
	oid  string
	read func(*State) (typ, val string)
}

// column is one column of an outlet table. Its instances are the outlet
// number, or switch.1.outlet for a daisy-chained family.
type column struct {
	prefix   string
	switched bool
	read     func(*State, *Outlet) (typ, val string)
	write    map[int]command // nil: read-only
}

// garbageState is what a state read answers with State.Garbage: no MIB
// defines it.
const garbageState = 77

// stateOf returns an outlet-state reader with the family's codes.
func stateOf(on, off int) func(*State, *Outlet) (string, string) {
	return func(s *State, o *Outlet) (string, string) {
		switch {
		case s.Garbage:
			return "integer", strconv.Itoa(garbageState)
		case o.On:
			return "integer", strconv.Itoa(on)
		}
		return "integer", strconv.Itoa(off)
	}
}

func name(_ *State, o *Outlet) (string, string)  { return "string", o.Name }
func index(_ *State, o *Outlet) (string, string) { return "integer", strconv.Itoa(o.Index) }

// pending reads sPDUOutletPending: 1 commandPending, 2 noCommandPending.
func pending(_ *State, o *Outlet) (string, string) {
	if len(o.Events) > 0 {
		return "integer", "1"
	}
	return "integer", "2"
}

func rebootDuration(s *State, _ *Outlet) (string, string) {
	return "integer", strconv.FormatInt((s.RebootMS+999)/1000, 10)
}

// The APC PowerNet-MIB tables.
const (
	sPDU      = ".1.3.6.1.4.1.318.1.1.4"
	rPDUIdent = ".1.3.6.1.4.1.318.1.1.12.1"
	rPDU      = ".1.3.6.1.4.1.318.1.1.12.3"
	msp       = ".1.3.6.1.4.1.318.1.1.6"
	tlPDU     = ".1.3.6.1.4.1.850.10.2.3.5.1"
	tlLXPDU   = ".1.3.6.1.4.1.850.1.1.3.2.3.3.1.1"
)

// masterSwitch is the sPDU group every APC switch answers.
func masterSwitch() ([]scalar, []column) {
	return []scalar{
			{sPDU + ".1.4", func(s *State) (string, string) { return "string", s.Model }},
			{sPDU + ".4.1", func(s *State) (string, string) { return "integer", strconv.Itoa(len(s.Outlets)) }},
		}, []column{
			{prefix: sPDU + ".4.2.1.1", read: index},
			{prefix: sPDU + ".4.2.1.2", read: pending},
			{prefix: sPDU + ".4.2.1.3", read: stateOf(1, 2), write: map[int]command{1: cmdOn, 2: cmdOff, 3: cmdReboot}},
			{prefix: sPDU + ".4.2.1.4", read: name},
			{prefix: sPDU + ".5.2.1.1", read: index},
			{prefix: sPDU + ".5.2.1.3", read: name},
			{prefix: sPDU + ".5.2.1.5", read: rebootDuration},
		}
}

// rackPDU is the rPDU identification scalars and the outlet control,
// configuration and status tables.
func rackPDU() ([]scalar, []column) {
	return []scalar{
			{rPDUIdent + ".5", func(s *State) (string, string) { return "string", s.Model }},
			{rPDUIdent + ".8", func(s *State) (string, string) { return "integer", strconv.Itoa(len(s.Outlets)) }},
		}, []column{
			{prefix: rPDU + ".3.1.1.1", read: index},
			{prefix: rPDU + ".3.1.1.2", read: name},
			{prefix: rPDU + ".3.1.1.4", read: stateOf(1, 2), write: map[int]command{1: cmdOn, 2: cmdOff, 3: cmdReboot}},
			{prefix: rPDU + ".4.1.1.1", read: index},
			{prefix: rPDU + ".4.1.1.2", read: name},
			{prefix: rPDU + ".4.1.1.6", read: rebootDuration},
			{prefix: rPDU + ".5.1.1.1", read: index},
			{prefix: rPDU + ".5.1.1.2", read: name},
			{prefix: rPDU + ".5.1.1.4", read: stateOf(1, 2)},
			{prefix: rPDU + ".5.1.1.5", read: pending},
		}
}

// Kinds are the emulated families, by name. The sysObjectIDs are those
// fence_apc_snmp tells apart; masterswitch reports one it does not know,
// as an old MasterSwitch does, and is driven through the sPDU table.
var Kinds = map[string]Kind{
	"masterswitch": kind(".1.3.6.1.4.1.318.1.3.4.1", false),
	"ms6":          kind(".1.3.6.1.4.1.318.1.3.4.6", true),
	"rpdu":         kind(".1.3.6.1.4.1.318.1.3.4.5", true),
	"msp": {SysObjectID: ".1.3.6.1.4.1.318.1.3.4.4", columns: []column{
		{prefix: msp + ".5.1.1.5", switched: true, read: stateOf(1, 3), write: map[int]command{1: cmdOn, 3: cmdOff, 4: cmdReboot}},
		{prefix: msp + ".7.1.1.4", switched: true, read: name},
		{prefix: msp + ".7.1.1.5", switched: true, read: stateOf(1, 2)},
	}},
	"tripplite": {SysObjectID: ".1.3.6.1.4.1.850.1", columns: []column{
		{prefix: tlPDU + ".2.1", read: stateOf(2, 1)},
		{prefix: tlPDU + ".4.1", read: stateOf(2, 1), write: map[int]command{2: cmdOn, 1: cmdOff, 3: cmdReboot}},
		{prefix: tlPDU + ".5.1", read: name},
	}},
	"tripplite-lx": {SysObjectID: ".1.3.6.1.4.1.850.1.1.1", columns: []column{
		{prefix: tlLXPDU + ".2.1", read: name},
		{prefix: tlLXPDU + ".4.1", read: stateOf(2, 1)},
		{prefix: tlLXPDU + ".6.1", read: stateOf(2, 1), write: map[int]command{2: cmdOn, 1: cmdOff, 3: cmdReboot}},
	}},
}

// kind is an APC family answering the sPDU group, and the rPDU groups
// when rack is set.
func kind(sysObjectID string, rack bool) Kind {
	sc, cols := masterSwitch()
	if rack {
		rsc, rcols := rackPDU()
		sc, cols = append(sc, rsc...), append(cols, rcols...)
	}
	return Kind{SysObjectID: sysObjectID, scalars: sc, columns: cols}
}

// instance is the OID of column c for outlet o.
func (c column) instance(o *Outlet) string {
	if c.switched {
		return fmt.Sprintf("%s.%d.1.%d", c.prefix, o.Switch, o.Index)
	}
	return fmt.Sprintf("%s.%d", c.prefix, o.Index)
}
