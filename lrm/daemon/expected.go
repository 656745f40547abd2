package daemon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/executioner-ha/executioner/internal/atomicfile"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/group"
)

// expectedPath is the file beside the saved history (records) holding
// the nodes' expected states.
func expectedPath(records string) string { return records + ".expected" }

// loadExpected reads the expected states saved at path (none when the
// file does not exist).
func loadExpected(path string) (map[uint32]group.Expect, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("daemon: saved expected states: %w", err)
	}
	var out map[uint32]group.Expect
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("daemon: saved expected states: %s: %w", path, err)
	}
	return out, nil
}

// saveExpected replaces the file at path with es (atomicfile.Replace).
func saveExpected(path string, es map[uint32]group.Expect) error {
	// A map of integers to a struct of plain fields always encodes.
	data, _ := json.Marshal(es)
	if err := atomicfile.Replace(path, data, 0o600); err != nil {
		return fmt.Errorf("saved expected states: %w", err)
	}
	return nil
}

// reportGone reports once each member of the partition that is without
// its daemon while an expected member, a node whose controller is gone
// and which the plan fences (d.mu held).
func (d *Daemon) reportGone() {
	for id := range d.gone {
		if !d.g.Gone(id) {
			delete(d.gone, id)
		}
	}
	for _, id := range d.g.Quorum().Members {
		if d.g.Gone(id) && !d.gone[id] {
			d.gone[id] = true
			d.emit(controller.EventError, d.names[id], fmt.Sprintf(
				"node %d is a member whose daemon left without shutting down (expected member): its controller is gone, it is unclean", id))
		}
	}
}
