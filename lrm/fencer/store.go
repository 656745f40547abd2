package fencer

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/executioner-ha/executioner/internal/atomicfile"
	"io"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
)

// ErrLocked is returned by Open when another process holds the history.
var ErrLocked = errors.New("history in use by another process")

// Damage describes a part of the log that Open could not use.
type Damage struct {
	// Line is the 1-based line number, Offset its byte offset, Len its size.
	Line   int
	Offset int64
	Len    int
	// Torn is true for an incomplete last line, which Open removed.
	Torn bool
	// Err says what is wrong with it.
	Err error
}

// String describes the damage in one line.
func (d Damage) String() string {
	what := "skipped"
	if d.Torn {
		what = "dropped"
	}
	return fmt.Sprintf("line %d (offset %d, %d bytes) %s: %v", d.Line, d.Offset, d.Len, what, d.Err)
}

// History is a fencing history kept in an append-only file. Its methods
// are safe for concurrent use. One process at a time may open a file.
type History struct {
	mu     sync.Mutex
	f      *os.File
	path   string
	size   int64 // bytes of complete records
	broken error // set when the file's state is no longer known
	index
	damage   []Damage
	repaired int // damaged lines dropped, the torn last one aside
}

// maxDamage bounds what Damage keeps of a badly damaged file.
const maxDamage = 100

// errReplaced reports that the file was renamed away (compacted by the
// previous holder) between opening and locking it.
var errReplaced = errors.New("history file replaced while opening")

// Open opens (creating it if needed) the history at path, loads it and
// takes an exclusive lock on it. A torn last record is removed from the
// file and reported by Damage, like any unusable line.
func Open(path string) (*History, error) {
	for range 5 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("history %s: %w", path, err)
		}
		h := &History{f: f, path: path, index: newIndex()}
		err = h.open()
		if err == nil {
			return h, nil
		}
		_ = f.Close()
		if !errors.Is(err, errReplaced) {
			return nil, fmt.Errorf("history %s: %w", path, err)
		}
	}
	return nil, fmt.Errorf("history %s: %w", path, errReplaced)
}

// open locks, loads and repairs the file.
func (h *History) open() error {
	if err := unix.Flock(int(h.f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		if errors.Is(err, unix.EWOULDBLOCK) {
			return ErrLocked
		}
		return fmt.Errorf("lock: %w", err)
	}
	if err := h.samePath(); err != nil {
		return err
	}
	if err := removeStaleCompaction(h.path); err != nil {
		return err
	}
	if err := h.load(); err != nil {
		return err
	}
	switch {
	case h.Repaired() > 0:
		// Damaged lines are dropped once, here: the valid records are
		// written into a new file renamed over this one, so the next Open
		// reads a clean history.
		if err := h.rewrite(h.requests); err != nil {
			return fmt.Errorf("rewrite without its damaged lines: %w", err)
		}
		return nil
	case len(h.damage) > 0 && h.damage[len(h.damage)-1].Torn:
		if err := h.f.Truncate(h.size); err != nil {
			return fmt.Errorf("drop torn record: %w", err)
		}
		if err := unix.Fdatasync(int(h.f.Fd())); err != nil {
			return fmt.Errorf("sync: %w", err)
		}
	}
	return atomicfile.SyncDir(filepath.Dir(h.path))
}

// samePath checks that the locked file is still the one at the path.
func (h *History) samePath() error {
	held, err := h.f.Stat()
	if err != nil {
		return fmt.Errorf("stat: %w", err)
	}
	now, err := os.Stat(h.path)
	if errors.Is(err, os.ErrNotExist) || err == nil && !os.SameFile(held, now) {
		return errReplaced
	}
	if err != nil {
		return fmt.Errorf("stat: %w", err)
	}
	return nil
}

// load reads the file into the history.
func (h *History) load() error {
	size, damage, err := h.index.load(h.f)
	h.size, h.damage, h.repaired = size, damage, len(damage)
	if n := len(damage); n > 0 && damage[n-1].Torn {
		h.repaired--
	}
	if len(h.damage) > maxDamage { // the first ones, and the last (which may be torn)
		h.damage = append(h.damage[:maxDamage-1:maxDamage-1], damage[len(damage)-1])
	}
	return err
}

// load reads every line of r, applying the valid ones to the index and
// reporting the others. size is the length of the prefix of r made of
// complete lines: all of r but a torn last line.
func (x *index) load(r io.Reader) (size int64, damage []Damage, err error) {
	br := bufio.NewReader(r)
	var off int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			rec, derr := decode(line)
			if derr == nil {
				derr = x.apply(rec)
			}
			if derr != nil {
				damage = append(damage, Damage{Line: n, Offset: off, Len: len(line),
					Torn: errors.Is(derr, errTorn), Err: derr})
			}
			off += int64(len(line))
			if !errors.Is(derr, errTorn) {
				size = off
			}
		}
		if errors.Is(err, io.EOF) {
			return size, damage, nil
		}
		if err != nil {
			return size, damage, fmt.Errorf("read line %d: %w", n, err)
		}
	}
}

// Repaired returns how many lines Open dropped from the file that were not
// a torn last line (corrupted, malformed or refused records): when it is
// not zero, Open rewrote the file with the valid records.
func (h *History) Repaired() int { return h.repaired }

// Damage returns what Open found unusable in the file, at most
// maxDamage entries (Repaired counts them all).
func (h *History) Damage() []Damage {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Damage(nil), h.damage...)
}

// Close releases the file and its lock.
func (h *History) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	if h.broken == nil {
		h.broken = errors.New("history closed")
	}
	return err
}

// append writes rec durably, then applies it. On a write error the file is
// cut back to its last complete record; when that fails too, or the sync
// fails (the file's content is then unknown), the history refuses every
// later append.
func (h *History) append(rec *record) error {
	line, err := encode(rec)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.broken != nil {
		return fmt.Errorf("history %s: %w", h.path, h.broken)
	}
	if err := h.check(rec); err != nil {
		return err
	}
	if _, err := h.f.Write(line); err != nil {
		if terr := h.f.Truncate(h.size); terr != nil {
			h.broken = fmt.Errorf("write failed and could not be undone: %w", terr)
		}
		return fmt.Errorf("history %s: append: %w", h.path, err)
	}
	if err := unix.Fdatasync(int(h.f.Fd())); err != nil {
		h.broken = fmt.Errorf("sync failed: %w", err)
		return fmt.Errorf("history %s: sync: %w", h.path, err)
	}
	h.size += int64(len(line))
	return h.apply(rec)
}
