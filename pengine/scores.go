package pengine

import (
	"strconv"
	"strings"
)

// scoreInfinity is Pacemaker's INFINITY score.
const scoreInfinity = 1000000

// parseScore is char2score: INFINITY, +INFINITY or -INFINITY (exactly so
// written), a node health colour, or the integer a value starts with,
// bounded to ±INFINITY; anything else is 0.
func parseScore(v string) int {
	switch v {
	case "-INFINITY":
		return -scoreInfinity
	case "INFINITY", "+INFINITY":
		return scoreInfinity
	}
	switch strings.ToLower(v) {
	case "red", "yellow", "green":
		return 0 // node-health-strategy=none
	}
	n, ok := scanLL(v)
	if !ok {
		return 0
	}
	return int(max(-scoreInfinity, min(scoreInfinity, n)))
}

// scanLL is pcmk__scan_ll: strtoll's reading of the integer a value
// starts with (leading space and a sign allowed, trailing text ignored);
// false when there is none or it overflows.
func scanLL(v string) (int64, bool) {
	v = strings.TrimLeft(v, " \t\n\v\f\r")
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	j := i
	for j < len(v) && isDigit(v[j]) {
		j++
	}
	if j == i {
		return 0, false
	}
	n, err := strconv.ParseInt(v[:j], 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// addScores is pcmk__add_scores: -INFINITY wins, then +INFINITY, and the
// sum is bounded to ±INFINITY.
func addScores(a, b int) int {
	switch {
	case a <= -scoreInfinity || b <= -scoreInfinity:
		return -scoreInfinity
	case a >= scoreInfinity || b >= scoreInfinity:
		return scoreInfinity
	}
	return max(-scoreInfinity, min(scoreInfinity, a+b))
}
