package ocf

// The names of the parameters every agent shares.
const (
	KeyAction   = "action"
	KeyPlug     = "plug"
	KeyNodename = "nodename"
)

// Common returns the parameters fence-agents gives every agent: action,
// verbosity and logging, delay and the power timing options, help and
// version. Agents with a different default (e.g. power_wait) change it in
// the returned slice with SetDefault.
func Common() []Param {
	return []Param{
		{Name: KeyAction, Aliases: []string{"option"}, Short: "o", ArgName: "action", Default: "reboot", Required: true, Desc: "Fencing action"},
		{Name: "verbose", Short: "v", Type: TypeBoolean, Desc: "Verbose mode. Multiple -v flags can be stacked on the command line (e.g., -vvv) to increase verbosity."},
		{Name: "verbose_level", Type: TypeInteger, Desc: "Level of debugging detail in output. Defaults to the number of --verbose flags specified on the command line, or to 1 if verbose=1 in a stonith device configuration (i.e., on stdin)."},
		{Name: "debug_file", Obsoletes: "debug", Short: "D", ArgName: "debugfile", Desc: "Write debug information to given file"},
		{Name: "quiet", Short: "q", Type: TypeBoolean, Desc: "Disable logging to stderr. Does not affect --verbose or --debug-file or logging to syslog."},
		{Name: "version", Short: "V", Type: TypeBoolean, Desc: "Display version information and exit"},
		{Name: "help", Short: "h", Type: TypeBoolean, Desc: "Display help and exit"},
		{Name: "delay", Type: TypeSecond, ArgName: "seconds", Default: "0", Desc: "Wait X seconds before fencing is started"},
		{Name: "disable_timeout", ArgName: "true/false", Desc: "Disable timeout (true/false) (default: true when run from Pacemaker 2.0+)",
			Unsupported: "the agent's own timeouts always bound a run, as Pacemaker's timeout does"},
		{Name: "login_timeout", Type: TypeSecond, ArgName: "seconds", Default: "5", Desc: "Wait X seconds for cmd prompt after login"},
		{Name: "power_timeout", Type: TypeSecond, ArgName: "seconds", Default: "20", Desc: "Test X seconds for status change after ON/OFF"},
		{Name: "power_wait", Type: TypeSecond, ArgName: "seconds", Default: "0", Desc: "Wait X seconds after issuing ON/OFF"},
		{Name: "shell_timeout", Type: TypeSecond, ArgName: "seconds", Default: "3", Desc: "Wait X seconds for cmd prompt after issuing command"},
		{Name: "stonith_status_sleep", Type: TypeSecond, ArgName: "seconds", Default: "1", Desc: "Sleep X seconds between status calls during a STONITH action"},
		{Name: "retry_on", Type: TypeInteger, ArgName: "attempts", Default: "1", Desc: "Count of attempts to retry power on"},
		{Name: "plug_separator", ArgName: "char", Default: ",", Desc: "Separator for plug parameter when specifying more than 1 plug"},
	}
}

// Login returns fence-agents' parameters for reaching a network device:
// ip (ipaddr), ipport with the given default, username (login), password
// (passwd, secret) and password_script (passwd_script, whose output is the
// secret password).
func Login(defaultPort string) []Param {
	return []Param{
		{Name: "ip", Obsoletes: "ipaddr", Short: "a", ArgName: "ip", Desc: "IP address or hostname of fencing device"},
		{Name: "ipport", Short: "u", Type: TypeInteger, ArgName: "port", Default: defaultPort, Desc: "TCP/UDP port to use for connection with device"},
		{Name: "username", Obsoletes: "login", Short: "l", ArgName: "name", Desc: "Login name"},
		{Name: "password", Obsoletes: "passwd", Short: "p", ArgName: "password", Secret: true, Desc: "Login password or passphrase"},
		{Name: "password_script", Obsoletes: "passwd_script", Short: "S", ArgName: "script", Desc: "Script to run to retrieve password"},
	}
}

// Plug returns the target parameters: plug (port), and nodename, which
// Pacemaker sends with every targeted action. plug wins over nodename.
func Plug(desc string) []Param {
	if desc == "" {
		desc = "Physical plug number on device, UUID or identification of machine"
	}
	return []Param{
		{Name: KeyPlug, Obsoletes: "port", Short: "n", ArgName: "id", Desc: desc},
		{Name: KeyNodename, ArgName: "nodename", Desc: "Name of the node to be fenced"},
		{Name: "separator", Short: "C", ArgName: "char", Default: ",", Desc: "Separator for CSV created by 'list' operation"},
	}
}

// SetDefault changes the default of the parameter called name in ps and
// reports whether it was there.
func SetDefault(ps []Param, name, def string) bool {
	for i := range ps {
		if ps[i].Name == name {
			ps[i].Default = def
			return true
		}
	}
	return false
}
