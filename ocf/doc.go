// Package ocf is the fence agent protocol that Pacemaker's fencer and the
// fence-agents project share: parameters from stdin or long options (with the
// fence-agents aliases and secret handling), the actions, the metadata model
// and its XML, and the exit codes Pacemaker reads, carried by typed errors.
//
// # Parameters
//
// An agent declares its parameters as a list of [Param] (usually its own
// plus [Common], [Login] and [Plug]). [Parse] reads them the way fence-agents'
// fencing.py does: with no command-line arguments, all of stdin as
// "key=value" lines ('#' comments and blank lines skipped, the last
// occurrence wins, one pair of surrounding double quotes stripped, unknown
// keys reported in [Params.Warnings], at most [MaxWarnings] of them, and
// otherwise ignored); with arguments,
// GNU-style options (--ip=X, --ip X, -a X, -aX, --lanplus, -o off). A key may
// be the parameter's name, its obsolete name (ipaddr for ip, login for
// username, passwd for password, passwd_script for password_script, port for
// plug, debug for debug_file) or an extra alias, with '-' and '_'
// interchangeable. Values are checked against the declared [Type] at parse
// time: booleans accept 1/yes/on/true and 0/no/off/false (anything else is
// ignored with a warning), choices are matched case-insensitively, integers
// and seconds must be numbers. A bad value is an [*Error] with exit code 1
// naming the parameter (and never a secret's value).
//
// # Secrets
//
// A [Param] marked Secret is only reachable through [Params.Secret], which
// returns a [Secret]: its String, GoString and MarshalText methods print
// "[hidden]", so a secret cannot leak through fmt, logs or errors by
// accident; [Secret.Reveal] hands the value to the one place that needs it.
// [Params.Dump] (the debug dump) hides secret values too. [Params.Secrets]
// lists a run's secrets, those given and those derived from them and
// recorded with [Params.AddSecret] (a password_script's output), for
// [Redact] to remove from text that did not come from executioner's code.
//
// # Unsupported parameters and actions
//
// A [Param] or [ActionSpec] marked Unsupported is one of the fence-agents
// counterpart's that the agent does not implement: declared, so that it is
// never taken for an unknown option, and described as such in the
// metadata. Param.Refuse says whether setting it fails the run (it would
// change what is fenced, or how the agent authenticates) or is only
// warned about. A Hidden action is answered but not advertised.
//
// # Actions and exit codes
//
// [ParseAction] accepts on, off, reboot, status, monitor, list, list-status,
// metadata (and the OCF spelling meta-data), validate-all and manpage. The
// exit codes are fence-agents': [ExitOK], [ExitFailure] for every failure,
// and [ExitOff] only for status when the target is powered off. An agent
// returns an error; [CodeOf] maps it to the exit code ([*Error] carries its
// own, any other error is a failure).
//
// # Metadata
//
// [Metadata] is the resource-agent document Pacemaker reads at registration.
// [Metadata.WriteXML] renders it in fence-agents' layout, valid against
// fence-agents' metadata.rng: every parameter with an obsolete name appears
// twice (the current name with obsoletes=, the old one with deprecated="1"),
// choices become type="select" with options, and actions carry on_target and
// automatic where set.
//
// The package does no I/O of its own beyond the readers and writers it is
// given: no exec, no network, no environment.
package ocf
