package cib

import (
	"fmt"
	"strconv"
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

// Version reads the version attributes of the <cib> element. A missing
// attribute counts as 0; a malformed one is an error.
func (d *Document) Version() (Version, error) {
	var v Version
	for _, f := range []struct {
		name string
		dst  *int
	}{{"admin_epoch", &v.Admin}, {"epoch", &v.Epoch}, {"num_updates", &v.NumUpdates}} {
		s := d.Root().SelectAttrValue(f.name, "")
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return Version{}, fmt.Errorf("cib: %s=%q is not a non-negative integer", f.name, s)
		}
		*f.dst = n
	}
	return v, nil
}

// SetVersion writes v into the <cib> element's version attributes.
func (d *Document) SetVersion(v Version) {
	r := d.Root()
	r.CreateAttr("admin_epoch", strconv.Itoa(v.Admin))
	r.CreateAttr("epoch", strconv.Itoa(v.Epoch))
	r.CreateAttr("num_updates", strconv.Itoa(v.NumUpdates))
}
