package cib

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// manyAttrs is the attribute count from which duplicates are found with a
// map instead of by comparing with every earlier attribute.
const manyAttrs = 16

// skipSpace moves past white space and reports whether there was any.
func (p *parser) skipSpace() bool {
	start := p.pos
	for p.pos < len(p.s) && isSpace(p.s[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

// name reads an XML Name at the current position; what says what was
// expected there, for the error.
func (p *parser) name(what string) (string, error) {
	start := p.pos
	for p.pos < len(p.s) {
		if c := p.s[p.pos]; c < utf8.RuneSelf {
			cls := byteClass[c]
			if cls&className == 0 || p.pos == start && cls&classNameStart == 0 {
				break
			}
			p.pos++
			continue
		}
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if r == utf8.RuneError && n == 1 || !isNameChar(r) || p.pos == start && !isNameStart(r) {
			break
		}
		p.pos += n
	}
	if p.pos == start {
		return "", p.fail(start, "expected %s, found %s", what, p.describe(start))
	}
	return p.s[start:p.pos], nil
}

// describe names what is at pos, for an error.
func (p *parser) describe(pos int) string {
	if pos >= len(p.s) {
		return "the end of the input"
	}
	r, n := utf8.DecodeRuneInString(p.s[pos:])
	switch {
	case r == utf8.RuneError && n <= 1:
		return "invalid UTF-8"
	case r < 0x20 || !isChar(r):
		return fmt.Sprintf("character %U", r)
	}
	return strconv.QuoteRune(r)
}

// attributes reads the attributes of the start tag of element name into
// p.attrs and stops at its closing > or />.
func (p *parser) attributes(name string) error {
	p.attrs = p.attrs[:0]
	var seen map[string]bool
	for {
		space := p.skipSpace()
		if p.pos >= len(p.s) {
			return p.fail(p.pos, "unexpected end of input in the start tag of <%s>", name)
		}
		switch p.s[p.pos] {
		case '>':
			return nil
		case '/':
			if strings.HasPrefix(p.s[p.pos:], "/>") {
				return nil
			}
			return p.fail(p.pos, "expected /> to close <%s>", name)
		}
		if !space {
			return p.fail(p.pos, "expected white space, > or /> in the start tag of <%s>, found %s", name, p.describe(p.pos))
		}
		at := p.pos
		key, err := p.name("an attribute name")
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.s) || p.s[p.pos] != '=' {
			return p.fail(p.pos, "attribute %s of <%s> has no value", key, name)
		}
		p.pos++
		p.skipSpace()
		value, err := p.attrValue(key)
		if err != nil {
			return err
		}
		space2, local, ok := splitQName(key)
		if !ok {
			return p.fail(at, "attribute name %q of <%s> is not a valid qualified name", key, name)
		}
		if len(p.attrs) >= manyAttrs && seen == nil {
			seen = make(map[string]bool, 2*manyAttrs)
			for _, a := range p.attrs {
				seen[a.FullKey()] = true
			}
		}
		if seen != nil && seen[key] || seen == nil && p.hasAttr(space2, local) {
			return p.fail(at, "duplicate attribute %s in <%s>", key, name)
		}
		if seen != nil {
			seen[key] = true
		}
		p.attrs = append(p.attrs, etree.Attr{Space: space2, Key: local, Value: value})
	}
}

func (p *parser) hasAttr(space, key string) bool {
	for _, a := range p.attrs {
		if a.Key == key && a.Space == space {
			return true
		}
	}
	return false
}

// attrValue reads a quoted attribute value and returns it normalised as
// XML 1.0 says: references replaced, and each literal tab, newline and
// carriage return (CR LF counting as one) turned into a space.
func (p *parser) attrValue(key string) (string, error) {
	if p.pos >= len(p.s) || p.s[p.pos] != '"' && p.s[p.pos] != '\'' {
		return "", p.fail(p.pos, "the value of attribute %s must be quoted", key)
	}
	quote := p.s[p.pos]
	p.pos++
	start := p.pos
	decoded := false // p.buf holds the value so far
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(p.s[p.pos:])
			if r == utf8.RuneError && n == 1 || !isChar(r) {
				return "", p.fail(p.pos, "in the value of attribute %s: %s", key, charError(p.s[p.pos:]))
			}
			if decoded {
				p.buf = append(p.buf, p.s[p.pos:p.pos+n]...)
			}
			p.pos += n
			continue
		}
		cls := byteClass[c]
		if cls&(classAttr|classBad) == 0 || c != quote && (c == '"' || c == '\'') {
			if decoded {
				p.buf = append(p.buf, c)
			}
			p.pos++
			continue
		}
		if c == quote {
			p.pos++
			if decoded {
				return string(p.buf), nil
			}
			return p.s[start : p.pos-1], nil
		}
		if !decoded {
			p.buf, decoded = append(p.buf[:0], p.s[start:p.pos]...), true
		}
		switch {
		case c == '<':
			return "", p.fail(p.pos, "< in the value of attribute %s", key)
		case c == '&':
			if err := p.reference(); err != nil {
				return "", err
			}
			continue
		case c == '\r' && p.pos+1 < len(p.s) && p.s[p.pos+1] == '\n':
			p.pos++
			fallthrough
		case c == '\t', c == '\n', c == '\r':
			p.buf = append(p.buf, ' ')
		default:
			return "", p.fail(p.pos, "in the value of attribute %s: %s", key, charError(p.s[p.pos:]))
		}
		p.pos++
	}
	return "", p.fail(start-1, "unterminated value of attribute %s", key)
}

// charData reads character data up to the next < or the end of the input:
// references replaced, newlines normalised, "]]>" refused.
func (p *parser) charData() (string, error) {
	start := p.pos
	decoded := false
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(p.s[p.pos:])
			if r == utf8.RuneError && n == 1 || !isChar(r) {
				return "", p.fail(p.pos, "%s", charError(p.s[p.pos:]))
			}
			if decoded {
				p.buf = append(p.buf, p.s[p.pos:p.pos+n]...)
			}
			p.pos += n
			continue
		}
		cls := byteClass[c]
		if cls&(classText|classBad) == 0 || c == ']' && !strings.HasPrefix(p.s[p.pos:], "]]>") {
			if decoded {
				p.buf = append(p.buf, c)
			}
			p.pos++
			continue
		}
		if c == '<' {
			break
		}
		switch c {
		case ']':
			return "", p.fail(p.pos, `"]]>" in character data`)
		case '&', '\r':
			if !decoded {
				p.buf, decoded = append(p.buf[:0], p.s[start:p.pos]...), true
			}
			if c == '&' {
				if err := p.reference(); err != nil {
					return "", err
				}
				continue
			}
			p.buf = append(p.buf, '\n')
			if p.pos+1 < len(p.s) && p.s[p.pos+1] == '\n' {
				p.pos++
			}
			p.pos++
		default:
			return "", p.fail(p.pos, "%s", charError(p.s[p.pos:]))
		}
	}
	if decoded {
		return string(p.buf), nil
	}
	return p.s[start:p.pos], nil
}

// predefined are the entities every XML processor knows; without a
// document type declaration there are no others.
var predefined = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// reference reads the entity or character reference at p.pos (an &) and
// appends what it stands for to p.buf.
func (p *parser) reference() error {
	start := p.pos
	p.pos++
	if p.pos < len(p.s) && p.s[p.pos] == '#' {
		return p.charRef(start)
	}
	ref, err := p.name("an entity name after & (write &amp; for a literal &)")
	if err != nil {
		return err
	}
	if p.pos >= len(p.s) || p.s[p.pos] != ';' {
		return p.fail(start, "entity reference &%s is not closed by ;", ref)
	}
	p.pos++
	v, ok := predefined[ref]
	if !ok {
		return p.fail(start, "undefined entity &%s;", ref)
	}
	p.buf = append(p.buf, v...)
	return nil
}

// charRef reads a character reference, &#N; or &#xH;.
func (p *parser) charRef(start int) error {
	p.pos++
	base := 10
	if p.pos < len(p.s) && p.s[p.pos] == 'x' {
		base = 16
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.s) && isDigit(p.s[p.pos], base) {
		p.pos++
	}
	if p.pos == digits || p.pos >= len(p.s) || p.s[p.pos] != ';' {
		return p.fail(start, "malformed character reference %q", prefix(p.s[start:], p.pos-start+1))
	}
	// Leading zeros are allowed, so only the significant digits can overflow.
	n, err := strconv.ParseUint("0"+strings.TrimLeft(p.s[digits:p.pos], "0"), base, 32)
	p.pos++
	if err != nil || n > utf8.MaxRune || !isChar(rune(n)) {
		return p.fail(start, "character reference %s is not an XML character", p.s[start:p.pos])
	}
	p.buf = utf8.AppendRune(p.buf, rune(n))
	return nil
}

func isDigit(c byte, base int) bool {
	return c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}

// atDecl reports whether an XML declaration starts at p.pos.
func (p *parser) atDecl() bool {
	rest := p.s[p.pos:]
	return strings.HasPrefix(rest, "<?xml") && len(rest) > 5 && (isSpace(rest[5]) || rest[5] == '?')
}

// declFields are the XML declaration's pseudo-attributes, in the only
// order allowed.
var declFields = []string{"version", "encoding", "standalone"}

// decl reads the XML declaration. Only UTF-8 (and its subset ASCII) is
// accepted: a CIB is UTF-8.
func (p *parser) decl() error {
	start := p.pos
	p.pos += len("<?xml")
	next := 0
	for {
		space := p.skipSpace()
		if strings.HasPrefix(p.s[p.pos:], "?>") {
			break
		}
		if p.pos >= len(p.s) {
			return p.fail(start, "unterminated XML declaration")
		}
		if !space {
			return p.fail(p.pos, "expected white space or ?> in the XML declaration, found %s", p.describe(p.pos))
		}
		at := p.pos
		for p.pos < len(p.s) && p.s[p.pos] >= 'a' && p.s[p.pos] <= 'z' {
			p.pos++
		}
		key := p.s[at:p.pos]
		i := next
		for i < len(declFields) && declFields[i] != key {
			i++
		}
		switch {
		case next == 0 && key != "version":
			return p.fail(at, "the XML declaration must start with version")
		case i == len(declFields) && key == "":
			return p.fail(at, "unexpected %s in the XML declaration", p.describe(at))
		case i == len(declFields):
			return p.fail(at, "unexpected %s in the XML declaration (want version, encoding, standalone in that order)", key)
		}
		next = i + 1
		if err := p.declValue(key); err != nil {
			return err
		}
	}
	if next == 0 {
		return p.fail(start, "the XML declaration has no version")
	}
	inst := strings.TrimLeft(p.s[start+len("<?xml"):p.pos], " \t\r\n")
	p.pos += 2
	p.newSource(p.add(etree.NewProcInst("xml", inst)), start).data = "xml " + inst
	return nil
}

// declValue reads = and the quoted value of one XML declaration field.
func (p *parser) declValue(key string) error {
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '=' {
		return p.fail(p.pos, "expected = after %s in the XML declaration", key)
	}
	p.pos++
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '"' && p.s[p.pos] != '\'' {
		return p.fail(p.pos, "the %s in the XML declaration must be quoted", key)
	}
	end := strings.IndexByte(p.s[p.pos+1:], p.s[p.pos])
	if end < 0 {
		return p.fail(p.pos, "unterminated %s in the XML declaration", key)
	}
	at, v := p.pos, p.s[p.pos+1:p.pos+1+end]
	p.pos += end + 2
	ok := false
	switch key {
	case "version":
		ok = strings.HasPrefix(v, "1.") && len(v) > 2 && strings.Trim(v[2:], "0123456789") == ""
	case "encoding":
		ok = v != "" && (v[0] >= 'a' && v[0] <= 'z' || v[0] >= 'A' && v[0] <= 'Z') &&
			strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
		if ok && !supportedEncoding(v) {
			return p.fail(at, "encoding %q is not supported: a CIB is UTF-8", v)
		}
	case "standalone":
		ok = v == "yes" || v == "no"
	}
	if !ok {
		return p.fail(at, "invalid %s %q in the XML declaration", key, v)
	}
	return nil
}

func supportedEncoding(name string) bool {
	switch strings.ToLower(name) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}
