// Package agents holds executioner's fence agents, one subpackage per device,
// the driver every agent runs under, and the registry through which the
// agent binary and the resource manager find them by name. It is the only
// part of executioner that talks to devices.
//
// # Writing an agent
//
// An agent is a value implementing [Agent]: Metadata returns its
// [ocf.Metadata] (the parameters it accepts, usually its own followed by
// [ocf.Login], [ocf.Plug] and [ocf.Common], and the actions it answers), and
// Run carries out one [Call]. [Execute] does everything around Run that is
// the same for every agent:
//
//   - it parses stdin or the options against the metadata's parameters,
//     warns about what it ignores (at most [ocf.MaxWarnings] lines, the
//     rest counted), and answers help, version, metadata and manpage;
//   - it refuses actions the metadata does not accept (a hidden action,
//     [ocf.ActionSpec.Hidden], is answered but not advertised; one marked
//     Unsupported is refused with its reason), parameters marked
//     Unsupported and Refuse when they are set (they would act on another
//     target or authenticate otherwise than asked; the others marked
//     Unsupported are ignored with a warning), a plug that names several
//     plugs unless the agent takes plug lists ([ocf.Metadata.MultiPlug]),
//     and on, off, reboot and status without a target (plug or nodename)
//     unless [ocf.Metadata.TargetOptional];
//   - it runs the agent's [Validator], when it has one, before anything
//     else, so that a run that cannot work fails at once (validate-all is
//     then Validate alone);
//   - it refuses off and reboot when nodename or plug names the host it
//     runs on (unless the agent implements [SelfFencer]), then waits the
//     requested delay before off and reboot;
//   - it logs: [Call.Logf] and [Call.Warnf] on stderr unless quiet,
//     [Call.Debugf] from -v (verbose=1) and [Call.Tracef] from -vv, each
//     line also in debug_file (a regular file, opened for appending, never
//     through a symbolic link) with fence-agents' timestamp and level, and
//     every line redacted against the run's secrets;
//   - it prints a failure as "Failed: ..." and turns a panic in the calling
//     goroutine into "Failed: internal error: ..." with the stack, exit 1.
//
// The exit code is [ocf.CodeOf] of the error Execute returns.
//
// A panic in a goroutine Execute does not own (a library's) cannot be
// recovered in process: the agent binary (cmd/fence_exec) therefore runs
// every invocation that reaches Run ([Supervised]) in a child process, and
// reports a child that ends without a result with [Crashed]. An agent
// whose device code pulls in a library keeps that code behind the
// agentfront build tag (a file with //go:build !agentfront holding it, a
// stub for the front end beside it), so that the binary's front end, which
// answers metadata and validation itself, starts without that library.
// The agents Pacemaker runs most (ipmi) are also built as binaries of
// their own, linking no other agent (cmd/fence_exec's agent_DEVICE tags).
//
// An agent for a power switch implements [Switch] (read and set the power
// state of one plug; optionally [Cycler] and [Lister]) and hands it to
// [RunSwitch], which implements fence-agents' sequence: status prints
// "Status: ON|OFF" (exit 2 for off), on and off are skipped when already
// done and otherwise verified by polling the device until power_timeout,
// reboot is a verified off followed by on (or a cycle verified on), and the
// result lines are fence-agents' ("Success: Powered OFF", "Success:
// Rebooted"). Off and reboot never succeed without a power state the device
// confirmed.
//
// Secrets: read passwords with [Password], which also runs
// password_script; both come back as [ocf.Secret], which never prints. An
// agent must not put a secret in an error, a log line or a command line;
// a secret derived from the parameters (password_script's output) is
// recorded with [ocf.Params.AddSecret], so that the log and a supervisor's
// crash report can redact it.
//
// A minimal switch agent:
//
//	type Agent struct{}
//
//	func (Agent) Metadata(name string) *ocf.Metadata {
//		ps := []ocf.Param{{Name: "ttydev", ArgName: "path", Required: true, Desc: "Serial device"}}
//		ps = append(ps, ocf.Plug("")...)
//		ps = append(ps, ocf.Common()...)
//		return &ocf.Metadata{Name: name, ShortDesc: "...", LongDesc: "...", VendorURL: "...", Params: ps,
//			Actions: []ocf.ActionSpec{{Name: ocf.ActionOn, SetAutomatic: true}, {Name: ocf.ActionOff},
//				{Name: ocf.ActionReboot}, {Name: ocf.ActionStatus}, {Name: ocf.ActionMonitor},
//				{Name: ocf.ActionMetadata}, {Name: ocf.ActionValidateAll}}}
//	}
//
//	func (Agent) Run(ctx context.Context, c *agents.Call) error {
//		dev, err := open(ctx, c.Params.Get("ttydev")) // validate and connect
//		if err != nil {
//			return ocf.Fail(err)
//		}
//		defer dev.Close()
//		return agents.RunSwitch(ctx, c, dev) // dev implements Switch
//	}
//
// Agents whose result is not a power state (meatware's operator, sbd's
// poison pill, suicide) implement Run themselves; they still print nothing
// but result lines on stdout, and succeed for off and reboot only when the
// fencing is confirmed by whatever confirms it for that device.
//
// Register the agent in package agents/all, and make its tests pass the
// conformance kit in agents/agenttest.
package agents
