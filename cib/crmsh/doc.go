// Package crmsh is the crm-shell configuration language of crmsh 4.4.1,
// to and from CIB XML.
//
// Text is read the way crmsh reads it: the input is split into lines, each
// line is trimmed, a line ending in a backslash is joined to the next one
// with nothing in between, a logical line starting with '#' is a comment
// that attaches to the next object, and every other logical line is split
// into words with POSIX shell quoting rules. Parse turns the words of each
// line into an Object holding the configuration element crmsh would build
// (with the same element and attribute order); Load merges a list of
// objects into a cib.Document with crmsh's id generation and its update,
// replace and push semantics; Show prints a configuration back as text,
// byte for byte as "crm configure show" does.
//
// Errors in the text are *SyntaxError values that name the file, line and
// column of the offending word and what was expected there.
package crmsh
