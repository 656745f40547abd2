// Package dummy is a test fence agent honouring Pacemaker's fence_dummy
// contract (the agent of Pacemaker's fencer regression suite), so that the
// fencer's behaviour can be exercised without any device.
//
// Parameters: mode=pass|fail|random decides the exit code of every action
// but monitor, list and validate-all (default random, as in Pacemaker's
// agent); monitor_mode (default pass) decides monitor; mock_dynamic_hosts is
// what list prints (list fails without it); delay sleeps before every action
// except validate-all, random_sleep_range sleeps a random 1..N seconds
// more, monitor_delay before monitor and off_delay before off. validate-all
// succeeds only when delay is given and at most 10. plug/port, nodename,
// nodeid, switch and uuid are accepted and ignored.
//
// The name the agent runs under selects the metadata variant: a name ending
// in _auto_unfence advertises on with automatic="1", _no_on advertises no on
// action, _no_reboot no reboot action. Unlike Pacemaker's agent, the plain
// variant advertises on without on_target, so that a fencer can unfence any
// node with it.
//
// The agent touches nothing: success means only that the mode said so. It
// never fences the host it runs on.
package dummy
