package daemon

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/executioner-ha/executioner/internal/atomicfile"
	"io/fs"
	"os"

	"github.com/executioner-ha/executioner/lrm/group"
)

// maxSavedLine bounds one line of the saved records.
const maxSavedLine = 1 << 20

// loadRecords reads the records a daemon saved at path (none when the
// file does not exist). A line that cannot be read (a torn last line, a
// damaged one) is skipped and reported in damaged.
func loadRecords(path string) (rs []group.Record, damaged []string, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("daemon: saved history: %w", err)
	}
	if i := bytes.LastIndexByte(data, '\n'); len(data) > 0 && i != len(data)-1 {
		// A torn last line (the daemon died writing it): cut it off, so
		// the next record starts a line of its own.
		damaged = append(damaged, fmt.Sprintf("%s: torn last line dropped", path))
		data = data[:i+1]
		if err := os.Truncate(path, int64(i+1)); err != nil {
			return nil, nil, fmt.Errorf("daemon: saved history: %w", err)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxSavedLine)
	for n := 1; sc.Scan(); n++ {
		var r group.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			damaged = append(damaged, fmt.Sprintf("%s:%d: %v", path, n, err))
			continue
		}
		rs = append(rs, r)
	}
	if err := sc.Err(); err != nil {
		damaged = append(damaged, fmt.Sprintf("%s: %v", path, err))
	}
	return rs, damaged, nil
}

// encodeRecords is rs, one JSON line each.
func encodeRecords(rs []group.Record) ([]byte, error) {
	var buf bytes.Buffer
	for _, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("saved history: record %s: %w", r.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// rewriteRecords replaces the file at path with rs (atomicfile.Replace):
// a crash leaves the old file or the new one, never a mix.
func rewriteRecords(path string, rs []group.Record) error {
	data, err := encodeRecords(rs)
	if err != nil {
		return err
	}
	if err := atomicfile.Replace(path, data, 0o600); err != nil {
		return fmt.Errorf("saved history: %w", err)
	}
	return nil
}

// saveRecords appends rs to the file at path, one JSON line each, and
// syncs it: a record is on disk before the daemon acts on it.
func saveRecords(path string, rs []group.Record) error {
	if path == "" || len(rs) == 0 {
		return nil
	}
	data, err := encodeRecords(rs)
	if err != nil {
		return err
	}
	if err := writeSynced(path, data); err != nil {
		return fmt.Errorf("saved history: %w", err)
	}
	return nil
}

// writeSynced appends data to the file at path (created 0600 if missing),
// syncs and closes it; the first error is returned.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// compact bounds the cluster's history and its file (d.mu held or not yet
// shared): the group drops its oldest ended requests beyond
// KeepRequests, and the file is rewritten when something was dropped or
// it holds many more lines than records (records learnt again).
func (d *Daemon) compact() {
	dropped := d.g.Compact(d.cfg.KeepRequests)
	if d.cfg.Records == "" {
		return
	}
	h := d.g.History()
	if dropped == 0 && d.saved <= 2*len(h)+64 {
		return
	}
	if err := rewriteRecords(d.cfg.Records, h); err != nil {
		d.notice(err.Error())
		return
	}
	d.saved = len(h)
}
