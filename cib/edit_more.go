package cib

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// expandPlusPlus turns value "name++" or "name+=N" into the current value of
// the attribute plus one or N, as Pacemaker does for attribute updates; any
// other value, or an attribute not set yet, is taken as is.
func expandPlusPlus(name, value, current string) string {
	if current == "" || !strings.HasPrefix(value, name) {
		return value
	}
	rest := value[len(name):]
	offset := 1
	switch {
	case rest == "++":
	case strings.HasPrefix(rest, "+="):
		offset = ParseScore(rest[2:])
	default:
		return value
	}
	n := ParseScore(current) + offset
	if n > ScoreInfinity {
		n = ScoreInfinity
	}
	return strconv.Itoa(n)
}

// replace swaps the first element below the scope matching e.Input's tag and
// id for a copy of Input, or replaces the whole document with a <cib>.
func (d *Document) replace(e Edit, ch *changes) error {
	if e.Input.Tag == "cib" {
		return d.replaceAll(e.Input, ch)
	}
	root := d.Root()
	if IsScope(e.Scope) && !strings.EqualFold(e.Input.Tag, e.Scope) {
		if root = d.Section(e.Scope); root == nil {
			return fmt.Errorf("%w: section %s", ErrNoSuchObject, e.Scope)
		}
	}
	if !replaceChild(root, e.Input, false, ch) {
		return fmt.Errorf("%w: <%s id=%q>", ErrNoSuchObject, e.Input.Tag, e.Input.SelectAttrValue("id", ""))
	}
	return nil
}

// replaceAll replaces the document with in, refusing an older version.
func (d *Document) replaceAll(in *etree.Element, ch *changes) error {
	old, _ := d.Version()
	repl := &Document{tree: etree.NewDocument(), src: d.src}
	repl.tree.SetRoot(in.Copy())
	nv, err := repl.Version()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if nv.Compare(old) < 0 {
		return fmt.Errorf("%w: replacement %s, current %s", ErrOlder, nv, old)
	}
	oldRoot := d.Root()
	if !sameTree(oldRoot.SelectElement("configuration"), repl.Root().SelectElement("configuration")) {
		ch.config = true
	} else if !sameTree(oldRoot, repl.Root()) {
		ch.other = true
	}
	d.tree.SetRoot(repl.Root())
	if d.Root().SelectElement("status") == nil {
		d.Root().CreateElement("status")
	}
	return nil
}

// replaceChild is Pacemaker's replace_xml_child: it looks below root (root
// itself excluded) in pre-order for the first element with update's tag
// (case-insensitively) and id, and when deleteOnly also every attribute of
// update (values compared case-insensitively), then removes it or replaces
// it with a copy of update.
func replaceChild(root, update *etree.Element, deleteOnly bool, ch *changes) bool {
	for _, c := range root.ChildElements() {
		if matchesForReplace(c, update, deleteOnly) {
			if deleteOnly {
				ch.mark(c)
				root.RemoveChild(c)
				return true
			}
			repl := update.Copy()
			if !sameTree(c, repl) {
				ch.mark(c)
			}
			if ws := indentBefore(root, c); ws != "" {
				indentTree(repl, ws)
			}
			root.InsertChildAt(c.Index(), repl)
			root.RemoveChild(c)
			return true
		}
		if replaceChild(c, update, deleteOnly, ch) {
			return true
		}
	}
	return false
}

func matchesForReplace(c, update *etree.Element, deleteOnly bool) bool {
	if !strings.EqualFold(c.Tag, update.Tag) {
		return false
	}
	if id := update.SelectAttr("id"); id != nil && optAttr(c, "id") != id.Value {
		return false
	}
	if deleteOnly {
		for _, a := range update.Attr {
			cv := c.SelectAttr(a.FullKey())
			if cv == nil || !strings.EqualFold(cv.Value, a.Value) {
				return false
			}
		}
	}
	return true
}

// sameTree reports whether a and b have the same tags, attributes (in any
// order), non-blank text and child elements in the same order.
func sameTree(a, b *etree.Element) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.FullTag() != b.FullTag() || len(a.Attr) != len(b.Attr) {
		return false
	}
	for _, at := range a.Attr {
		bt := b.SelectAttr(at.FullKey())
		if bt == nil || bt.Value != at.Value {
			return false
		}
	}
	if strings.TrimSpace(a.Text()) != strings.TrimSpace(b.Text()) {
		return false
	}
	ac, bc := a.ChildElements(), b.ChildElements()
	if len(ac) != len(bc) {
		return false
	}
	for i := range ac {
		if !sameTree(ac[i], bc[i]) {
			return false
		}
	}
	return true
}
