package rng

// The derivatives of Clark's algorithm, over interned patterns.

func (b *builder) textDeriv(p *pat, s string) *pat {
	switch p.kind {
	case kChoice:
		return b.choice(b.textDeriv(p.a, s), b.textDeriv(p.b, s))
	case kInterleave:
		return b.choice(b.interleave(b.textDeriv(p.a, s), p.b), b.interleave(p.a, b.textDeriv(p.b, s)))
	case kGroup:
		q := b.group(b.textDeriv(p.a, s), p.b)
		if p.a.nullable {
			return b.choice(q, b.textDeriv(p.b, s))
		}
		return q
	case kAfter:
		return b.after(b.textDeriv(p.a, s), p.b)
	case kOneOrMore:
		return b.group(b.textDeriv(p.a, s), b.choice(p, b.empty))
	case kText:
		return p
	case kValue:
		if valueEqual(p.typ, p.val, s) {
			return b.empty
		}
	case kData:
		if allows(p.typ, p.facet, s) && (p.a == nil || !b.textDeriv(p.a, s).nullable) {
			return b.empty
		}
	}
	return b.notAllowed
}

// applyAfter applies f to the second part of every after in p.
func (b *builder) applyAfter(p *pat, f func(*pat) *pat) *pat {
	switch p.kind {
	case kAfter:
		return b.after(p.a, f(p.b))
	case kChoice:
		return b.choice(b.applyAfter(p.a, f), b.applyAfter(p.b, f))
	}
	return b.notAllowed
}

func (b *builder) startTagOpenDeriv(p *pat, name string) *pat {
	k := stodKey{p, name}
	if q, ok := b.stod[k]; ok {
		return q
	}
	var q *pat
	switch p.kind {
	case kChoice:
		q = b.choice(b.startTagOpenDeriv(p.a, name), b.startTagOpenDeriv(p.b, name))
	case kElement:
		q = b.notAllowed
		if p.nc.contains(name) {
			q = b.after(p.elem.pattern(), b.empty)
		}
	case kInterleave:
		q = b.choice(
			b.applyAfter(b.startTagOpenDeriv(p.a, name), func(x *pat) *pat { return b.interleave(x, p.b) }),
			b.applyAfter(b.startTagOpenDeriv(p.b, name), func(x *pat) *pat { return b.interleave(p.a, x) }))
	case kOneOrMore:
		q = b.applyAfter(b.startTagOpenDeriv(p.a, name), func(x *pat) *pat { return b.group(x, b.choice(p, b.empty)) })
	case kGroup:
		q = b.applyAfter(b.startTagOpenDeriv(p.a, name), func(x *pat) *pat { return b.group(x, p.b) })
		if p.a.nullable {
			q = b.choice(q, b.startTagOpenDeriv(p.b, name))
		}
	case kAfter:
		q = b.applyAfter(b.startTagOpenDeriv(p.a, name), func(x *pat) *pat { return b.after(x, p.b) })
	default:
		q = b.notAllowed
	}
	b.stod[k] = q
	return q
}

// attDeriv is the derivative of p by one attribute. It depends on the
// value only through which of the attribute patterns in p that take name
// accept it, so it is memoized by p, name and that set: an element's
// attributes then cost a few map lookups each, not a walk of its pattern
// that builds new patterns (verify's schema check is linear in the
// document with a small constant).
func (b *builder) attDeriv(p *pat, name, value string) *pat {
	ak := attsKey{p, name}
	cands, ok := b.attCands[ak]
	if !ok {
		cands = b.attributesNamed(p, name, nil, map[*pat]bool{})
		b.attCands[ak] = cands
	}
	if len(cands) > 64 {
		return b.attDerivOf(p, name, value)
	}
	var mask uint64
	for i, a := range cands {
		if b.valueMatch(a.a, value) {
			mask |= 1 << i
		}
	}
	k := attDerivKey{p, name, mask}
	if q, ok := b.attMemo[k]; ok {
		return q
	}
	q := b.attDerivOf(p, name, value)
	b.attMemo[k] = q
	return q
}

// attributesNamed appends to out the attribute patterns taking name that
// attDerivOf may reach in p, each once.
func (b *builder) attributesNamed(p *pat, name string, out []*pat, seen map[*pat]bool) []*pat {
	if seen[p] {
		return out
	}
	seen[p] = true
	switch p.kind {
	case kAfter, kOneOrMore:
		return b.attributesNamed(p.a, name, out, seen)
	case kChoice, kGroup, kInterleave:
		return b.attributesNamed(p.b, name, b.attributesNamed(p.a, name, out, seen), seen)
	case kAttribute:
		if p.nc.contains(name) {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) attDerivOf(p *pat, name, value string) *pat {
	switch p.kind {
	case kAfter:
		return b.after(b.attDeriv(p.a, name, value), p.b)
	case kChoice:
		return b.choice(b.attDeriv(p.a, name, value), b.attDeriv(p.b, name, value))
	case kGroup:
		return b.choice(b.group(b.attDeriv(p.a, name, value), p.b), b.group(p.a, b.attDeriv(p.b, name, value)))
	case kInterleave:
		return b.choice(b.interleave(b.attDeriv(p.a, name, value), p.b), b.interleave(p.a, b.attDeriv(p.b, name, value)))
	case kOneOrMore:
		return b.group(b.attDeriv(p.a, name, value), b.choice(p, b.empty))
	case kAttribute:
		if p.nc.contains(name) && b.valueMatch(p.a, value) {
			return b.empty
		}
	}
	return b.notAllowed
}

func (b *builder) valueMatch(p *pat, s string) bool {
	return (p.nullable && isWhite(s)) || b.textDeriv(p, s).nullable
}

func (b *builder) startTagCloseDeriv(p *pat) *pat {
	if q, ok := b.stcd[p]; ok {
		return q
	}
	var q *pat
	switch p.kind {
	case kAfter:
		q = b.after(b.startTagCloseDeriv(p.a), p.b)
	case kChoice:
		q = b.choice(b.startTagCloseDeriv(p.a), b.startTagCloseDeriv(p.b))
	case kGroup:
		q = b.group(b.startTagCloseDeriv(p.a), b.startTagCloseDeriv(p.b))
	case kInterleave:
		q = b.interleave(b.startTagCloseDeriv(p.a), b.startTagCloseDeriv(p.b))
	case kOneOrMore:
		q = b.oneOrMore(b.startTagCloseDeriv(p.a))
	case kAttribute:
		q = b.notAllowed
	default:
		q = p
	}
	b.stcd[p] = q
	return q
}

func (b *builder) endTagDeriv(p *pat) *pat {
	if q, ok := b.endTag[p]; ok {
		return q
	}
	q := b.notAllowed
	switch p.kind {
	case kChoice:
		q = b.choice(b.endTagDeriv(p.a), b.endTagDeriv(p.b))
	case kAfter:
		if p.a.nullable {
			q = p.b
		}
	}
	b.endTag[p] = q
	return q
}

func isWhite(s string) bool {
	for i := range len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}
