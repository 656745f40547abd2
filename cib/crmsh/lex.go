package crmsh

import (
	"strconv"
	"strings"
)

// pos is a place in the input text.
type pos struct{ line, col int }

// logicalLine is one joined input line with the position of every byte.
type logicalLine struct {
	text string
	at   []pos // at[i] is where text[i] came from; at[len(text)] is the end
}

// posOf returns where byte i of the line came from.
func (l *logicalLine) posOf(i int) pos {
	if i < len(l.at) {
		return l.at[i]
	}
	if len(l.at) > 0 {
		return l.at[len(l.at)-1]
	}
	return pos{1, 1}
}

// token is one word of a logical line.
type token struct {
	val string
	pos pos
}

// splitLines joins physical lines the way crmsh's lines2cli does: each
// line is trimmed, trailing backslashes join it to the next line with
// nothing in between, empty results are dropped.
func splitLines(src string) []logicalLine {
	var out []logicalLine
	var cur logicalLine
	open := false
	for n, raw := range strings.Split(src, "\n") {
		start, end := trimBounds(raw)
		p := raw[start:end]
		joined := strings.HasSuffix(p, "\\")
		if joined {
			p = strings.TrimRight(p, "\\")
		}
		for i := range len(p) {
			cur.text += p[i : i+1]
			cur.at = append(cur.at, pos{n + 1, start + i + 1})
		}
		if len(cur.at) == 0 || !joined {
			cur.at = append(cur.at, pos{n + 1, start + len(p) + 1})
		}
		open = joined
		if !joined {
			out = appendTrimmed(out, cur)
			cur = logicalLine{}
		}
	}
	if open {
		if n := len(cur.at); n > 0 {
			last := cur.at[n-1]
			cur.at = append(cur.at, pos{last.line, last.col + 1})
		}
		out = appendTrimmed(out, cur)
	}
	return out
}

// appendTrimmed appends l, trimmed of surrounding white space, unless it
// is empty.
func appendTrimmed(out []logicalLine, l logicalLine) []logicalLine {
	start, end := trimBounds(l.text)
	if start == end {
		return out
	}
	return append(out, logicalLine{text: l.text[start:end], at: l.at[start : end+1]})
}

// trimBounds returns the bounds of s without Python's white space.
func trimBounds(s string) (int, int) {
	start, end := 0, len(s)
	for start < end && isSpace(s[start]) {
		start++
	}
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f
}

// asciiRefs replaces every non-ASCII character with an XML character
// reference, as crmsh does before it tokenizes. Positions of the inserted
// bytes all point at the replaced character.
func asciiRefs(l logicalLine) logicalLine {
	ascii := true
	for i := range len(l.text) {
		if l.text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return l
	}
	var b strings.Builder
	var at []pos
	for i, r := range l.text {
		p := l.posOf(i)
		s := string(r)
		if r >= 0x80 {
			s = "&#" + strconv.Itoa(int(r)) + ";"
		}
		b.WriteString(s)
		for range len(s) {
			at = append(at, p)
		}
	}
	at = append(at, l.posOf(len(l.text)))
	return logicalLine{text: b.String(), at: at}
}

// shlexSplit splits a line into words like Python's shlex.split in POSIX
// mode: single quotes are literal, double quotes honour \" and \\, an
// unquoted backslash escapes the next character.
func shlexSplit(l logicalLine, file string) ([]token, error) {
	var out []token
	s := l.text
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		if i >= len(s) {
			return out, nil
		}
		start := i
		var b strings.Builder
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n' {
			switch c := s[i]; c {
			case '\'':
				j := strings.IndexByte(s[i+1:], '\'')
				if j < 0 {
					return nil, lexErr(l, file, i, "no closing quotation")
				}
				b.WriteString(s[i+1 : i+1+j])
				i += j + 2
			case '"':
				n, err := readDouble(s, i+1, &b)
				if err != "" {
					return nil, lexErr(l, file, i, err)
				}
				i = n
			case '\\':
				if i+1 >= len(s) {
					return nil, lexErr(l, file, i, "no escaped character")
				}
				b.WriteByte(s[i+1])
				i += 2
			default:
				b.WriteByte(c)
				i++
			}
		}
		out = append(out, token{val: b.String(), pos: l.posOf(start)})
	}
}

// readDouble reads a double-quoted string body starting at i into b and
// returns the index after the closing quote.
func readDouble(s string, i int, b *strings.Builder) (int, string) {
	for i < len(s) {
		switch s[i] {
		case '"':
			return i + 1, ""
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
			if i+1 >= len(s) {
				return 0, "no closing quotation"
			}
			b.WriteByte('\\')
			b.WriteByte(s[i+1])
			i += 2
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return 0, "no closing quotation"
}

func lexErr(l logicalLine, file string, i int, msg string) error {
	p := l.posOf(i)
	return &SyntaxError{File: file, Line: p.line, Col: p.col, Msg: msg}
}
