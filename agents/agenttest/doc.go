// Package agenttest is the conformance kit every executioner fence agent
// passes, in the spirit of testing/fstest: a test sets up a real device on
// loopback (or none, for agents that touch nothing), describes how to reach
// it in a [Config], and calls [Run]:
//
//	func TestConformance(t *testing.T) {
//		bmc := startBMC(t)                 // a real peer on 127.0.0.1
//		agenttest.Run(t, agenttest.Config{
//			Agent:  ipmi.New(),
//			Name:   "fence_exec_ipmi",
//			Params: map[string]string{"ip": "127.0.0.1", "ipport": bmc.Port, "password": "pw", ...},
//			Target: "node1",
//			Power:  bmc.Power,             // reads the device side, nil if none
//		})
//	}
//
// Run checks, each as a subtest: the metadata is well-formed, names the
// agent, describes every parameter and advertises only known actions (and
// validates against fence-agents' schema when xmllint and ../shared are
// there); every advertised action answers with a valid exit code; stdin
// and command-line options give the same result; unknown keys (as
// Pacemaker sends them) are tolerated with a warning; an unknown action
// fails; off and reboot of the host the agent runs on are refused (unless
// the agent is a SelfFencer); off, on and reboot succeed only with the
// power state the device side confirms; garbage on stdin fails cleanly;
// with -v at every level and a debug_file the agent logs debug lines
// (quiet silences stderr); when Config.Counterpart names the fence-agents
// agent it replaces, every parameter of that agent's metadata is declared;
// and no output of any run (stdout, stderr, debug file) contains a secret.
//
// The kit runs on, off and reboot only when Config.Power is set (against
// the test device) and, for agents that are not SelfFencers, off and reboot
// of the kit's own Hostname, which Execute must refuse before the agent
// runs; a suicide-class agent is never asked to fence anything.
//
// [Exec] and [Act] run an agent in-process for an agent's own tests, and
// [Stdin] renders parameters the way Pacemaker writes them. [Parity]
// compares an agent with its fence-agents counterpart case by case (exit
// code, output, device state afterwards, deliberate differences named),
// and [Compare] benchmarks the two as installed programs.
package agenttest
