package agents

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

// runLog writes the diagnostics of one run: each line to stderr unless
// quiet is set, and to the debug file (debug_file) when one is given, there
// with fence-agents' timestamp and level ("2006-01-02 15:04:05,000 DEBUG:
// ..."). Lines above the run's verbosity are dropped from both, as
// fence-agents drops them. Every line is redacted against the run's
// secrets before it is written, a last guard behind the rule that no agent
// formats a secret.
type runLog struct {
	mu      sync.Mutex // agents may log from several goroutines
	stderr  io.Writer  // nil when quiet
	file    *os.File   // nil without debug_file
	verbose int
	p       *ocf.Params
}

// The levels of fence-agents' log lines.
const (
	levelError   = "ERROR"
	levelWarning = "WARNING"
	levelInfo    = "INFO"
	levelDebug   = "DEBUG"
)

// maxCrashLines bounds how much of a crash report goes to stderr (the
// debug file gets all of it).
const maxCrashLines = 60

func newRunLog(stderr io.Writer, p *ocf.Params) *runLog {
	l := &runLog{stderr: stderr, p: p}
	if p != nil {
		l.verbose = p.Verbose()
		if p.Bool("quiet") {
			l.stderr = nil
		}
	}
	return l
}

// openFile opens debug_file for appending: created 0600 when missing, never
// through a symbolic link, and only a regular file (agents run as root; a
// device or FIFO named there must not be written to).
func (l *runLog) openFile() error {
	path := l.p.Get("debug_file")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		return ocf.Errorf(ocf.ExitFailure, "parameter debug_file: unable to create file %q: %w", path, unwrapPath(err))
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return ocf.Errorf(ocf.ExitFailure, "parameter debug_file: %q is not a regular file", path)
	}
	l.file = f
	return nil
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (l *runLog) close() {
	if l.file != nil {
		l.file.Close()
		l.file = nil
	}
}

// line writes one message at level; shown is what stderr gets (the
// message with its stderr prefix).
func (l *runLog) line(level, shown, msg string) {
	if l == nil {
		return
	}
	var secrets []ocf.Secret
	if l.p != nil {
		secrets = l.p.Secrets()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stderr != nil {
		fmt.Fprintln(l.stderr, ocf.Redact(shown, secrets...))
	}
	if l.file != nil {
		fmt.Fprintf(l.file, "%s %s: %s\n", time.Now().Format("2006-01-02 15:04:05,000"), level, ocf.Redact(msg, secrets...))
	}
}

func (l *runLog) failed(err error) {
	l.line(levelError, "Failed: "+err.Error(), "Failed: "+err.Error())
}

func (l *runLog) warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	l.line(levelWarning, "WARNING: "+msg, msg)
}

func (l *runLog) infof(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	l.line(levelInfo, msg, msg)
}

// debugf logs at verbosity v (1 for -v, 2 for -vv ...).
func (l *runLog) debugf(v int, format string, args ...any) {
	if l == nil || l.verbose < v {
		return
	}
	msg := fmt.Sprintf(format, args...)
	l.line(levelDebug, "DEBUG: "+msg, msg)
}

// crash reports a crash: "Failed: internal error: FIRST LINE", then the
// rest of the report (capped on stderr, whole in the debug file). It
// returns the error the run ends with.
func (l *runLog) crash(report string) error {
	report = strings.TrimSpace(report)
	first, rest, _ := strings.Cut(report, "\n")
	err := ocf.Errorf(ocf.ExitFailure, "internal error: %s", firstLine(first))
	var secrets []ocf.Secret
	if l.p != nil {
		secrets = l.p.Secrets()
	}
	l.failed(err.Err)
	rest = ocf.Redact(rest, secrets...)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stderr != nil && rest != "" {
		lines := strings.Split(rest, "\n")
		if len(lines) > maxCrashLines {
			lines = append(lines[:maxCrashLines], fmt.Sprintf("... %d more lines", len(lines)-maxCrashLines))
		}
		fmt.Fprintln(l.stderr, strings.Join(lines, "\n"))
	}
	if l.file != nil && rest != "" {
		fmt.Fprintln(l.file, rest)
	}
	return err
}

// firstLine shortens a crash's first line for the one-line failure.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "the agent crashed"
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
