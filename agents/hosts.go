package agents

import "strings"

// Hosts splits a hostlist parameter on white space, commas and semicolons
// and lower-cases the names, as cluster-glue's plugins read it.
func Hosts(list string) []string {
	return strings.FieldsFunc(strings.ToLower(list), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == ',' || r == ';'
	})
}
