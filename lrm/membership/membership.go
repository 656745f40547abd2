package membership

import (
	"errors"
	"fmt"
	"slices"
)

// Errors a caller may test with errors.Is.
var (
	// ErrNotBuilt: this executable was built without corosync support.
	ErrNotBuilt = errors.New("membership: this executable was built without corosync support " +
		"(build it with cgo and corosync's libcpg-dev and libvotequorum-dev, without the nocorosync tag)")
	// ErrClosed: the membership was closed.
	ErrClosed = errors.New("membership: closed")
	// ErrTooLarge: a message is larger than MaxMessage.
	ErrTooLarge = errors.New("membership: message too large")
	// ErrUnavailable: corosync does not answer on this node.
	ErrUnavailable = errors.New("membership: corosync is not running or refuses the connection")
)

// MaxMessage is the largest message Send accepts.
const MaxMessage = 1 << 20

// Kind tells what an Event reports.
type Kind int

// The kinds of event.
const (
	// KindGroup: the daemons in the process group changed.
	KindGroup Kind = iota + 1
	// KindMessage: a message sent to the group.
	KindMessage
	// KindQuorum: the partition's members or quorum changed.
	KindQuorum
)

func (k Kind) String() string {
	switch k {
	case KindGroup:
		return "group"
	case KindMessage:
		return "message"
	case KindQuorum:
		return "quorum"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Process is one daemon in the process group: its node's corosync node id
// and its process id.
type Process struct {
	Node uint32 `json:"node"`
	PID  uint32 `json:"pid"`
}

func (p Process) String() string { return fmt.Sprintf("%d/%d", p.Node, p.PID) }

// Quorum is the vote quorum service's view of this node's partition.
type Quorum struct {
	// Quorate tells whether the partition has quorum.
	Quorate bool
	// Members are the node ids in the partition, ascending.
	Members []uint32
	// ExpectedVotes, TotalVotes and Needed are votequorum's expected
	// votes, the votes present and the votes quorum needs.
	ExpectedVotes, TotalVotes, Needed uint32
}

// Event is one thing that happened, in the cluster's order.
type Event struct {
	Kind Kind
	// Group (KindGroup) is the process group after the change, ascending
	// by node; Joined and Left are the change.
	Group, Joined, Left []Process
	// From and Data (KindMessage) are the sender and the message.
	From Process
	Data []byte
	// Quorum (KindQuorum) is the partition after the change.
	Quorum Quorum
}

// Membership is one daemon's connection to the cluster. Send and Local may
// be called concurrently with each other and with the reader of Events.
type Membership interface {
	// Local is this daemon as the group knows it.
	Local() Process
	// Events delivers the events in order; it is closed by Close.
	Events() <-chan Event
	// Send multicasts data to the group, this daemon included, in the
	// group's agreed order.
	Send(data []byte) error
	// Close leaves the group and releases the connection.
	Close() error
}

// sortProcs sorts a process list by node, then pid.
func sortProcs(p []Process) []Process {
	slices.SortFunc(p, func(a, b Process) int {
		if a.Node != b.Node {
			return int(int64(a.Node) - int64(b.Node))
		}
		return int(int64(a.PID) - int64(b.PID))
	})
	return p
}
