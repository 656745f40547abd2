// Package null is the null fence device, like cluster-glue's null plugin:
// it knows a host list (parameter hostlist, separated by spaces, commas or
// semicolons, lower-cased), lists it, answers status and monitor, and
// claims success for on, off and reboot while touching nothing. It is for
// testing only: a cluster fenced with it is not fenced. Like cluster-glue's
// plugin it does not check the target against the host list, and it may
// "fence" the host it runs on (it does nothing there either).
package null
