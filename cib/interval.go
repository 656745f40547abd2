package cib

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// maxIntervalMS is the largest interval Pacemaker keeps (G_MAXUINT
// milliseconds, about 49.7 days); longer ones are cut to it.
const maxIntervalMS = math.MaxUint32

// ParseInterval reads a duration the way Pacemaker 2.1.5 reads every
// interval and timeout of the CIB (crm_parse_interval_spec): an ISO 8601
// duration when the value starts with "P", else a number with an optional
// unit. The error reports a value Pacemaker refuses; it then uses 0, which
// is also the duration returned.
//
// Number forms (crm_get_msec): leading white space, digits (a fraction is
// cut off: "1.5s" is one second), optional white space, then a unit
// recognised by its first letters in any case: ms or msec, us or usec
// (rounded down to milliseconds), s, m (minutes: "2min", "2mins",
// "2minutes"), h; no unit means seconds. Anything else after the number,
// a sign, or no digits is refused.
//
// ISO 8601 forms (crm_time_parse_duration), with 2.1.5's arithmetic kept
// as it is: nY nM nW nD, T, nH nM nS in any order, upper case only, ended
// by the end, a '/' or white space. 2.1.5 counts a year as the days of the
// years before it (so P1Y is 0 and P2Y 365 days), a month as 30 days, and
// the days less one (P1D is 0, P1W six days); a fraction ("PT1.5S") is
// refused. Every result is capped at 4294967295 ms.
func ParseInterval(v string) (time.Duration, error) {
	var ms int64
	if strings.HasPrefix(v, "P") {
		ms = isoMS(v)
	} else {
		ms = numberMS(v)
	}
	if ms < 0 {
		return 0, fmt.Errorf("%q is not a duration: write a number of seconds, a number with a unit (ms, s, min, h) or an ISO 8601 duration such as PT90S", v)
	}
	return time.Duration(min(ms, maxIntervalMS)) * time.Millisecond, nil
}

// IntervalSeconds is ParseInterval in whole seconds, 0 when refused, as
// Pacemaker's fencer and scheduler use delays and timeouts.
func IntervalSeconds(v string) int {
	d, _ := ParseInterval(v)
	return int(d / time.Second)
}

const cWhitespace = " \t\n\r\f\v"

// numberMS is crm_get_msec: milliseconds, or -1.
func numberMS(v string) int64 {
	s := strings.TrimLeft(v, cWhitespace)
	n := 0
	for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.') {
		n++
	}
	if n == 0 {
		return -1
	}
	units := strings.TrimLeft(s[n:], cWhitespace)
	mult, div := int64(1000), int64(1)
	switch {
	case hasPrefixFold(units, "ms"):
		mult = 1
	case hasPrefixFold(units, "us"):
		mult, div = 1, 1000
	case hasPrefixFold(units, "s"):
	case hasPrefixFold(units, "m"):
		mult = 60 * 1000
	case hasPrefixFold(units, "h"):
		mult = 60 * 60 * 1000
	case units != "" && units[0] != '\n' && units[0] != '\r':
		return -1
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == 0 {
		return -1 * mult / div // strtoll found nothing: Pacemaker scales its -1
	}
	var num int64
	for _, c := range s[:digits] {
		if num > (math.MaxInt64-int64(c-'0'))/10 {
			return math.MaxInt64 // clipped by strtoll
		}
		num = num*10 + int64(c-'0')
	}
	if num > math.MaxInt64/mult {
		return math.MaxInt64
	}
	return num * mult / div
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isoDuration holds what crm_time_parse_duration accumulates.
type isoDuration struct {
	years, months, days, seconds int32
}

// isoMS is crm_time_parse_duration then crm_time_get_seconds, in
// milliseconds, or -1.
func isoMS(v string) int64 {
	if len(v) < 2 || isCSpace(v[1]) {
		return -1
	}
	var d isoDuration
	inTime := false
	for i := 1; i < len(v) && v[i] != '/' && !isCSpace(v[i]); i++ {
		if v[i] == 'T' {
			inTime = true
			continue
		}
		n, used := isoInt(v[i:])
		if used == 0 {
			return -1
		}
		i += used
		if i >= len(v) {
			return -1
		}
		switch v[i] {
		case 'Y':
			d.years = n
		case 'M':
			if inTime {
				d.seconds += n * 60
			} else {
				d.months = n
			}
		case 'W':
			d.days += n * 7
		case 'D':
			d.days += n
		case 'H':
			d.seconds += n * 3600
		case 'S':
			d.seconds += n
		default:
			return -1
		}
	}
	var secs int64
	if y := int64(d.years) - 1; y > 0 { // the days of years 1 to years-1
		secs += 86400 * (365*y + y/4 - y/100 + y/400)
	}
	if d.months > 0 {
		secs += 86400 * 30 * int64(d.months)
	}
	if d.days > 0 {
		secs += 86400 * int64(d.days-1)
	}
	secs += int64(d.seconds)
	return 1000 * secs
}

func isCSpace(c byte) bool { return strings.IndexByte(cWhitespace, c) >= 0 }

// isoInt is the iso8601 parser's parse_int with a field width of 10 and
// no upper bound: the value (wrapping like a C int) and the characters
// used, 0 when there is no digit.
func isoInt(s string) (int32, int) {
	off, neg, fraction := 0, false, false
	if off < len(s) && s[off] == 'T' {
		off++
	}
	if off < len(s) {
		switch s[off] {
		case '.', ',':
			fraction = true
			off++
		case '-':
			neg = true
			off++
		case '+', ':':
			off++
		}
	}
	var n int32
	digits := 0
	for off < len(s) && (fraction || digits < 10) && s[off] >= '0' && s[off] <= '9' {
		if !fraction {
			n = n*10 + int32(s[off]-'0')
		}
		off++
		digits++
	}
	if fraction {
		n = 0 // 2.1.5 multiplies a fraction by the upper bound, 0 here
	}
	if neg {
		n = -n
	}
	if digits == 0 {
		return 0, 0
	}
	return n, off
}
