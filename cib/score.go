package cib

// ScoreInfinity is Pacemaker's INFINITY score.
const ScoreInfinity = 1000000

// ParseScore reads a score as Pacemaker's char2score does: INFINITY or
// +INFINITY, -INFINITY (exactly so written), else a number (leading white
// space and a sign allowed, trailing text ignored, no number is 0)
// clamped to +-INFINITY. The node-health colours red, yellow and green
// depend on the node-health options; they read as 0 here and their
// callers score them.
func ParseScore(s string) int {
	switch s {
	case "INFINITY", "+INFINITY":
		return ScoreInfinity
	case "-INFINITY":
		return -ScoreInfinity
	}
	n, _ := scanInt(s)
	return max(-ScoreInfinity, min(ScoreInfinity, n))
}

// AddScores adds two scores as pcmk__add_scores does: -INFINITY wins,
// then +INFINITY, and the sum is capped at +-INFINITY.
func AddScores(a, b int) int {
	switch {
	case a <= -ScoreInfinity || b <= -ScoreInfinity:
		return -ScoreInfinity
	case a >= ScoreInfinity || b >= ScoreInfinity:
		return ScoreInfinity
	}
	return max(-ScoreInfinity, min(ScoreInfinity, a+b))
}
