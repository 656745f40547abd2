package agents

import "runtime/debug"

// buildVersion is set when the binaries are built:
//
//	go build -ldflags "-X github.com/executioner-ha/executioner/agents.buildVersion=VERSION"
//
// (the Makefile passes git describe).
var buildVersion string

// Version is the one version string of executioner: what the CLI's
// --version and every agent's -V print, "executioner VERSION". Without a
// build-time version it names the source revision Go recorded, or devel.
var Version = "executioner " + version(buildVersion)

func version(v string) string {
	if v != "" {
		return v
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}
