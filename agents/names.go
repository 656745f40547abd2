package agents

import "sort"

// Varianted is implemented by an agent installed under more names than its
// device's own: fence_exec_DEVICE_VARIANT for each variant, each name
// selecting a variant of the agent (see Agent.Metadata).
type Varianted interface {
	Variants() []string
}

// Names returns every name the registered agents are installed under,
// sorted: fence_exec_DEVICE for each device, and fence_exec_DEVICE_VARIANT
// for each variant of a Varianted agent. make install links these.
func (r *Registry) Names() []string {
	var out []string
	for d, a := range r.agents {
		out = append(out, Prefix+d)
		if v, ok := a.(Varianted); ok {
			for _, s := range v.Variants() {
				out = append(out, Prefix+d+"_"+s)
			}
		}
	}
	sort.Strings(out)
	return out
}
