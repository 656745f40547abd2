package crmsh

import (
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// oldRoleSchema reports whether the CIB's schema predates OCF 1.1 role
// names (pacemaker-3.7): crmsh then writes Promoted and Unpromoted as
// Master and Slave.
func oldRoleSchema(doc *cib.Document) bool {
	a, b, ok := schemaVersion(doc)
	return ok && (a < 3 || (a == 3 && b < 7))
}

// oldACLSchema reports whether the CIB's schema predates the ACLs of
// pacemaker-2.0 (acl_permission): crmsh then reads a role's rules in the
// old syntax (read, write and deny elements). A schema that is not
// pacemaker-N.M counts as old, as in crmsh, except pacemaker-next.
func oldACLSchema(doc *cib.Document) bool {
	if doc.Root().SelectAttrValue("validate-with", "") == "pacemaker-next" {
		return false
	}
	a, _, ok := schemaVersion(doc)
	return !ok || a < 2
}

// schemaVersion reads validate-with="pacemaker-MAJOR.MINOR".
func schemaVersion(doc *cib.Document) (int, int, bool) {
	v, ok := strings.CutPrefix(doc.Root().SelectAttrValue("validate-with", ""), "pacemaker-")
	if !ok {
		return 0, 0, false
	}
	maj, min, _ := strings.Cut(v, ".")
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return a, b, true
}

var downgrade = map[string]string{"Promoted": "Master", "Unpromoted": "Slave"}

// downgradeRoles rewrites role values where crmsh's parser does.
func downgradeRoles(e *cib.Element) {
	keys := []string{"role"}
	switch e.Tag {
	case "rsc_colocation":
		keys = []string{"rsc-role", "with-rsc-role"}
	case "rsc_ticket":
		keys = []string{"rsc-role"}
	case "nvpair":
		keys = nil
		if n := attr(e, "name"); (n == "role" || n == "target-role") && !hasAttr(e, "id") {
			keys = []string{"value"}
		}
	}
	for _, k := range keys {
		if d, ok := downgrade[attr(e, k)]; ok {
			e.CreateAttr(k, d)
		}
	}
	for _, c := range e.ChildElements() {
		downgradeRoles(c)
	}
}
