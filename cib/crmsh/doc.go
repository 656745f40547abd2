// Package crmsh is the crm-shell configuration language of crmsh 4.4.1,
// to and from CIB XML.
//
// Text is read the way crmsh reads it: the input is split into lines, each
// line is trimmed, a line ending in a backslash is joined to the next one
// with nothing in between, a logical line starting with '#' is a comment
// that attaches to the next object, a line starting with "xml" is split at
// white space, and every other logical line is split into words with POSIX
// shell quoting rules. Parse turns the words of each line into an Object
// holding the configuration element crmsh would build (with the same
// element and attribute order): nodes, primitives, templates, groups,
// clones, ms, bundles, constraints, properties and defaults, fencing
// topologies, tags, ACL roles, targets, groups and users (in the syntax of
// the CIB's schema: pacemaker-2.0 and later permissions, or the 1.x rules),
// alerts, monitor lines and raw XML objects. Load merges a list of objects
// into a cib.Document with crmsh's id generation and its update, replace
// and push semantics; Show prints a configuration back as text, byte for
// byte as "crm configure show" does, and ShowXML as "show xml" does.
//
// Errors in the text are *SyntaxError values that name the file, line and
// column of the offending word and what was expected there. Text that
// parses but cannot be applied is an *ObjectError, placed at the word at
// fault: what crmsh refuses once it builds the objects (a constraint on a
// resource that does not exist, a clone of a clone, a monitor for a
// missing primitive), what cib's structural checks find, and, when the
// caller passes a schema check (LoadOptions.Schema, Pacemaker's RELAX NG
// schema through cib/rng), anything else Pacemaker's schema refuses.
//
// Deliberate differences from crmsh 4.4.1: bundles with rkt or podman
// containers are read and shown like docker ones (crmsh fails on them);
// objects shown as raw XML keep obscured values hidden (crmsh shows them
// in clear there); a container member that names nothing is left out as
// crmsh does, and reported through LoadOptions.Warn.
package crmsh
