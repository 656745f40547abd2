package pdusim

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// entry is one variable the device serves now.
type entry struct {
	oid      []uint64
	name     string
	typ, val string
	col      *column // for writes
	outlet   *Outlet
}

// Serve answers snmpd's pass_persist requests from r on w until r ends,
// with the device kept in the state file at path.
func Serve(r io.Reader, w io.Writer, path string) error {
	in := bufio.NewScanner(r)
	out := bufio.NewWriter(w)
	line := func() (string, bool) {
		if !in.Scan() {
			return "", false
		}
		return strings.TrimSpace(in.Text()), true
	}
	for {
		cmd, ok := line()
		if !ok {
			return in.Err()
		}
		var reply string
		switch cmd {
		case "PING":
			reply = "PONG"
		case "get", "getnext":
			oid, ok := line()
			if !ok {
				return in.Err()
			}
			reply = request(path, func(s *State) (string, bool) { return lookup(s, cmd == "getnext", oid), false })
		case "set":
			oid, ok1 := line()
			value, ok2 := line()
			if !ok1 || !ok2 {
				return in.Err()
			}
			reply = request(path, func(s *State) (string, bool) { return write(s, oid, value) })
		case "":
			continue
		default:
			reply = "NONE"
		}
		fmt.Fprintln(out, reply)
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

// request runs f on the current state, saving it when it changed.
func request(path string, f func(*State) (string, bool)) string {
	s, err := Load(path)
	if err != nil {
		return "NONE"
	}
	changed := s.Settle(time.Now())
	reply, wrote := f(s)
	if changed || wrote {
		if err := s.Save(path); err != nil {
			return "NONE"
		}
	}
	return reply
}

// lookup answers get (the variable oid) or getnext (the first one after
// it) as pass_persist's three lines, or NONE.
func lookup(s *State, next bool, oid string) string {
	want, err := parseOID(oid)
	if err != nil {
		return "NONE"
	}
	for _, e := range entries(s) {
		c := slices.Compare(e.oid, want)
		if (!next && c == 0) || (next && c > 0) {
			return e.name + "\n" + e.typ + "\n" + e.val
		}
	}
	return "NONE"
}

// write carries out a set: only an integer to a control column's
// instance, with a value its MIB defines.
func write(s *State, oid, value string) (string, bool) {
	want, err := parseOID(oid)
	if err != nil {
		return "not-writable", false
	}
	for _, e := range entries(s) {
		if !slices.Equal(e.oid, want) {
			continue
		}
		if e.col == nil || e.col.write == nil {
			return "not-writable", false
		}
		typ, v, _ := strings.Cut(value, " ")
		if typ != "integer" {
			return "wrong-type", false
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		c, ok := e.col.write[n]
		if err != nil || !ok {
			return "wrong-value", false
		}
		s.command(e.outlet, c, time.Now())
		return "DONE", true
	}
	return "not-writable", false
}

// entries lists what the device serves, in OID order.
func entries(s *State) []entry {
	k := Kinds[s.Kind]
	var es []entry
	add := func(name, typ, val string, c *column, o *Outlet) {
		if oid, err := parseOID(name); err == nil {
			es = append(es, entry{oid: oid, name: name, typ: typ, val: val, col: c, outlet: o})
		}
	}
	for _, sc := range k.scalars {
		typ, val := sc.read(s)
		add(sc.oid+".0", typ, val, nil, nil)
	}
	for i := range k.columns {
		c := &k.columns[i]
		for _, o := range s.Outlets {
			typ, val := c.read(s, o)
			add(c.instance(o), typ, val, c, o)
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return slices.Compare(a.oid, b.oid) })
	return es
}

// parseOID parses a numeric OID with or without its leading dot.
func parseOID(s string) ([]uint64, error) {
	parts := strings.Split(strings.TrimPrefix(s, "."), ".")
	oid := make([]uint64, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("OID %q: %w", s, err)
		}
		oid[i] = n
	}
	return oid, nil
}
