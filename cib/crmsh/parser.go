package crmsh

import (
	"regexp"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

// parser walks the words of one logical line, the way crmsh's BaseParser
// does: every match is a regular expression anchored at both ends of one
// word.
type parser struct {
	file  string
	toks  []token
	cur   int
	end   pos      // just after the last word, for "unexpected end of line"
	last  []string // sub-matches of the last successful match
	refs  map[string]pos
	elems map[*cib.Element]pos // where elements built from words were written
}

// at records that element e was written at token t.
func (p *parser) at(e *cib.Element, t token) *cib.Element {
	if p.elems != nil {
		p.elems[e] = t.pos
	}
	return e
}

// here is the token at the current word (or the last one).
func (p *parser) here() token {
	if p.cur < len(p.toks) {
		return p.toks[p.cur]
	}
	return token{pos: p.end}
}

// refAt records where the line refers to id (its first mention).
func (p *parser) refAt(id string, t token) {
	if _, ok := p.refs[id]; !ok {
		p.refs[id] = t.pos
	}
}

// ref records a reference written as the whole word t.
func (p *parser) ref(t token) { p.refAt(t.val, t) }

// matchRef matches a resource reference and records where it was written.
func (p *parser) matchRef(rx string) string {
	t := p.toks[min(p.cur, len(p.toks)-1)]
	v := p.match(reResource(), rx)
	p.ref(t)
	return v
}

// failure carries a syntax error out of the recursive descent.
type failure struct{ err *SyntaxError }

func (p *parser) fail(msg string) {
	at := p.end
	if p.cur < len(p.toks) {
		at = p.toks[p.cur].pos
	}
	panic(failure{&SyntaxError{File: p.file, Line: at.line, Col: at.col, Msg: msg}})
}

func (p *parser) failAt(t token, msg string) {
	panic(failure{&SyntaxError{File: p.file, Line: t.pos.line, Col: t.pos.col, Msg: msg}})
}

func (p *parser) hasTokens() bool { return p.cur < len(p.toks) }

func (p *parser) current() (string, bool) {
	if p.cur < len(p.toks) {
		return p.toks[p.cur].val, true
	}
	return "", false
}

// tryMatch matches the current word against rx and advances on success.
func (p *parser) tryMatch(rx *regexp.Regexp) bool {
	t, ok := p.current()
	if !ok {
		p.last = nil
		return false
	}
	m := rx.FindStringSubmatch(t)
	p.last = m
	if m == nil {
		return false
	}
	p.cur++
	return true
}

// tryWord matches the current word case-insensitively against literal
// alternatives and advances on success.
func (p *parser) tryWord(alts ...string) bool {
	t, ok := p.current()
	if !ok {
		return false
	}
	for _, a := range alts {
		if strings.EqualFold(t, a) {
			p.cur++
			p.last = []string{t, t}
			return true
		}
	}
	return false
}

// match is tryMatch that fails with "Expected <what>".
func (p *parser) match(rx *regexp.Regexp, what string) string {
	if !p.tryMatch(rx) {
		p.fail(what)
	}
	return p.last[0]
}

// matched returns sub-match i of the last match ("" when it did not take part).
func (p *parser) matched(i int) string {
	if i < len(p.last) {
		return p.last[i]
	}
	return ""
}

// matchAny takes the current word whatever it is.
func (p *parser) matchAny() string {
	t, ok := p.current()
	if !ok {
		p.fail("Unexpected end of line")
	}
	p.cur++
	p.last = []string{t}
	return t
}

// matchSplit takes a value[:value] word.
func (p *parser) matchSplit() (string, string) {
	t, ok := p.current()
	if !ok {
		p.fail("Expected value[:value]")
	}
	sp := strings.Split(t, ":")
	if len(sp) > 2 {
		p.fail("Expected value[:value]")
	}
	p.matchAny()
	if len(sp) == 1 {
		return sp[0], ""
	}
	return sp[0], sp[1]
}

var (
	reNvpair    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^=@$][^=]*)=(.*)$`) })
	reNvpairID  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$([^:=]+)(?::(.+))?=(.*)$`) })
	reNvpairRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^@([^:]+)(?::(.+))?$`) })
	reNvpairKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([^:=]+)$`) })
	reIdent     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([a-z0-9_#$-][^=]*)$`) })
	reDesc      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^description=(.+)$`) })
	reAttr      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$?([^=]+)=(.*)$`) })
	reResource  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([a-z_#$][^=]*)$`) })
	reIDSpec    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(\$id-ref|\$id)=(.*)$`) })
	reID        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\$id=(.*)$`) })
	reIDNew     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([\w-]+):$`) })
	reScore     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^:]+):$`) })
	reRole      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\$?role=(.+)$`) })
	reRole2     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^role=(.+)$`) })
	reBoolOp    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(or|and)$`) })
	reUnaryOp   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(defined|not_defined)$`) })
	reBinOp     = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^((string|integer|number|version):)?(lt|gt|lte|gte|eq|ne)$`)
	})
	reUname     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([^:]+)(:(normal|member|ping|remote))?$`) })
	reTemplate  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^@(.+)$`) })
	reTag       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([a-zA-Z_][^\s:]*):?$`) })
	reTarget    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^:]+):$`) })
	reTargetAt  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^attr:([\w-]+)=([\w-]+)$`) })
	reTargetPat = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^pattern:(.+)$`) })
	reValSrc    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^\s{}]+)(\{(\S+)\})?$`) })
	reScoreNum  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?(inf(inity)?|INF(INITY)?|[0-9]+)$`) })
	reInf       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`inf(inity)?|INF(INITY)?`) })
)

// terminators end a list of name=value pairs.
var terminators = []string{"params", "meta", "utilization", "operations", "op", "op_params", "op_meta", "rule", "attributes"}

func isTerminator(t string, terms []string) bool {
	t = strings.ToLower(t)
	for _, x := range terms {
		if t == x {
			return true
		}
	}
	return false
}

// newElem builds an element with attributes given as name, value pairs, in
// order.
func newElem(tag string, kv ...string) *cib.Element {
	e := cib.NewElement(tag)
	for i := 0; i+1 < len(kv); i += 2 {
		e.CreateAttr(kv[i], kv[i+1])
	}
	return e
}

// maybeSet sets key when value is not empty.
func maybeSet(e *cib.Element, key, value string) {
	if value != "" {
		e.CreateAttr(key, value)
	}
}

func hasAttr(e *cib.Element, key string) bool { return e.SelectAttr(key) != nil }

func attr(e *cib.Element, key string) string { return e.SelectAttrValue(key, "") }

// mustWordRe compiles "^(alts)$", case-insensitive, capturing the word.
func mustWordRe(alts string) *regexp.Regexp {
	return regexp.MustCompile("(?i)^(" + alts + ")$")
}
