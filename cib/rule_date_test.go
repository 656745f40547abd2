package cib

import (
	"testing"
	"time"
)

// FuzzDateExpression checks that any start, end, duration and date_spec
// evaluate without a panic, and that the operations agree with each other:
// in_range from a start holds exactly when gt holds or the instant is the
// start itself, and lt holds exactly when in_range until the end does and
// the instant is not the end.
func FuzzDateExpression(f *testing.F) {
	f.Add("2023-11-14 12:00:00 -05:00", "2023-11-15", "1", "20-23", int64(1700000000))
	f.Add("2023-W46-3", "2023-318T10", "-2", "-13", int64(0))
	f.Add("epoch", "20231114T221320Z", "x", "5-", int64(-86400))
	f.Fuzz(func(t *testing.T, start, end, months, hours string, unix int64) {
		now := time.Unix(unix%(1<<40), 0)
		from := DateExpression{Operation: "in_range", Start: start}
		gt := DateExpression{Operation: "gt", Start: start}
		at := DateExpression{Operation: "in_range", Start: start, End: start}
		if from.Holds(now) != (gt.Holds(now) || at.Holds(now)) {
			t.Errorf("in_range from %q at %d: %v, gt %v, at %v", start, unix, from.Holds(now), gt.Holds(now), at.Holds(now))
		}
		until := DateExpression{End: end}
		lt := DateExpression{Operation: "lt", End: end}
		atEnd := DateExpression{Start: end, End: end}
		if lt.Holds(now) != (until.Holds(now) && !atEnd.Holds(now)) {
			t.Errorf("lt %q at %d: %v, in_range until %v, at %v", end, unix, lt.Holds(now), until.Holds(now), atEnd.Holds(now))
		}
		DateExpression{Start: start, Duration: map[string]string{"months": months, "days": hours}}.Holds(now)
		DateExpression{Operation: "date_spec", Spec: map[string]string{"hours": hours, "moon": months}}.Holds(now)
	})
}
