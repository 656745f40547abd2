package controller

import (
	"context"
	"errors"
	"fmt"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
)

// ErrConflict reports that the CIB file kept changing under writers that
// do not take its lock; the update was not applied.
var ErrConflict = cibstore.ErrStale

// updateCIB applies edit to the CIB file at path as one cibstore.File
// transaction (the lock every command takes, temporary file, fsync,
// rename, directory fsync) with num_updates incremented, as Pacemaker does
// for a status change. A change by a writer that ignores the lock makes
// the update start again on the new content, up to a few times.
func updateCIB(path string, edit func(*cib.Document) error) error {
	store := cibstore.File{Path: path}
	var err error
	for range 5 {
		err = store.Update(context.Background(), func(d *cib.Document) error {
			if err := edit(d); err != nil {
				return err
			}
			v, err := d.Version()
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			v.NumUpdates++
			d.SetVersion(v)
			return nil
		})
		if !errors.Is(err, cibstore.ErrStale) {
			return err
		}
	}
	return err
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

// findNodeState returns the node_state of target (the CIB's spelling of
// its name: node names are case-sensitive).
func findNodeState(status *cib.Element, target string) *cib.Element {
	for _, ns := range status.SelectElements("node_state") {
		if ns.SelectAttrValue("uname", "") == target {
			return ns
		}
	}
	return nil
}

func nodeID(doc *cib.Document, target string) string {
	for _, n := range doc.Model().Nodes {
		if n.Uname == target {
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
