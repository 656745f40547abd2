package cib

import "github.com/beevik/etree"

// The namespaces that Namespaces in XML 1.0 reserves.
const (
	xmlNamespace   = "http://www.w3.org/XML/1998/namespace"
	xmlnsNamespace = "http://www.w3.org/2000/xmlns/"
)

// nsBinding is a namespace prefix in scope: declared on the element at
// depth (the length of the parser's stack below it).
type nsBinding struct {
	prefix, uri string
	depth       int
}

// bindNamespaces declares the namespaces e's attributes declare and checks
// that every prefix e and its attributes use is declared and that no two
// attributes have the same expanded name.
func (p *parser) bindNamespaces(e *etree.Element, start int) error {
	depth := len(p.stack)
	for _, a := range e.Attr {
		prefix := a.Key
		switch {
		case a.Space == "xmlns":
		case a.Space == "" && a.Key == "xmlns":
			prefix = ""
		default:
			continue
		}
		if msg := checkBinding(prefix, a.Value); msg != "" {
			return p.fail(start, "<%s>: %s", e.FullTag(), msg)
		}
		p.ns = append(p.ns, nsBinding{prefix: prefix, uri: a.Value, depth: depth})
	}
	if e.Space != "" {
		if _, ok := p.lookup(e.Space); !ok {
			return p.fail(start, "namespace prefix %s of <%s> is not declared", e.Space, e.FullTag())
		}
	}
	prefixed := 0
	for _, a := range e.Attr {
		if a.Space == "" || a.Space == "xmlns" {
			continue
		}
		if _, ok := p.lookup(a.Space); !ok {
			return p.fail(start, "namespace prefix %s of attribute %s in <%s> is not declared", a.Space, a.FullKey(), e.FullTag())
		}
		prefixed++
	}
	if prefixed > 1 {
		return p.checkExpandedNames(e, start)
	}
	return nil
}

// checkExpandedNames refuses two attributes whose prefixes differ but are
// bound to the same namespace, with the same local name.
func (p *parser) checkExpandedNames(e *etree.Element, start int) error {
	seen := map[[2]string]string{}
	for _, a := range e.Attr {
		if a.Space == "" || a.Space == "xmlns" {
			continue
		}
		uri, _ := p.lookup(a.Space)
		k := [2]string{uri, a.Key}
		if other, dup := seen[k]; dup {
			return p.fail(start, "attributes %s and %s of <%s> are the same attribute (namespace %s)", other, a.FullKey(), e.FullTag(), uri)
		}
		seen[k] = a.FullKey()
	}
	return nil
}

// checkBinding says what is wrong with declaring prefix ("" for the
// default namespace) as uri, or returns "".
func checkBinding(prefix, uri string) string {
	switch {
	case prefix == "xml" && uri != xmlNamespace:
		return "the prefix xml may only be bound to " + xmlNamespace
	case prefix == "xmlns":
		return "the prefix xmlns must not be declared"
	case uri == xmlNamespace && prefix != "xml":
		return xmlNamespace + " may only be bound to the prefix xml"
	case uri == xmlnsNamespace:
		return xmlnsNamespace + " must not be declared"
	case prefix != "" && uri == "":
		return "xmlns:" + prefix + `="": a prefix cannot be bound to an empty namespace name`
	}
	return ""
}

// lookup returns the namespace prefix is bound to in the current scope.
func (p *parser) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return xmlNamespace, true
	}
	for i := len(p.ns) - 1; i >= 0; i-- {
		if p.ns[i].prefix == prefix {
			return p.ns[i].uri, true
		}
	}
	return "", false
}

// unbindNamespaces ends the scope of the declarations of the element at
// depth.
func (p *parser) unbindNamespaces(depth int) {
	for len(p.ns) > 0 && p.ns[len(p.ns)-1].depth >= depth {
		p.ns = p.ns[:len(p.ns)-1]
	}
}
