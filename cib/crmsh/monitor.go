package crmsh

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

// addOp adds a monitor line's op to its primitive, as crmsh's add_op
// does: attributes that are not op attributes become op instance
// attributes, comments before the line go to the top of the primitive.
func (l *loader) addOp(o *Object, op *cib.Element) error {
	rsc := attr(op, "rsc")
	r := l.findObject(rsc)
	switch {
	case r == nil:
		return objErrAt(o, rsc, attr(op, "id"), "refers to missing object "+rsc+": define the primitive first")
	case r.Tag != "primitive":
		return objErrAt(o, rsc, attr(op, "id"), rsc+" is not a primitive: a monitor line adds an op to a primitive")
	}
	if findOp(r, "monitor", attr(op, "interval")) != nil {
		return objErrAt(o, rsc, attr(op, "id"), rsc+" already has a monitor op with interval "+attr(op, "interval"))
	}
	op.RemoveAttr("rsc")
	var inst *cib.Element
	var extra [][2]string
	for _, a := range op.Attr {
		if !isOpAttribute(a.Key) {
			extra = append(extra, [2]string{a.Key, a.Value})
		}
	}
	for _, a := range extra {
		if inst == nil {
			inst = cib.NewElement("instance_attributes")
		}
		op.RemoveAttr(a[0])
		inst.AddChild(newElem("nvpair", "name", a[0], "value", a[1]))
	}
	if inst != nil {
		op.AddChild(inst)
		f := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
		f.recurse(inst, nil, attr(op, "id"))
	}
	comments := cib.Comments(op)
	cib.RemoveComments(op)
	for i := len(comments) - 1; i >= 0; i-- {
		cib.InsertComment(r, 0, comments[i])
	}
	ops := r.SelectElement("operations")
	if ops == nil {
		ops = r.CreateElement("operations")
	}
	ops.AddChild(op)
	return nil
}

// findObject finds a configuration object other than a node by id.
func (l *loader) findObject(id string) *cib.Element {
	for _, f := range listObjects(l.doc) {
		if f.id == id && f.kind != "node" {
			return f.elem
		}
	}
	return nil
}

// findOp finds the op of a primitive with the name and the same interval,
// as crmsh's find_operation does: without an interval, the only op of
// that name or the one with interval 0.
func findOp(r *cib.Element, name, interval string) *cib.Element {
	var same []*cib.Element
	for _, ops := range r.SelectElements("operations") {
		for _, op := range ops.SelectElements("op") {
			if attr(op, "name") == name {
				same = append(same, op)
			}
		}
	}
	if interval == "" && len(same) == 1 {
		return same[0]
	}
	want := crmMsec(interval)
	if interval == "" {
		want = 0
	}
	for _, op := range same {
		if crmMsec(attr(op, "interval")) == want {
			return op
		}
	}
	return nil
}

var reMsec = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(\d+)\s*([a-zA-Z]+)?`) })

// crmMsec reads a duration the way crmsh compares op intervals: a number
// and an optional unit (ms, us, s, m, h and their long forms), -1 when it
// cannot.
func crmMsec(t string) int64 {
	m := reMsec().FindStringSubmatch(t)
	if t == "" || m == nil {
		return -1
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return -1
	}
	switch strings.ToLower(m[2]) {
	case "ms", "msec":
		return n
	case "us", "usec":
		return n / 1000
	case "", "s", "sec":
		return n * 1000
	case "m", "min":
		return n * 60 * 1000
	case "h", "hr":
		return n * 60 * 60 * 1000
	}
	return -1
}
