package daemon

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// saveRecords appends rs to the file at path, one JSON line each, and
// syncs it: a record is on disk before the daemon acts on it.
func saveRecords(path string, rs []group.Record) error {
	if path == "" || len(rs) == 0 {
		return nil
	}
	var buf bytes.Buffer
	for _, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("saved history: record %s: %w", r.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("saved history: %w", err)
	}
	_, werr := f.Write(buf.Bytes())
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("saved history: %w", werr)
	}
	return nil
}
