package cib

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateExpression is a rule's date_expression.
type DateExpression struct {
	ID        string
	Operation string
	Start     string
	End       string
	// Duration and Spec hold the attributes of the expression's duration
	// and date_spec children; nil when it has none.
	Duration map[string]string
	Spec     map[string]string
}

// Holds evaluates the expression at now as Pacemaker 2.1.5's
// pe__eval_date_expr does (in_range, the default, gt, lt and date_spec).
// now's location is the scheduler host's time zone (crm_simulate and the
// controller read the clock with localtime): a date_spec is matched
// against the local date and time, and a start or end written with a time
// of day but no offset is in local time, at the offset in effect at now
// (Pacemaker takes the offset in effect at the moment it runs, which
// differs only across a daylight saving change). A date without a time
// is UTC midnight, as in Pacemaker. A start or end that is not an ISO 8601
// date Pacemaker reads counts as absent, and an expression lacking what
// its operation needs fails.
func (d DateExpression) Holds(now time.Time) bool {
	at := crmTimeOf(now)
	local := parsedLocalOffset(at.offset)
	start, hasStart := parseCrmTime(d.Start, local)
	end, hasEnd := parseCrmTime(d.End, local)
	if hasStart && !hasEnd && d.Duration != nil {
		end, hasEnd = start.addDuration(d.Duration), true
	}
	switch op := strings.ToLower(d.Operation); op {
	case "", "in_range":
		if !hasStart && !hasEnd {
			return false
		}
		return !(hasStart && at.compare(start) < 0) && !(hasEnd && at.compare(end) > 0)
	case "date_spec":
		return d.Spec == nil || specHolds(d.Spec, now)
	case "gt":
		return hasStart && at.compare(start) > 0
	case "lt":
		return hasEnd && at.compare(end) < 0
	}
	return false
}

// HoldsWithoutNode evaluates the rule as pe_eval_expr does where no node
// attributes are given (attribute sets of the configuration): node
// attribute and other expressions fail, date expressions are evaluated at
// now (seconds since the epoch, in UTC; none holds when it is 0), nested
// rules recursively; an empty rule holds when joined by and.
func (r Rule) HoldsWithoutNode(now int64) bool {
	or := strings.EqualFold(r.BooleanOp, "or")
	results := make([]bool, 0, len(r.Expressions)+len(r.Dates)+len(r.Rules)+1)
	for range r.Expressions {
		results = append(results, false)
	}
	for _, d := range r.Dates {
		results = append(results, now != 0 && d.Holds(time.Unix(now, 0).UTC()))
	}
	for _, n := range r.Rules {
		results = append(results, n.HoldsWithoutNode(now))
	}
	if r.Others > 0 {
		results = append(results, false)
	}
	for _, m := range results {
		if m == or {
			return m
		}
	}
	return !or
}

// crmTime is Pacemaker's crm_time_t: a year, a day of that year (1-based),
// seconds into the day, and the offset from UTC those are written in.
type crmTime struct {
	years, days, seconds, offset int
}

// crmTimeOf is crm_time_set_timet: t's date and time of day in its own
// location, with that location's offset at t.
func crmTimeOf(t time.Time) crmTime {
	_, offset := t.Zone()
	return crmTime{years: t.Year(), days: t.YearDay(), seconds: t.Hour()*3600 + t.Minute()*60 + t.Second(), offset: offset}
}

// parsedLocalOffset is the local offset as crm_time_parse_offset computes
// it for a time written without one: hours and minutes taken apart, and
// west of UTC the minutes added back with the wrong sign (-03:30 is read
// as -02:30), as Pacemaker 2.1.5 does.
func parsedLocalOffset(offset int) int {
	h, m := offset/3600, (offset%3600)/60
	if h < 0 && m < 0 {
		m = -m
	}
	return h*3600 + m*60
}

// utc is crm_get_utc_time's fields, as a time for comparison.
func (c crmTime) utc() time.Time {
	return time.Date(c.years, 1, c.days, 0, 0, c.seconds-c.offset, 0, time.UTC)
}

// compare is crm_time_compare: by UTC year, then day, then second.
func (c crmTime) compare(o crmTime) int {
	a, b := c.utc(), o.utc()
	ay, by := a.Year(), b.Year()
	if c.days > yearDays(c.years) || o.days > yearDays(o.years) {
		// An out-of-range day (a year added to 29 February) keeps its year.
		ay, by = c.years, o.years
		if ay == by {
			return cmpInt(c.days*86400+c.seconds-c.offset, o.days*86400+o.seconds-o.offset)
		}
	}
	if ay != by {
		return cmpInt(ay, by)
	}
	return a.Compare(b)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func yearDays(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}

func daysInMonth(m, y int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addDuration is pe_parse_xml_duration: the duration's years, months,
// weeks, days, hours, minutes and seconds added in that order.
func (c crmTime) addDuration(d map[string]string) crmTime {
	for _, f := range []string{"years", "months", "weeks", "days", "hours", "minutes", "seconds"} {
		n, ok := scanInt(d[f])
		if !ok || n == 0 {
			continue
		}
		switch f {
		case "years":
			c.years += n
		case "months":
			g := time.Date(c.years, 1, c.days, 0, 0, 0, 0, time.UTC)
			y, m, day := g.Year(), int(g.Month())-1+n, g.Day()
			y, m = y+floorDiv(m, 12), m-12*floorDiv(m, 12)+1
			day = min(day, daysInMonth(m, y))
			c.years, c.days = y, time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC).YearDay()
		case "weeks":
			c = c.addSeconds(int64(n) * 7 * 86400)
		case "days":
			c = c.addSeconds(int64(n) * 86400)
		case "hours":
			c = c.addSeconds(int64(n) * 3600)
		case "minutes":
			c = c.addSeconds(int64(n) * 60)
		default:
			c = c.addSeconds(int64(n))
		}
	}
	return c
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func (c crmTime) addSeconds(n int64) crmTime {
	t := time.Date(c.years, 1, c.days, 0, 0, c.seconds, 0, time.UTC).Add(time.Duration(n) * time.Second)
	c.years, c.days, c.seconds = t.Year(), t.YearDay(), t.Hour()*3600+t.Minute()*60+t.Second()
	return c
}

// parseCrmTime reads an ISO 8601 date and time as Pacemaker's parse_date
// does: YYYY-MM-DD, YYYYMMDD, YYYY-DDD or YYYY-Www-D, optionally followed
// (after a space or T) by hh[:mm[:ss]] and, after Z or a space, an offset.
// "epoch" is 1970-01-01. A time given without a date (which Pacemaker
// puts on the current day) is not read. A time of day without an offset
// (none after a Z or a space: "12:00:00+02:00" has none either) is at
// local, the host's offset from UTC in seconds; a date alone is UTC.
func parseCrmTime(v string, local int) (crmTime, bool) {
	if v == "" {
		return crmTime{}, false
	}
	if v[0] == 'T' || (len(v) > 2 && v[2] == ':') {
		return crmTime{}, false
	}
	if len(v) >= 5 && strings.EqualFold(v[:5], "epoch") && (len(v) == 5 || v[5] == '/' || cIsSpace(v[5])) {
		return crmTime{years: 1970, days: 1}, true
	}
	c, ok := parseDate(v)
	if !ok {
		return crmTime{}, false
	}
	rest := strings.TrimLeft(v, "0123456789-W")
	if rest != "" && (rest[0] == ' ' || rest[0] == 'T') {
		if !c.parseTimeOfDay(rest[1:], local) {
			return crmTime{}, false
		}
	}
	if c.days <= 0 || c.days > yearDays(c.years) || c.seconds < 0 || c.seconds >= 86400 {
		return crmTime{}, false
	}
	return c, true
}

func parseDate(v string) (crmTime, bool) {
	var y, m, d, w int
	n, _ := fmt.Sscanf(v, "%d-%d-%d", &y, &m, &d)
	if n == 1 {
		y, m, d = 0, 0, 0
		n = scanFixed(v, &y, &m, &d)
	}
	if n == 3 {
		if m > 12 || m < 1 || d < 1 || d > daysInMonth(m, y) {
			return crmTime{}, false
		}
		return crmTime{years: y, days: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).YearDay()}, true
	}
	if n, _ = fmt.Sscanf(v, "%d-%d", &y, &d); n == 2 {
		if d > yearDays(y) {
			return crmTime{}, false
		}
		return crmTime{years: y, days: d}, true
	}
	if n, _ = fmt.Sscanf(v, "%d-W%d-%d", &y, &w, &d); n == 3 {
		if w > weeksInYear(y) || d < 1 || d > 7 {
			return crmTime{}, false
		}
		jan1 := isoWeekday(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		c := crmTime{years: y}.addSeconds(int64((w-1)*7) * 86400)
		if jan1 <= 4 {
			c = c.addSeconds(int64(1-jan1) * 86400)
		} else {
			c = c.addSeconds(int64(8-jan1) * 86400)
		}
		return c.addSeconds(int64(d) * 86400), true
	}
	return crmTime{}, false
}

// scanFixed is sscanf's "%4d%2d%2d".
func scanFixed(v string, out ...*int) int {
	widths := []int{4, 2, 2}
	n := 0
	for i, p := range out {
		s := v
		if len(s) > widths[i] {
			s = s[:widths[i]]
		}
		j := 0
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j {
			return n
		}
		*p, _ = strconv.Atoi(s[:k])
		v = v[k:]
		n++
	}
	return n
}

// parseTimeOfDay is crm_time_parse: the time of day, then an offset after
// a Z or the first space; without either, the local offset.
func (c *crmTime) parseTimeOfDay(s string, local int) bool {
	secs, ok := parseSeconds(s)
	if !ok {
		return false
	}
	c.seconds = secs
	c.offset = local
	if i := strings.Index(s, "Z"); i >= 0 {
		c.offset = 0
	} else if i := strings.Index(s, " "); i >= 0 {
		c.offset = 0 // text after the space that is no offset means UTC
		off := strings.TrimLeft(s[i:], " \t\n\v\f\r")
		neg := false
		switch {
		case strings.HasPrefix(off, "+"):
			off = off[1:]
		case strings.HasPrefix(off, "-"):
			neg, off = true, off[1:]
		case off == "" || off[0] < '0' || off[0] > '9':
			off = ""
		}
		if off != "" {
			o, ok := parseSeconds(off)
			if !ok {
				return false
			}
			if neg {
				o = -o
			}
			c.offset = o
		}
	}
	if c.seconds == 86400 {
		c.seconds = 0
		*c = c.addSeconds(86400)
	}
	return true
}

// parseSeconds is crm_time_parse_sec: hh:mm:ss, hh:mm, or hhmmss.
func parseSeconds(s string) (int, bool) {
	var h, m, sec uint
	n, _ := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec)
	if n == 1 {
		h, m, sec = 0, 0, 0
		var hi, mi, si int
		n = scanFixedWidths(s, []int{2, 2, 2}, &hi, &mi, &si)
		h, m, sec = uint(hi), uint(mi), uint(si)
	}
	if n == 0 {
		return 0, false
	}
	if !(h == 24 && m == 0 && sec == 0) && h >= 24 || m >= 60 || sec >= 60 {
		return 0, false
	}
	return int(h*3600 + m*60 + sec), true
}

func scanFixedWidths(v string, widths []int, out ...*int) int {
	n := 0
	for i, p := range out {
		s := v
		if len(s) > widths[i] {
			s = s[:widths[i]]
		}
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == 0 {
			return n
		}
		*p, _ = strconv.Atoi(s[:k])
		v = v[k:]
		n++
	}
	return n
}

func cIsSpace(b byte) bool { return b == ' ' || (b >= '\t' && b <= '\r') }

// isoWeekday is Monday=1 ... Sunday=7.
func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}

func weeksInYear(y int) int {
	_, w := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// specHolds is pe_cron_range_satisfied: every field the date_spec gives
// holds for now (a field that is not a number or range is ignored).
func specHolds(spec map[string]string, now time.Time) bool {
	y, m, d := now.Date()
	wy, w := now.ISOWeek()
	fields := []struct {
		name  string
		value int
	}{
		{"years", y}, {"months", int(m)}, {"monthdays", d},
		{"hours", now.Hour()}, {"minutes", now.Minute()}, {"seconds", now.Second()},
		{"yeardays", now.YearDay()}, {"weekyears", wy}, {"weeks", w}, {"weekdays", isoWeekday(now)},
		{"moon", moonPhase(y, now.YearDay())},
	}
	for _, f := range fields {
		v, ok := spec[f.name]
		if !ok {
			continue
		}
		low, high, ok := parseRange(v)
		if !ok {
			continue
		}
		if (low != -1 && f.value < low) || (high != -1 && f.value > high) {
			return false
		}
	}
	return true
}

// parseRange is pcmk__parse_ll_range: "N", "N-M", "N-" or "-M" (-1 for
// an open end).
func parseRange(v string) (low, high int, ok bool) {
	if v == "" || v == "-" {
		return 0, 0, false
	}
	if v[0] == '-' {
		h, err := strconv.Atoi(v[1:])
		return -1, h, err == nil && !strings.HasPrefix(v[1:], "+")
	}
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	low, _ = strconv.Atoi(v[:i])
	switch rest := v[i:]; {
	case rest == "":
		return low, low, true
	case rest == "-":
		return low, -1, true
	case rest[0] == '-':
		h, err := strconv.Atoi(rest[1:])
		return low, h, err == nil
	}
	return 0, 0, false
}

// moonPhase is phase_of_the_moon.
func moonPhase(y, diy int) int {
	goldn := y%19 + 1
	epact := (11*goldn + 18) % 30
	if (epact == 25 && goldn > 11) || epact == 24 {
		epact++
	}
	return ((((diy + epact) * 6) + 11) % 177 / 22) & 7
}
