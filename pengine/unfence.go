package pengine

// scheduleUnfencing adds "on" actions (stub until unfencing is modelled).
func (s *scheduler) scheduleUnfencing() {}
