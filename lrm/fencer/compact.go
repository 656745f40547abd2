package fencer

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/executioner-ha/executioner/internal/atomicfile"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// compactSuffix names the file a compaction writes before renaming it over
// the history.
const compactSuffix = ".compact"

// Compact rewrites the history keeping every pending request and the keep
// most recent finished ones (Pacemaker's fencer keeps the newest 250
// completed operations once it holds more than 500), and returns how many
// requests it dropped (see rewrite).
func (h *History) Compact(keep int) (dropped int, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.broken != nil {
		return 0, fmt.Errorf("history %s: %w", h.path, h.broken)
	}
	kept := h.retained(keep)
	dropped = len(h.requests) - len(kept)
	if err := h.rewrite(kept); err != nil {
		return 0, fmt.Errorf("history %s: compact: %w", h.path, err)
	}
	return dropped, nil
}

// rewrite replaces the file (held under h.mu or during Open) with the
// records of kept: written beside it, synced, locked and renamed over it,
// so a crash at any point leaves one complete history at the path.
func (h *History) rewrite(kept []*Request) error {
	data, err := encodeRequests(kept)
	if err != nil {
		return err
	}
	f, err := writeLocked(h.path+compactSuffix, data)
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), h.path); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return err
	}
	old := h.f
	h.f, h.size = f, int64(len(data))
	h.index = newIndex()
	for _, r := range kept {
		h.requests = append(h.requests, r)
		h.byID[r.ID] = r
	}
	_ = old.Close()
	return atomicfile.SyncDir(filepath.Dir(h.path))
}

// retained returns the requests a compaction keeps, in their order: the
// pending ones and the keep most recently begun finished ones.
func (h *History) retained(keep int) []*Request {
	finished := 0
	take := make([]bool, len(h.requests))
	for i := len(h.requests) - 1; i >= 0; i-- {
		r := h.requests[i]
		if r.State == StatePending || finished < keep {
			take[i] = true
		}
		if r.State != StatePending {
			finished++
		}
	}
	var kept []*Request
	for i, r := range h.requests {
		if take[i] {
			kept = append(kept, r)
		}
	}
	return kept
}

// encodeRequests renders requests as the records that rebuild them.
func encodeRequests(rs []*Request) ([]byte, error) {
	var buf bytes.Buffer
	for _, r := range rs {
		begin := r.clone()
		begin.Attempts, begin.State, begin.Final = nil, StatePending, nil
		recs := []*record{{Kind: kindRequest, ID: r.ID, Request: &begin}}
		for i := range r.Attempts {
			recs = append(recs, &record{Kind: kindAttempt, ID: r.ID, Attempt: &r.Attempts[i]})
		}
		if r.Final != nil {
			recs = append(recs, &record{Kind: kindFinal, ID: r.ID, Final: r.Final})
		}
		for _, rec := range recs {
			line, err := encode(rec)
			if err != nil {
				return nil, err
			}
			buf.Write(line)
		}
	}
	return buf.Bytes(), nil
}

// writeLocked creates path afresh, locks it, writes data and syncs it. The
// file is returned open for appending.
func writeLocked(path string, data []byte) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = unix.Fdatasync(int(f.Fd()))
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return nil, err
	}
	return f, nil
}

// removeStaleCompaction deletes what a compaction interrupted before its
// rename left behind. Only the holder of the history's lock compacts, so a
// file found while holding it is stale.
func removeStaleCompaction(path string) error {
	err := os.Remove(path + compactSuffix)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale compaction: %w", err)
	}
	return nil
}
