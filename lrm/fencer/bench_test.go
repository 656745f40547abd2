package fencer

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// BenchmarkAppend measures one durable (fdatasync'd) history append.
func BenchmarkAppend(b *testing.B) {
	h, err := Open(filepath.Join(b.TempDir(), "history"))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	now := time.Now()
	i := 0
	for b.Loop() {
		if err := h.Begin(Request{ID: fmt.Sprint(i), Target: "node2", Action: cib.FenceOff, Requested: now}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
