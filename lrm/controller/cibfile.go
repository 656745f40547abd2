package controller

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// ErrConflict reports that the CIB file changed while an update was being
// written; the update was not applied.
var ErrConflict = errors.New("cib changed during the update")

// readCIB parses the CIB file at path.
func readCIB(path string) (*cib.Document, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	doc, err := cib.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, data, nil
}

// updateCIB applies edit to the CIB file at path and writes it back
// atomically (temporary file, fsync, rename, directory fsync) with
// num_updates incremented, as Pacemaker does for a status change. Before
// the rename the file is read again: if anything changed since it was read
// (another writer, an administrator's edit), the update is abandoned with
// ErrConflict and retried on the new content, up to a few times.
func updateCIB(path string, edit func(*cib.Document) error) error {
	var err error
	for range 5 {
		if err = updateOnce(path, edit); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

func updateOnce(path string, edit func(*cib.Document) error) error {
	doc, before, err := readCIB(path)
	if err != nil {
		return err
	}
	if err := edit(doc); err != nil {
		return err
	}
	v, err := doc.Version()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	v.NumUpdates++
	doc.SetVersion(v)
	return writeAtomic(path, doc, before)
}

// writeAtomic replaces path with doc unless its content is no longer
// before.
func writeAtomic(path string, doc *cib.Document, before []byte) error {
	dir := filepath.Dir(path)
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := doc.WriteTo(tmp); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	now, err := os.ReadFile(path)
	if err != nil || string(now) != string(before) {
		os.Remove(name)
		return ErrConflict
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// markFenced records in doc's status that target was fenced, as
// Pacemaker's controller does: its node_state says it left the membership
// and is expected down, and its lrm (resource history) and
// transient_attributes elements are erased, as the controller's
// erase_status_tag does (nothing runs on a fenced node).
func markFenced(doc *cib.Document, target string) error {
	status := doc.Section("status")
	if status == nil {
		return errors.New("cib has no status section")
	}
	ns := findNodeState(status, target)
	if ns == nil {
		ns = status.CreateElement("node_state")
		ns.CreateAttr("id", nodeID(doc, target))
		ns.CreateAttr("uname", target)
	}
	for _, kv := range [][2]string{{"in_ccm", "false"}, {"crmd", "offline"}, {"join", "down"}, {"expected", "down"}} {
		ns.CreateAttr(kv[0], kv[1])
	}
	for _, c := range ns.ChildElements() {
		if c.Tag == "lrm" || c.Tag == "transient_attributes" {
			ns.RemoveChild(c)
		}
	}
	return nil
}

func findNodeState(status *cib.Element, target string) *cib.Element {
	for _, ns := range status.SelectElements("node_state") {
		if strings.EqualFold(ns.SelectAttrValue("uname", ""), target) {
			return ns
		}
	}
	return nil
}

func nodeID(doc *cib.Document, target string) string {
	for _, n := range doc.Model().Nodes {
		if strings.EqualFold(n.Uname, target) {
			return n.ID
		}
	}
	return target
}

// markUnfenced records that target was unfenced at unix time now, as
// Pacemaker's controller does: the transient node attribute
// #node-unfenced in its node_state.
func markUnfenced(doc *cib.Document, target string, now int64) error {
	status := doc.Section("status")
	if status == nil {
		return errors.New("cib has no status section")
	}
	ns := findNodeState(status, target)
	if ns == nil {
		return fmt.Errorf("no node_state for %s", target)
	}
	id := ns.SelectAttrValue("id", target)
	ta := child(ns, "transient_attributes", id)
	ia := child(ta, "instance_attributes", "status-"+id)
	nv := child(ia, "nvpair", "status-"+id+"-.node-unfenced")
	nv.CreateAttr("name", "#node-unfenced")
	nv.CreateAttr("value", fmt.Sprint(now))
	return nil
}

// child returns parent's child element tag with the given id, created if
// missing.
func child(parent *cib.Element, tag, id string) *cib.Element {
	for _, c := range parent.SelectElements(tag) {
		if c.SelectAttrValue("id", "") == id {
			return c
		}
	}
	c := parent.CreateElement(tag)
	c.CreateAttr("id", id)
	return c
}
