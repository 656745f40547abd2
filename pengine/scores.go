package pengine

import (
	"strconv"
	"strings"
)

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
