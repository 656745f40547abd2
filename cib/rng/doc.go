// Package rng validates XML against a RELAX NG schema: the schemas
// Pacemaker installs (/usr/share/pacemaker/pacemaker-*.rng), which every
// CIB names in validate-with.
//
// Compile reads a schema through a loader (the caller reads the files: the
// package does no I/O) and resolves its grammars, includes with their
// overrides, external and parent references and combined definitions.
// Validate then checks an element tree with the derivative algorithm of
// James Clark ("An algorithm for RELAX NG validation", 2002): each start
// tag, attribute, text and end tag turns the pattern into the pattern of
// what may follow, and a pattern that allows nothing marks the first place
// the document breaks the schema. Patterns are interned, so that equal
// patterns are one value and derivatives can be memoized.
//
// The datatypes are those Pacemaker's schemas use from XML Schema:
// string, token, integer, nonNegativeInteger, positiveInteger, boolean,
// ID, IDREF and NCName (lexically), and the pattern facet. Uniqueness of
// IDs and the targets of IDREFs are not checked here (cib checks them).
// Namespaces are not supported; Pacemaker's schemas use none.
package rng
