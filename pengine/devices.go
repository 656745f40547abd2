package pengine

// devicesFor lists the devices and topology levels able to fence target
// (stub).
func (s *scheduler) devicesFor(target string) ([]string, []Level) { return nil, nil }
