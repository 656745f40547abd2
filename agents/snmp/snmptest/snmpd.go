package snmptest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// Config is what an snmpd serves.
type Config struct {
	Community   string   // read-write community for v1 and v2c ("" for none)
	Users       []User   // read-write v3 users
	SysObjectID string   // "" keeps net-snmp's own
	Pass        []Pass   // pass_persist programs
	Netns       string   // run inside this network namespace (see NewNetns)
	Without     []string // MIB modules snmpd leaves out (-I -name), e.g. system_mib
	// Port, with Netns, makes snmpd listen on the namespace's own
	// 127.0.0.1:Port (Addr:Port when Addr is set), for clients that run
	// inside it or reach it from namespaces cabled to it; otherwise snmpd
	// answers on a free port of the test's loopback.
	Port string
	Addr string
}

// User is a v3 user. Auth is MD5 or SHA and Priv DES or AES; a user
// without AuthPass has no authentication, one without PrivPass no
// privacy.
type User struct {
	Name, Auth, AuthPass, Priv, PrivPass string
}

// Pass hands the subtree Root to a pass_persist program (Command with its
// arguments).
type Pass struct {
	Root    string
	Command []string
}

// Snmpd is a running snmpd.
type Snmpd struct {
	Port string // UDP port on 127.0.0.1
	Log  string // its log file
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts snmpd with cfg on a free loopback port and stops it when
// the test ends.
func Start(t testing.TB, cfg Config) *Snmpd {
	t.Helper()
	bin := peertest.Program(t, "snmpd")
	dir := t.TempDir()
	var sock *net.UDPConn
	port := cfg.Port
	if port == "" || cfg.Netns == "" {
		sock = listen(t)
		port = strconv.Itoa(sock.LocalAddr().(*net.UDPAddr).Port)
	}
	conf := filepath.Join(dir, "snmpd.conf")
	addr := "127.0.0.1"
	if sock == nil && cfg.Addr != "" {
		addr = cfg.Addr
	}
	if err := os.WriteFile(conf, []byte(cfg.conf(addr, port)), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Snmpd{Port: port, Log: filepath.Join(dir, "snmpd.log"), done: make(chan struct{})}
	args := []string{bin, "-f", "-C", "-c", conf, "-Lf", s.Log}
	if len(cfg.Without) > 0 {
		args = append(args, "-I", "-"+strings.Join(cfg.Without, ",-"))
	}
	if cfg.Netns != "" {
		args = append([]string{peertest.Program(t, "ip"), "netns", "exec", cfg.Netns}, args...)
	}
	// snmpd takes the socket by socket activation: LISTEN_PID must be its
	// own pid, which the shell knows before it execs (ip netns exec, which
	// also mounts the namespace's sysfs, execs too).
	s.cmd = exec.Command("/bin/sh", "-c", `[ -n "$LISTEN_FDS" ] && export LISTEN_PID=$$; exec "$@"`, "sh")
	s.cmd.Args = append(s.cmd.Args, args...)
	s.cmd.Env = append(os.Environ(), "SNMPCONFPATH="+dir, "SNMP_PERSISTENT_DIR="+dir, "MIBS=")
	var f *os.File
	if sock != nil {
		var err error
		if f, err = sock.File(); err != nil {
			t.Fatal(err)
		}
		sock.Close()
		s.cmd.ExtraFiles = []*os.File{f}
		s.cmd.Env = append(s.cmd.Env, "LISTEN_FDS=1")
	}
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if f != nil {
		f.Close()
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(s.Stop)
	s.waitReady(t)
	return s
}

// Params returns agent parameters reaching 127.0.0.1:port with community
// and timing quick enough for tests (whole seconds, which fence-agents'
// agents require too), with the extra key/value pairs added; a pair with
// an empty value removes the key.
func Params(port, community string, pairs ...string) map[string]string {
	m := map[string]string{"ip": "127.0.0.1", "ipport": port, "community": community, "power_wait": "0",
		"power_timeout": "5", "stonith_status_sleep": "1", "login_timeout": "1", "shell_timeout": "1"}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			delete(m, pairs[i])
			continue
		}
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

// listen opens the UDP socket snmpd will answer on.
func listen(t testing.TB) *net.UDPConn {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// conf renders snmpd.conf.
func (cfg Config) conf(addr, port string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "agentaddress udp:%s:%s\n", addr, port)
	if cfg.Community != "" {
		fmt.Fprintf(&b, "rwcommunity %s default\n", cfg.Community)
	}
	for _, u := range cfg.Users {
		level := "noauth"
		line := "createUser " + u.Name
		if u.AuthPass != "" {
			level = "auth"
			line += fmt.Sprintf(" %s %q", u.Auth, u.AuthPass)
			if u.PrivPass != "" {
				level = "priv"
				line += fmt.Sprintf(" %s %q", u.Priv, u.PrivPass)
			}
		}
		fmt.Fprintf(&b, "%s\nrwuser %s %s\n", line, u.Name, level)
	}
	if cfg.SysObjectID != "" {
		fmt.Fprintf(&b, "sysObjectID %s\n", cfg.SysObjectID)
	}
	for _, p := range cfg.Pass {
		fmt.Fprintf(&b, "pass_persist %s %s\n", p.Root, strings.Join(p.Command, " "))
	}
	return b.String()
}

// waitReady waits until snmpd logs that it runs, or fails when it exits.
func (s *Snmpd) waitReady(t testing.TB) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, _ := os.ReadFile(s.Log); bytes.Contains(b, []byte("NET-SNMP version")) {
			return
		}
		select {
		case <-s.done:
			b, _ := os.ReadFile(s.Log)
			t.Fatalf("snmpd exited before it started:\n%s", b)
		case <-tick.C:
		}
	}
}

// Signal sends sig to snmpd (SIGSTOP makes a hung device, SIGCONT revives
// it).
func (s *Snmpd) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(-s.cmd.Process.Pid, sig); err != nil {
		t.Fatal(err)
	}
}

// Stop ends snmpd (and its pass_persist programs) and waits for it.
func (s *Snmpd) Stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGCONT)
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
}
