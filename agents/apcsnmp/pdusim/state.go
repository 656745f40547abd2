package pdusim

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// State is the emulated device, as kept in the state file.
type State struct {
	Kind     string    `json:"kind"`      // a key of Kinds
	Model    string    `json:"model"`     // sPDUIdentModelNumber
	Outlets  []*Outlet `json:"outlets"`   // in table order
	DelayMS  int64     `json:"delay_ms"`  // a command takes effect this late
	RebootMS int64     `json:"reboot_ms"` // a reboot keeps the outlet off this long
	Ignore   bool      `json:"ignore"`    // accept commands, switch nothing
	Garbage  bool      `json:"garbage"`   // state reads answer an undefined value
}

// Outlet is one outlet of the device.
type Outlet struct {
	Switch int     `json:"switch"` // 1 unless the device is daisy-chained
	Index  int     `json:"index"`  // outlet number on its switch
	Name   string  `json:"name"`
	On     bool    `json:"on"`
	Events []Event `json:"events,omitempty"` // scheduled power changes
	Offs   int     `json:"offs"`             // how often the outlet went off
	Ons    int     `json:"ons"`              // how often it came on
}

// Event is a scheduled power change.
type Event struct {
	AtMS int64 `json:"at_ms"` // Unix milliseconds
	On   bool  `json:"on"`
}

// Load reads a state file.
func Load(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, ok := Kinds[s.Kind]; !ok {
		return nil, fmt.Errorf("%s: unknown kind %q", path, s.Kind)
	}
	return &s, nil
}

// Save writes the state file atomically.
func (s *State) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Update loads the state file, lets f change it, and saves it.
func Update(path string, f func(*State)) error {
	s, err := Load(path)
	if err != nil {
		return err
	}
	f(s)
	return s.Save(path)
}

// Outlet returns the outlet called name, or nil.
func (s *State) Outlet(name string) *Outlet {
	for _, o := range s.Outlets {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// Settle applies the events that are due at now and reports whether
// anything changed.
func (s *State) Settle(now time.Time) bool {
	changed := false
	for _, o := range s.Outlets {
		var left []Event
		for _, e := range o.Events {
			if e.AtMS > now.UnixMilli() {
				left = append(left, e)
				continue
			}
			o.set(e.On)
			changed = true
		}
		o.Events = left
	}
	return changed
}

func (o *Outlet) set(on bool) {
	if o.On == on {
		return
	}
	o.On = on
	if on {
		o.Ons++
	} else {
		o.Offs++
	}
}

// command schedules what a control write asks for.
func (s *State) command(o *Outlet, c command, now time.Time) {
	if s.Ignore {
		return
	}
	at := now.UnixMilli() + s.DelayMS
	switch c {
	case cmdOn:
		o.Events = append(o.Events, Event{AtMS: at, On: true})
	case cmdOff:
		o.Events = append(o.Events, Event{AtMS: at, On: false})
	case cmdReboot:
		o.Events = append(o.Events, Event{AtMS: at, On: false}, Event{AtMS: at + s.RebootMS, On: true})
	}
	s.Settle(now)
}
