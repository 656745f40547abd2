package cib

import (
	"fmt"
	"unicode/utf8"
)

// Byte classes of the XML 1.0 (fifth edition) grammar, for the ASCII
// range; bytes from 0x80 up start multi-byte UTF-8 sequences and are
// decoded and checked as runes.
const (
	classNameStart = 1 << iota // NameStartChar
	className                  // NameChar
	classSpace                 // S: space, tab, CR, LF
	classBad                   // not a Char at all (C0 controls but tab, CR, LF)
	classText                  // ends a run of plain character data: < & ] CR
	classAttr                  // ends a run of plain attribute value: < & " ' TAB LF CR
)

var byteClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
			t[c] |= classNameStart | className
		case c >= '0' && c <= '9', c == '-', c == '.':
			t[c] |= className
		case c == ' ', c == '\t', c == '\r', c == '\n':
			t[c] |= classSpace
		case c < 0x20:
			t[c] |= classBad
		}
	}
	for _, c := range "<&]\r" {
		t[c] |= classText
	}
	for _, c := range "<&\"'\t\n\r" {
		t[c] |= classAttr
	}
	return t
}()

// isChar reports whether r is an XML Char.
func isChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// isNameStart reports whether r is an XML NameStartChar.
func isNameStart(r rune) bool {
	if r < utf8.RuneSelf {
		return byteClass[r]&classNameStart != 0
	}
	return r >= 0xC0 && r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D ||
		r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

// isNameChar reports whether r is an XML NameChar.
func isNameChar(r rune) bool {
	if r < utf8.RuneSelf {
		return byteClass[r]&className != 0
	}
	return isNameStart(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// isSpace reports whether c is XML white space.
func isSpace(c byte) bool { return c < utf8.RuneSelf && byteClass[c]&classSpace != 0 }

// allSpace reports whether s is nothing but XML white space.
func allSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

// badChar returns the offset of the first byte of s that does not start an
// XML Char (an invalid UTF-8 sequence, a control character, U+FFFE ...),
// or -1.
func badChar(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if byteClass[c]&classBad != 0 {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !isChar(r) {
			return i
		}
		i += n
	}
	return -1
}

// charError describes the character at the start of s that badChar found.
func charError(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n <= 1 {
		return "invalid UTF-8"
	}
	return fmt.Sprintf("character %U is not allowed in XML", r)
}
