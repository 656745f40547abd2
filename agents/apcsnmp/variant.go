package apcsnmp

import "fmt"

// oidSysObjectID is SNMPv2-MIB::sysObjectID.0, which tells the device
// families apart.
const oidSysObjectID = ".1.3.6.1.2.1.1.2.0"

// variant is one device family: where its outlet tables are and what the
// values mean.
type variant struct {
	ident    string
	status   string // outlet state column
	control  string // outlet command column
	names    string // outlet name column
	stateOn  int64
	stateOff int64
	turnOn   int
	turnOff  int
	switched bool // instances are switch.1.outlet (daisy-chained switches)
}

// variants are the families fence_apc_snmp knows, by sysObjectID; the
// MasterSwitch tables, which every APC switch answers, are the fallback.
var (
	apcMS = &variant{ident: "APC Master Switch (fallback)", status: ".1.3.6.1.4.1.318.1.1.4.4.2.1.3",
		control: ".1.3.6.1.4.1.318.1.1.4.4.2.1.3", names: ".1.3.6.1.4.1.318.1.1.4.4.2.1.4",
		stateOn: 1, stateOff: 2, turnOn: 1, turnOff: 2}
	variants = map[string]*variant{
		".1.3.6.1.4.1.318.1.3.4.5": {ident: "APC rPDU", status: ".1.3.6.1.4.1.318.1.1.12.3.5.1.1.4",
			control: ".1.3.6.1.4.1.318.1.1.12.3.3.1.1.4", names: ".1.3.6.1.4.1.318.1.1.12.3.5.1.1.2",
			stateOn: 1, stateOff: 2, turnOn: 1, turnOff: 2},
		".1.3.6.1.4.1.318.1.3.4.4": {ident: "APC Master Switch+", status: ".1.3.6.1.4.1.318.1.1.6.7.1.1.5",
			control: ".1.3.6.1.4.1.318.1.1.6.5.1.1.5", names: ".1.3.6.1.4.1.318.1.1.6.7.1.1.4",
			stateOn: 1, stateOff: 2, turnOn: 1, turnOff: 3, switched: true},
		".1.3.6.1.4.1.318.1.3.4.6": {ident: "APC Master Switch with firmware v6.x", status: ".1.3.6.1.4.1.318.1.1.4.4.2.1.3",
			control: ".1.3.6.1.4.1.318.1.1.12.3.3.1.1.4", names: ".1.3.6.1.4.1.318.1.1.4.4.2.1.4",
			stateOn: 1, stateOff: 2, turnOn: 1, turnOff: 2},
		".1.3.6.1.4.1.850.1": {ident: "Tripplite", status: ".1.3.6.1.4.1.850.10.2.3.5.1.2.1",
			control: ".1.3.6.1.4.1.850.10.2.3.5.1.4.1", names: ".1.3.6.1.4.1.850.10.2.3.5.1.5",
			stateOn: 2, stateOff: 1, turnOn: 2, turnOff: 1},
		".1.3.6.1.4.1.850.1.1.1": {ident: "Tripplite LX", status: ".1.3.6.1.4.1.850.1.1.3.2.3.3.1.1.4.1",
			control: ".1.3.6.1.4.1.850.1.1.3.2.3.3.1.1.6.1", names: ".1.3.6.1.4.1.850.1.1.3.2.3.3.1.1.2.1",
			stateOn: 2, stateOff: 1, turnOn: 2, turnOff: 1},
	}
)

// outlet is a resolved plug: switch (1 unless switched) and outlet number.
type outlet struct{ sw, n int }

// instance is the OID of column for outlet o.
func (v *variant) instance(column string, o outlet) string {
	if v.switched {
		return fmt.Sprintf("%s.%d.1.%d", column, o.sw, o.n)
	}
	return fmt.Sprintf("%s.%d", column, o.n)
}
