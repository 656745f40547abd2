// Package atomicfile holds the project's one durable file replacement:
// data written beside the file, synced, renamed over it and the directory
// synced, so a crash leaves the old file or the new one, never a mix. The
// CIB writers (internal/cibstore), the fencing history (lrm/fencer) and
// the corosync daemon's saved history (lrm/daemon) use it.
package atomicfile
