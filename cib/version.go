package cib

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a CIB's version triple. Pacemaker orders versions by
// admin_epoch, then epoch, then num_updates.
type Version struct {
	Admin      int
	Epoch      int
	NumUpdates int
}

// String formats v as admin_epoch.epoch.num_updates.
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Admin, v.Epoch, v.NumUpdates)
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w.
func (v Version) Compare(w Version) int {
	for _, p := range [][2]int{{v.Admin, w.Admin}, {v.Epoch, w.Epoch}, {v.NumUpdates, w.NumUpdates}} {
		switch {
		case p[0] < p[1]:
			return -1
		case p[0] > p[1]:
			return 1
		}
	}
	return 0
}

// versionFields are the <cib> attributes that make up its version.
var versionFields = []string{"admin_epoch", "epoch", "num_updates"}

// Version reads the version attributes of the <cib> element. A missing
// attribute counts as 0; a malformed one is an error.
func (d *Document) Version() (Version, error) {
	var v Version
	for i, dst := range []*int{&v.Admin, &v.Epoch, &v.NumUpdates} {
		a := d.Root().SelectAttr(versionFields[i])
		if a == nil {
			continue
		}
		n, err := versionNumber(a.Value)
		if err != nil {
			return Version{}, fmt.Errorf("cib: %s=%q %w", a.Key, a.Value, err)
		}
		*dst = n
	}
	return v, nil
}

// versionNumber reads a version counter as the schema types it,
// nonNegativeInteger: surrounding white space and a + sign allowed.
func versionNumber(s string) (int, error) {
	t := strings.TrimLeft(strings.Trim(s, " \t\r\n"), "+")
	n, err := strconv.Atoi(t)
	switch {
	case t == "" || strings.Trim(t, "0123456789") != "":
		return 0, errors.New("is not a non-negative integer")
	case err != nil:
		return 0, errors.New("is too large")
	}
	return n, nil
}

// checkVersion reports a version attribute of <cib> that is missing or
// malformed: the schema requires all three, and cibadmin cannot count on
// from a malformed one.
func (d *Document) checkVersion(*index) []Finding {
	var out []Finding
	root := d.Root()
	for _, name := range versionFields {
		a := root.SelectAttr(name)
		if a == nil {
			out = append(out, d.finding(Error, "schema", root, fmt.Sprintf("<cib> has no %s: add %s=\"0\"", name, name)))
			continue
		}
		if _, err := versionNumber(a.Value); err != nil {
			out = append(out, d.finding(Error, "schema", root, fmt.Sprintf("%s=%q %v: give a whole number, 0 or more", name, a.Value, err)))
		}
	}
	return out
}

// SetVersion writes v into the <cib> element's version attributes.
func (d *Document) SetVersion(v Version) {
	r := d.Root()
	r.CreateAttr("admin_epoch", strconv.Itoa(v.Admin))
	r.CreateAttr("epoch", strconv.Itoa(v.Epoch))
	r.CreateAttr("num_updates", strconv.Itoa(v.NumUpdates))
}
