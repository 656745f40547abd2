package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// Errors a caller may test with errors.Is.
var (
	// ErrLost: the connection to corosync ended.
	ErrLost = errors.New("daemon: the connection to corosync ended")
	// ErrNoQuorum: a fencing request was not carried out, this node's
	// partition having no quorum (nobody fences in it).
	ErrNoQuorum = errors.New("this partition has no quorum: nobody fences in it")
)

// DefaultPoll is how often the coordinator steps its controller when
// nothing happens (retries and backoffs come due on the clock).
const DefaultPoll = time.Second

// Config configures a Daemon.
type Config struct {
	// ConfigFile is the configuration CIB, the same on every node; the
	// daemon never writes it.
	ConfigFile string
	// LiveCIB is the file the daemon writes the live CIB into, for its
	// controller.
	LiveCIB string
	// Node is this node's name.
	Node string
	// Membership is the connection to the cluster; the daemon closes it.
	Membership membership.Membership
	// History, Runner, Clock and OnEvent are the controller's.
	History *fencer.History
	Runner  fencer.Runner
	Clock   lrm.Clock
	OnEvent func(controller.Event)
	// Poll is how often the coordinator steps when nothing happens.
	Poll time.Duration
	// OnChange, if set, is called after every membership event is
	// applied. It must not block or call the daemon.
	OnChange func()
	// Records, if set, is the file the daemon saves the cluster's history
	// records in as it learns them, and reads back when it starts, so the
	// history survives a restart of the whole cluster.
	Records string
	// KeepRequests is how many ended requests the cluster's history keeps
	// once compacted; default group.MaxRequests.
	KeepRequests int
}

// Daemon is one node's fencing daemon in a cluster.
type Daemon struct {
	cfg   Config
	ctl   *controller.Controller
	doc   *cib.Document
	model *cib.Model
	names map[uint32]string

	mu       sync.Mutex
	g        *group.Group
	live     []byte                       // the live CIB last written
	waiting  map[string]controller.Action // requests multicast, not yet read back
	parked   []controller.Action          // read back while the group was changing
	finals   map[string]controller.Outcome
	closed   map[string]bool // orphans adopted or closed
	outcomes []controller.Outcome
	done     chan controller.Outcome
	notices  map[string]bool
	running  map[string]running             // requests whose agent runs here
	merged   map[string][]controller.Action // planned requests carried out by another request
	asked    map[string]string              // asks answered here: the request carrying each out
	asks     []group.Ask                    // asks addressed here, for the next step
	changed  chan struct{}                  // closed (and replaced) after every event
	stopped  bool
	seq      int
	saved    int             // lines in the Records file
	handed   map[string]bool // requests handed to this daemon, started
	gone     map[uint32]bool // the members reported gone (reportGone)
}

// running is a request whose agent runs on this node.
type running struct {
	target string
	stop   context.CancelCauseFunc
}

// New reads the configuration file and sets up the daemon.
func New(cfg Config) (*Daemon, error) {
	if cfg.Membership == nil || cfg.ConfigFile == "" || cfg.LiveCIB == "" {
		return nil, errors.New("daemon: no membership, configuration file or live CIB file")
	}
	if cfg.Clock == nil {
		cfg.Clock = lrm.SystemClock{}
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.KeepRequests <= 0 {
		cfg.KeepRequests = group.MaxRequests
	}
	data, err := os.ReadFile(cfg.ConfigFile)
	if err != nil {
		return nil, fmt.Errorf("daemon: %w", err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("daemon: %s: %w", cfg.ConfigFile, err)
	}
	id, err := group.ConfigOf(doc)
	if err != nil {
		return nil, fmt.Errorf("daemon: %s: %w", cfg.ConfigFile, err)
	}
	d := &Daemon{cfg: cfg, doc: doc, model: doc.Model(), names: group.NodeIDs(doc.Model()),
		g: group.New(cfg.Membership.Local(), cfg.Node, id), waiting: map[string]controller.Action{},
		finals: map[string]controller.Outcome{}, closed: map[string]bool{}, done: make(chan controller.Outcome, 16),
		notices: map[string]bool{}, running: map[string]running{}, merged: map[string][]controller.Action{},
		asked: map[string]string{}, changed: make(chan struct{}), handed: map[string]bool{}, gone: map[uint32]bool{}}
	d.g.SetNames(d.names)
	if cfg.Records != "" {
		saved, damaged, err := loadRecords(cfg.Records)
		if err != nil {
			return nil, err
		}
		for _, msg := range damaged {
			d.emit(controller.EventError, "", "saved history: "+msg)
		}
		d.g.Seed(saved)
		if d.g.Rejected > 0 {
			d.emit(controller.EventError, "", fmt.Sprintf("saved history: %d records skipped: %s", d.g.Rejected, d.g.LastReject))
		}
		d.saved = len(saved) + len(damaged)
		d.compact()
		es, err := loadExpected(expectedPath(cfg.Records))
		if err != nil {
			// A damaged file: what the peers know is learnt again.
			d.emit(controller.EventError, "", err.Error())
		}
		d.g.SeedExpected(es)
	}
	if err := d.writeLive(); err != nil {
		return nil, err
	}
	d.ctl, err = controller.New(controller.Config{CIB: cfg.LiveCIB, Node: cfg.Node, History: cfg.History,
		Runner: cfg.Runner, Clock: cfg.Clock, OnEvent: cfg.OnEvent, Cluster: d.Status, Forward: d.forward})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Controller is the daemon's controller (its API serves executioner
// status, history, fence and confirm).
func (d *Daemon) Controller() *controller.Controller { return d.ctl }

// Status is the group's status, for executioner status.
func (d *Daemon) Status() *group.Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := d.g.Status()
	return &s
}

// History returns the cluster-wide history as this node holds it.
func (d *Daemon) History() []group.Record {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.g.History()
}

func (d *Daemon) emit(kind controller.EventKind, target, detail string) {
	if d.cfg.OnEvent != nil {
		d.cfg.OnEvent(controller.Event{Time: d.cfg.Clock.Now(), Kind: kind, Target: target, Detail: detail})
	}
}

// writeLive writes the live CIB when it changed (d.mu held or not yet
// shared).
func (d *Daemon) writeLive() error {
	snap, err := d.g.Snapshot(d.doc)
	if err != nil {
		return fmt.Errorf("daemon: live CIB: %w", err)
	}
	b := snap.Bytes()
	if string(b) == string(d.live) {
		return nil
	}
	if f, err := os.OpenFile(d.cfg.LiveCIB, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("daemon: %s: %w", d.cfg.LiveCIB, werr)
		}
		d.live = b
		return nil
	}
	err = cibstore.File{Path: d.cfg.LiveCIB}.Update(context.Background(), func(doc *cib.Document) error {
		// Every write is a newer version of the live CIB: the
		// configuration's, or one update past the file's.
		was, _ := doc.Version()
		v, err := snap.Version()
		if err != nil {
			return err
		}
		if v.Compare(was) <= 0 {
			v = was
			v.NumUpdates++
		}
		replaceWith(doc, snap)
		doc.SetVersion(v)
		return nil
	})
	if err != nil {
		return fmt.Errorf("daemon: %w", err)
	}
	d.live = b
	return nil
}

// replaceWith makes doc's content snap's.
func replaceWith(doc, snap *cib.Document) {
	r := doc.Root()
	for _, c := range r.ChildElements() {
		r.RemoveChild(c)
	}
	r.Attr = nil
	for _, a := range snap.Root().Attr {
		r.CreateAttr(a.FullKey(), a.Value)
	}
	for _, c := range snap.Root().ChildElements() {
		r.AddChild(c.Copy())
	}
}
