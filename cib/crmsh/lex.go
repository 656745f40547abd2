package crmsh

import (
	"sort"
	"strconv"
	"strings"
)

// pos is a place in the input text.
type pos struct{ line, col int }

// logicalLine is one joined input line with where each byte came from.
type logicalLine struct {
	text string
	at   positions // at.get(i) is where text[i] came from; entry len(text) is the end
}

// posOf returns where byte i of the line came from.
func (l *logicalLine) posOf(i int) pos {
	if n := l.at.len(); i < n {
		return l.at.get(i)
	} else if n > 0 {
		return l.at.get(n - 1)
	}
	return pos{1, 1}
}

// positions is a list of input positions, kept as runs: a run of n
// entries from p, the column advancing by step (1 along a physical line,
// 0 for the bytes a character reference stands in for). It takes memory
// linear in the number of physical lines and references, not bytes.
type positions struct {
	runs []posRun
}

type posRun struct {
	first int // index of the run's first entry
	n     int
	p     pos
	step  int
}

func (ps *positions) len() int {
	if len(ps.runs) == 0 {
		return 0
	}
	r := ps.runs[len(ps.runs)-1]
	return r.first + r.n
}

// add appends n entries from p with the column advancing by step.
func (ps *positions) add(p pos, step, n int) {
	if n <= 0 {
		return
	}
	if k := len(ps.runs); k > 0 {
		r := &ps.runs[k-1]
		if r.step == step && r.p.line == p.line && r.p.col+step*r.n == p.col && (step != 0 || r.p == p) {
			r.n += n
			return
		}
	}
	ps.runs = append(ps.runs, posRun{first: ps.len(), n: n, p: p, step: step})
}

func (ps *positions) get(i int) pos {
	k := sort.Search(len(ps.runs), func(k int) bool { return ps.runs[k].first > i }) - 1
	r := ps.runs[k]
	return pos{r.p.line, r.p.col + r.step*(i-r.first)}
}

// slice returns entries [from, to).
func (ps *positions) slice(from, to int) positions {
	var out positions
	for _, r := range ps.runs {
		lo, hi := max(from, r.first), min(to, r.first+r.n)
		if lo < hi {
			out.add(pos{r.p.line, r.p.col + r.step*(lo-r.first)}, r.step, hi-lo)
		}
	}
	return out
}

// token is one word of a logical line.
type token struct {
	val string
	pos pos
}

// splitLines joins physical lines the way crmsh's lines2cli does: each
// line is trimmed, trailing backslashes join it to the next line with
// nothing in between, empty results are dropped. It takes time linear in
// the length of src.
func splitLines(src string) []logicalLine {
	var out []logicalLine
	var text strings.Builder
	var at positions
	open := false
	for n, raw := range strings.Split(src, "\n") {
		start, end := trimBounds(raw)
		p := raw[start:end]
		joined := strings.HasSuffix(p, "\\")
		if joined {
			p = strings.TrimRight(p, "\\")
		}
		text.WriteString(p)
		at.add(pos{n + 1, start + 1}, 1, len(p))
		if at.len() == 0 || !joined {
			at.add(pos{n + 1, start + len(p) + 1}, 0, 1)
		}
		open = joined
		if !joined {
			out = appendTrimmed(out, logicalLine{text: text.String(), at: at})
			text.Reset()
			at = positions{}
		}
	}
	if open {
		if n := at.len(); n > 0 {
			last := at.get(n - 1)
			at.add(pos{last.line, last.col + 1}, 0, 1)
		}
		out = appendTrimmed(out, logicalLine{text: text.String(), at: at})
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
	return append(out, logicalLine{text: l.text[start:end], at: l.at.slice(start, end+1)})
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
	var at positions
	for i, r := range l.text {
		p := l.posOf(i)
		s := string(r)
		if r >= 0x80 {
			s = "&#" + strconv.Itoa(int(r)) + ";"
			at.add(p, 0, len(s))
		} else {
			at.add(p, 1, 1)
		}
		b.WriteString(s)
	}
	at.add(l.posOf(len(l.text)), 0, 1)
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
