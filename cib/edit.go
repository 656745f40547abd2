package cib

import (
	"fmt"

	"github.com/beevik/etree"
)

// Op is the kind of an Edit.
type Op int

// The edit operations, cibadmin's --create, --modify, --replace, --delete.
const (
	Create Op = iota + 1
	Modify
	Replace
	Delete
)

func (o Op) String() string {
	switch o {
	case Create:
		return "create"
	case Modify:
		return "modify"
	case Replace:
		return "replace"
	case Delete:
		return "delete"
	}
	return fmt.Sprintf("op(%d)", int(o))
}

// Edit is one change to a CIB, with cibadmin's semantics:
//
//   - Create adds Input to the Scope section (or the children of Input when
//     Input is that section's element); an object with the same tag and id
//     already there is ErrExists. Without a scope, Create is Modify.
//   - Modify finds the first element below the scope (the whole CIB without
//     one) with Input's tag and id and merges Input into it: attributes are
//     set, children matched by tag and id (or id-ref) and merged the same way,
//     unmatched children added. "name++" and "name+=N" values increment.
//     No match is ErrNoSuchObject unless AllowCreate adds Input to the scope.
//   - Replace swaps the first matching element for Input; a whole <cib>
//     replaces the document and must not be older than it (ErrOlder).
//   - Delete removes the first element below the scope whose tag and
//     attributes all equal Input's (case-insensitively); nothing to delete
//     is not an error.
//
// With XPath set, the scope is ignored and the operation applies to the
// elements the path selects instead: Modify merges Input into each match's
// subtree, Replace and Delete replace or remove the first match (every
// match with All), Create adds Input under the first match.
type Edit struct {
	Op          Op
	Scope       string
	XPath       string
	Input       *etree.Element
	AllowCreate bool
	All         bool
}

// changes records what an edit touched, to update the version counters the
// way Pacemaker does.
type changes struct {
	config bool // something below /cib/configuration changed
	other  bool // something else changed
}

func (c *changes) mark(e *etree.Element) {
	if inConfiguration(e) {
		c.config = true
	} else {
		c.other = true
	}
}

// Apply performs e. On success the document holds the result, with epoch
// incremented and num_updates zeroed when the configuration changed, or
// num_updates incremented when only other parts changed; on failure the
// document is unchanged.
func (d *Document) Apply(e Edit) error {
	old, err := d.Version()
	if err != nil {
		return fmt.Errorf("%s: %w: %w", e.Op, ErrInvalid, err)
	}
	work := d.Clone()
	var ch changes
	if err := work.apply(e, &ch); err != nil {
		return fmt.Errorf("%s: %w", e.Op, err)
	}
	if err := work.commit(old, ch); err != nil {
		return fmt.Errorf("%s: %w", e.Op, err)
	}
	*d = *work
	return nil
}

// Bump increments epoch (and, as for any change outside the configuration,
// num_updates), like cibadmin --bump.
func (d *Document) Bump() error {
	v, err := d.Version()
	if err != nil {
		return fmt.Errorf("bump: %w: %w", ErrInvalid, err)
	}
	v.Epoch++
	v.NumUpdates++
	d.SetVersion(v)
	return nil
}

func (d *Document) apply(e Edit, ch *changes) error {
	if e.Input == nil && e.Op != Delete {
		return fmt.Errorf("%w: no input", ErrInvalidArgument)
	}
	if e.XPath != "" {
		return d.applyXPath(e, ch)
	}
	if e.Input == nil {
		return fmt.Errorf("%w: no input", ErrInvalidArgument)
	}
	switch e.Op {
	case Create:
		return d.create(e, ch)
	case Modify:
		return d.modify(e, ch)
	case Replace:
		return d.replace(e, ch)
	case Delete:
		return d.delete(e, ch)
	}
	return fmt.Errorf("%w: unknown operation %v", ErrInvalidArgument, e.Op)
}

// commit checks the result against the version it started from, updates the
// counters and validates the result.
func (d *Document) commit(old Version, ch changes) error {
	nv, err := d.Version()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if nv.Admin < old.Admin || (nv.Admin == old.Admin && nv.Epoch < old.Epoch) {
		return fmt.Errorf("%w: version %s -> %s", ErrOlder, old, nv)
	}
	switch {
	case ch.config:
		nv.Epoch++
		nv.NumUpdates = 0
		d.SetVersion(nv)
	case ch.other:
		nv.NumUpdates++
		d.SetVersion(nv)
	}
	if errs := d.schemaErrors(); len(errs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, errs[0])
	}
	return nil
}
