package fencer

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"sync"
)

// The kinds of record in the history log.
const (
	kindRequest = "request"
	kindAttempt = "attempt"
	kindFinal   = "final"
)

// record is one line of the log: "CRC SP JSON LF", CRC being the CRC-32C of
// JSON in eight lower-case hex digits.
type record struct {
	Kind    string   `json:"kind"`
	ID      string   `json:"id"`
	Request *Request `json:"request,omitempty"`
	Attempt *Attempt `json:"attempt,omitempty"`
	Final   *Final   `json:"final,omitempty"`
}

var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// errTorn marks a line that does not end with a newline.
var errTorn = errors.New("torn record (no end of line)")

// encode returns rec as one complete log line.
func encode(rec *record) ([]byte, error) {
	body, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("history record %s: %w", rec.ID, err)
	}
	line := make([]byte, 0, len(body)+10)
	line = fmt.Appendf(line, "%08x ", crc32.Checksum(body, castagnoli()))
	line = append(line, body...)
	return append(line, '\n'), nil
}

// decode parses one line, which must include its newline, and checks the
// record's shape (not yet its place in the history).
func decode(line []byte) (*record, error) {
	if len(line) == 0 || line[len(line)-1] != '\n' {
		return nil, errTorn
	}
	line = line[:len(line)-1]
	if len(line) < 10 || line[8] != ' ' {
		return nil, errors.New("malformed record (no checksum)")
	}
	var sum [4]byte
	if _, err := hex.Decode(sum[:], line[:8]); err != nil {
		return nil, errors.New("malformed record (bad checksum field)")
	}
	body := line[9:]
	want := uint32(sum[0])<<24 | uint32(sum[1])<<16 | uint32(sum[2])<<8 | uint32(sum[3])
	if crc32.Checksum(body, castagnoli()) != want {
		return nil, errors.New("checksum mismatch")
	}
	var rec record
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("malformed record: %w", err)
	}
	return &rec, rec.shape()
}

// shape checks that the record carries exactly the part its kind needs.
func (rec *record) shape() error {
	ok := false
	switch rec.Kind {
	case kindRequest:
		ok = rec.Request != nil && rec.Attempt == nil && rec.Final == nil && rec.Request.ID == rec.ID
	case kindAttempt:
		ok = rec.Request == nil && rec.Attempt != nil && rec.Final == nil
	case kindFinal:
		ok = rec.Request == nil && rec.Attempt == nil && rec.Final != nil
	}
	if !ok || rec.ID == "" {
		return fmt.Errorf("malformed %q record for request %q", rec.Kind, rec.ID)
	}
	return nil
}
