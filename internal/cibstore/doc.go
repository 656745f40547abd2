// Package cibstore is where a CIB is read from and written to: a file
// (File) or the running cluster's CIB manager (Live), behind one small
// interface, Store.
//
// # Transactions
//
// Store.Update is one transaction: it reads the current document, hands it
// to an edit function, and writes the result back only if nothing else
// changed the CIB in between. An update that would overwrite a change it
// did not see is refused with ErrStale (the caller exits 103, as cibadmin
// does); it is never applied on top of the other change and never lost.
// The edit function sets the version the new document carries (the cib
// package's edits count epoch and num_updates as Pacemaker does); a changed
// document whose version is not newer than the one read is refused with
// ErrVersion.
//
// # Files
//
// File serializes every writer of one file on an flock of a lock file
// beside it (".NAME.lock", created on first use), held from the read to the
// rename: every executioner command and the fencing daemon take it, so
// concurrent editors of one file run one after another and none loses an
// update. Inside the lock the new document goes to a temporary file in the
// same directory (".NAME.NNNN"), is fsynced, renamed over the file, and the
// directory is fsynced: a crash or a kill at any point leaves the old or
// the new document, never a torn one. A writer that does not take the lock
// (an editor, cibadmin with CIB_file) is detected up to the rename: the
// file is read again just before it, and a change means ErrStale. Temporary
// files left by writers that died are removed by the next writer (and by
// Tidy, which the daemon runs when it starts), under the lock, when no
// live writer can own them. Reads take no lock: a rename is
// atomic, so a reader sees the old or the new document.
//
// # The running cluster
//
// Live talks to the local CIB manager (pacemaker-based) through Pacemaker's
// own tools. Read is cibadmin --query. Update is a compare-and-swap: the
// difference between the document read and the edited one is computed by
// crm_diff as a version 2 patch, whose source version is the version read,
// and applied with cibadmin --patch. The CIB manager applies a patch only
// when its source version equals the current version, in one step of its
// single request loop, so any change made in between (by a node, the
// controller or an administrator) makes the patch fail with Pacemaker's
// pcmk_err_old_data (exit 103), mapped to ErrStale. The CIB manager then
// counts the change itself: the stored epoch may be one more than the
// edited document's. (cibadmin --replace is no such check: it accepts a
// replacement whose version equals the current one.) The one change this
// cannot see is one that leaves the version as it was, which only a
// replace with an equal version makes. When no CIB manager answers, Live
// returns ErrNoCluster.
//
// Documents pass to Pacemaker's tools through pipes, never files or
// command lines, since they may hold device passwords.
package cibstore
