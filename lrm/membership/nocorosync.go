//go:build !cgo || nocorosync

package membership

// Group is the name of the process group the daemons join.
const Group = "executioner"

// Open returns ErrNotBuilt: this build has no corosync support.
func Open() (Membership, error) { return nil, ErrNotBuilt }
