package crmsh

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// ShowOptions controls Show.
type ShowOptions struct {
	// Obscure lists glob patterns (path.Match syntax) of nvpair names whose
	// values are shown as ******; nil means crmsh's default "passw*".
	// An empty, non-nil list shows every value in clear.
	Obscure []string
	// IDs restricts the output to these objects; empty means all.
	IDs []string
	// InPlace lets Show and ShowXML change the document (its status is
	// removed, the configuration tidied as crmsh holds it) instead of
	// copying its configuration first: for a caller that does not use the
	// document afterwards.
	InPlace bool
}

var cliRank = map[string]int{"node": 0, "rsc_template": 1, "primitive": 2, "bundle": 3, "group": 4, "ms": 5,
	"clone": 6, "op": 7, "tag": 8, "location": 9, "colocation": 9, "order": 9, "rsc_ticket": 10,
	"fencing_topology": 10, "property": 11, "rsc_defaults": 12, "op_defaults": 13, "role": 14,
	"acl_target": 15, "acl_group": 15, "user": 15, "alert": 16}

// printer renders objects of one document.
type printer struct {
	doc     *cib.Document
	obscure []string
	// refd holds tag+" "+id of the elements crmsh believes referenced:
	// rules named by a rule $id-ref, and property or defaults sets named by
	// a set's $id-ref (crmsh records these when it reads the CIB back;
	// other attribute lists are recorded under another name and never
	// count).
	refd  map[string]bool
	nodes int
	// what checking that an object reads back needs, computed once
	allIDs    map[string]bool
	nodeNames []string
	oldRoles  bool
	acl1      bool
}

// Show prints the configuration as crm text, one object after another
// sorted the way "crm configure show" sorts them.
//
// Show takes time O(n log n) in the size n of the configuration: it is
// copied once without the status (or, with InPlace, the status is
// dropped), each object is printed once and read
// back once (readsBack) against sets of IDs and node names computed once,
// and the objects are sorted.
func Show(doc *cib.Document, opt ShowOptions) (string, error) {
	doc = sanitized(doc, opt.InPlace)
	pr := &printer{doc: doc, obscure: opt.Obscure, refd: map[string]bool{}}
	if pr.obscure == nil {
		pr.obscure = []string{"passw*"}
	}
	all := newIDStore(nil)
	all.storeTree(configuration(doc))
	pr.allIDs, pr.nodeNames, pr.oldRoles, pr.acl1 = all.m, nodeNames(doc), oldRoleSchema(doc), oldACLSchema(doc)
	objs := listObjects(doc)
	for _, f := range objs {
		switch f.kind {
		case "node":
			pr.nodes++
		case "property", "rsc_defaults", "op_defaults":
			if r := attr(f.elem, "id-ref"); r != "" {
				pr.refd[f.elem.Tag+" "+r] = true
			}
		}
		markRuleRefs(f.elem, pr.refd)
	}
	if len(opt.IDs) > 0 {
		var sel []found
		for _, id := range opt.IDs {
			i := indexOf(objs, id)
			if i < 0 {
				return "", &NotFoundError{id}
			}
			sel = append(sel, objs[i])
		}
		objs = sel
	}
	// Sorted stably, by kind, then id, then document order.
	order := make([]int, len(objs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := objs[i], objs[j]
		if d := cliRank[a.kind] - cliRank[b.kind]; d != 0 {
			return d
		}
		if d := strings.Compare(a.id, b.id); d != 0 {
			return d
		}
		return i - j
	})
	var out strings.Builder
	for k, i := range order {
		if k > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(pr.object(objs[i]))
	}
	return out.String(), nil
}

// markRuleRefs records in refd the rules that rules below e (at any
// depth) name by id-ref: one walk, without compiling a path per object.
func markRuleRefs(e *cib.Element, refd map[string]bool) {
	for _, t := range e.Child {
		c, ok := t.(*cib.Element)
		if !ok {
			continue
		}
		if c.Tag == "rule" {
			if a := c.SelectAttr("id-ref"); a != nil {
				refd["rule "+a.Value] = true
			}
		}
		markRuleRefs(c, refd)
	}
}

// object renders one object as crm text, or as "xml <element>" when the
// text would not read back into the same element.
func (pr *printer) object(f found) string {
	if !pr.readsBack(f) {
		return pr.rawXML(f.elem)
	}
	return pr.render(f, true)
}

// render renders one object: its comments, then head and parts joined
// with continuation lines (or spaces).
func (pr *printer) render(f found, breakLines bool) string {
	e := f.elem
	parts := []string{pr.head(f)}
	if d := attr(e, "description"); d != "" && f.kind != "fencing_topology" {
		parts = append(parts, nvpairFormat("description", d, true))
	}
	for _, c := range e.ChildElements() {
		if s := pr.child(f.kind, e, c); s != "" {
			parts = append(parts, s)
		}
	}
	sep := " "
	if breakLines {
		sep = " \\\n\t"
	}
	s := strings.Join(parts, sep)
	if cs := cib.Comments(e); len(cs) > 0 {
		return strings.Join(cs, "\n") + "\n" + s
	}
	return s
}

// bundleSets are the parts of a bundle and their keywords; crmsh 4.4.1
// has none for rkt and podman (it cannot show them), here they read like
// docker.
var bundleSets = map[string]string{"instance_attributes": "params", "meta_attributes": "meta", "docker": "docker",
	"rkt": "rkt", "podman": "podman", "network": "network", "storage": "storage", "primitive": "primitive"}

var setNames = map[string]map[string]string{
	"node":         {"instance_attributes": "attributes", "utilization": "utilization"},
	"primitive":    {"instance_attributes": "params", "meta_attributes": "meta", "utilization": "utilization"},
	"rsc_template": {"instance_attributes": "params", "meta_attributes": "meta", "utilization": "utilization"},
	"group":        {"instance_attributes": "params", "meta_attributes": "meta"},
	"clone":        {"instance_attributes": "params", "meta_attributes": "meta"},
	"ms":           {"instance_attributes": "params", "meta_attributes": "meta"},
	"op":           {"instance_attributes": "op_params", "meta_attributes": "op_meta"},
}

func (pr *printer) child(kind string, parent, c *cib.Element) string {
	switch kind {
	case "role", "user", "acl_target", "acl_group":
		return aclChild(c)
	case "alert":
		return pr.alertChild(parent, c)
	case "bundle":
		if kw, ok := bundleSets[c.Tag]; ok {
			return pr.attrSet(kw, c)
		}
		return ""
	case "location":
		if c.Tag == "rule" {
			return "rule " + pr.rule(c)
		}
		return ""
	case "property", "rsc_defaults", "op_defaults":
		switch c.Tag {
		case "rule":
			return "rule " + pr.rule(c)
		case "nvpair":
			return pr.nvpair(c)
		}
		return ""
	}
	if kw, ok := setNames[kind][c.Tag]; ok {
		return pr.attrSet(kw, c)
	}
	if (kind == "primitive" || kind == "rsc_template") && c.Tag == "operations" {
		return pr.operations(c)
	}
	return ""
}

func (pr *printer) operations(c *cib.Element) string {
	var l []string
	s := ""
	if id := attr(c, "id"); id != "" {
		s = nvpairFormat("$id", id, true)
	}
	if r := attr(c, "id-ref"); r != "" {
		s = s + " " + nvpairFormat("$id-ref", r, true)
	}
	if s != "" {
		l = append(l, "operations "+s)
	}
	for _, op := range c.ChildElements() {
		l = append(l, pr.op(op))
	}
	return strings.Join(l, " \\\n\t")
}

func (pr *printer) op(op *cib.Element) string {
	head := []string{"op " + attr(op, "name")}
	for _, a := range op.Attr {
		if a.Key != "name" && a.Key != "id" {
			head = append(head, nvpairFormat(a.Key, a.Value, true))
		}
	}
	parts := []string{strings.Join(head, " ")}
	if d := op.SelectAttr("description"); d != nil && d.Value != "" {
		parts = append(parts, nvpairFormat("description", d.Value, true))
	}
	for _, c := range op.ChildElements() {
		if kw, ok := setNames["op"][c.Tag]; ok {
			parts = append(parts, pr.attrSet(kw, c))
		}
	}
	s := strings.Join(parts, " \\\n\t")
	if cs := cib.Comments(op); len(cs) > 0 {
		return strings.Join(cs, "\n") + "\n" + s
	}
	return s
}

// attrSet renders an instance_attributes-like set after its keyword, or
// a part of a bundle: a container or network with its attributes, port
// and storage mappings with theirs, the primitive by its id.
func (pr *printer) attrSet(kw string, e *cib.Element) string {
	s := kw + " "
	if id := attr(e, "id"); id != "" && pr.refd[e.Tag+" "+id] {
		s += nvpairFormat("$id", id, true) + " "
	} else if r := e.SelectAttr("id-ref"); r != nil {
		s += nvpairFormat("$id-ref", r.Value, true) + " "
	}
	switch e.Tag {
	case "docker", "rkt", "podman", "network":
		for _, a := range e.Attr {
			s += nvpairFormat(a.Key, a.Value, true) + " "
		}
	case "primitive":
		s += attr(e, "id")
	}
	for _, typ := range []string{"port-mapping", "storage-mapping"} {
		for _, c := range e.SelectElements(typ) {
			s += typ + " "
			for _, a := range c.Attr {
				s += nvpairFormat(a.Key, a.Value, true) + " "
			}
		}
	}
	if sc := attr(e, "score"); sc != "" {
		s += sc + ": "
	}
	for _, t := range e.Child {
		c, ok := t.(*cib.Element)
		if !ok {
			continue
		}
		if c.Tag == "rule" {
			s += "rule " + pr.rule(c) + " "
		}
	}
	for _, c := range e.ChildElements() {
		if c.Tag == "nvpair" {
			s += pr.nvpair(c) + " "
		}
	}
	return strings.TrimSuffix(s, " ")
}

func (pr *printer) nvpair(nv *cib.Element) string {
	name := nv.SelectAttr("name")
	value := nv.SelectAttr("value")
	if r := nv.SelectAttr("id-ref"); r != nil {
		if name != nil {
			return "@" + r.Value + ":" + name.Value
		}
		return "@" + r.Value
	}
	n := ""
	if name != nil {
		n = name.Value
	}
	v, hasV := "", value != nil
	if hasV {
		v = value.Value
		if name != nil && pr.obscured(n) {
			v = "******"
		}
	}
	if id := attr(nv, "id"); id != "" && pr.refd["nvpair "+id] {
		return "$" + id + ":" + nvpairFormat(n, v, hasV)
	}
	return nvpairFormat(n, v, hasV)
}

func (pr *printer) obscured(name string) bool {
	for _, g := range pr.obscure {
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}

// bare reports whether s is non-empty and made only of ASCII letters,
// digits, underscores, dots and dashes, the words crm prints unquoted
// (one pass over s, no allocation).
func bare(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return s != ""
}

// quoteWrap quotes a value unless it is made of word characters, dots
// and dashes; inner double quotes get a backslash.
func quoteWrap(v string) string {
	if bare(v) {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
}

func nvpairFormat(n, v string, hasValue bool) string {
	if !hasValue {
		return n
	}
	return n + "=" + quoteWrap(v)
}

// score renders a score attribute with INFINITY as inf, or the
// score-attribute.
func score(e *cib.Element) string {
	if s := attr(e, "score"); s != "" {
		return strings.ReplaceAll(s, "INFINITY", "inf")
	}
	return attr(e, "score-attribute")
}

func idxSort(m map[string]string) []string {
	var keys []int
	for k := range m {
		n, _ := strconv.Atoi(k)
		keys = append(keys, n)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		out = append(out, m[strconv.Itoa(k)])
	}
	return out
}
