// Package systemd starts, stops and queries systemd units over D-Bus
// (org.freedesktop.systemd1), the way Pacemaker runs systemd: resources.
//
// A Manager works on a connection the caller opened (the system bus in the
// daemon, a private bus in tests). Start and Stop queue a job with mode
// "replace" and wait for systemd's JobRemoved signal for that job: the job's
// result "done" is success, anything else ("failed", "timeout", "canceled",
// "dependency", "skipped") a *JobError. Status loads the unit and reads its
// LoadState, ActiveState and SubState. Unit names are untrusted and
// checked; a name without a type suffix gets ".service", as in Pacemaker.
package systemd
