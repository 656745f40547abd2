package ssh

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/ocf"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func need(t *testing.T, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("required under CI=true: %s", why)
	}
	t.Skip(why)
}

// server is a throwaway OpenSSH sshd on 127.0.0.1 with key
// authentication for the current user.
type server struct {
	dir, port, user      string
	identity, knownHosts string
	config               string
	cmd                  *exec.Cmd
}

func keygen(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// newServer writes the keys, known_hosts and sshd_config, and starts sshd.
func newServer(t *testing.T) *server {
	t.Helper()
	_, err := os.Stat("/usr/sbin/sshd")
	_, kerr := exec.LookPath("ssh-keygen")
	need(t, err == nil && kerr == nil, "OpenSSH's sshd and ssh-keygen must be installed")
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{dir: t.TempDir(), port: freePort(t), user: u.Username}
	s.identity = filepath.Join(s.dir, "id")
	keygen(t, s.identity)
	keygen(t, filepath.Join(s.dir, "hostkey"))
	pub, err := os.ReadFile(s.identity + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.dir, "authorized_keys"), pub, 0o600)
	hostPub, err := os.ReadFile(filepath.Join(s.dir, "hostkey.pub"))
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(hostPub)
	if err != nil {
		t.Fatal(err)
	}
	s.knownHosts = filepath.Join(s.dir, "known_hosts")
	os.WriteFile(s.knownHosts, []byte(knownhosts.Line([]string{knownhosts.Normalize("127.0.0.1:" + s.port)}, key)+"\n"), 0o600)
	s.config = filepath.Join(s.dir, "sshd_config")
	os.WriteFile(s.config, []byte(fmt.Sprintf(`Port %s
ListenAddress 127.0.0.1
HostKey %s/hostkey
PidFile %s/sshd.pid
AuthorizedKeysFile %s/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
`, s.port, s.dir, s.dir, s.dir)), 0o600)
	os.MkdirAll("/run/sshd", 0o755) // the privilege separation directory
	s.start(t)
	return s
}

// start runs sshd in the foreground of a child process and waits for its
// port.
func (s *server) start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", s.config)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd := s.cmd
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+s.port); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("sshd did not start listening")
}

// up reports whether the test host still answers on its port.
func (s *server) up() bool {
	c, err := net.Dial("tcp", "127.0.0.1:"+s.port)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// params reach the server; off and reboot stop its sshd, as a host going
// down would.
func (s *server) params() map[string]string {
	stop := "kill $(cat " + s.dir + "/sshd.pid)"
	return map[string]string{"ip": "127.0.0.1", "ipport": s.port, "username": s.user,
		"identity_file": s.identity, "known_hosts": s.knownHosts, "off_command": stop, "reboot_command": stop}
}

func run(t *testing.T, params map[string]string, action ocf.Action) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, New(), "fence_exec_ssh", agenttest.Stdin(action, agenttest.WithTarget(params, "node1")), nil)
}

func TestConformance(t *testing.T) {
	s := newServer(t)
	agenttest.Run(t, agenttest.Config{Agent: New(), Name: "fence_exec_ssh", Params: s.params(), Target: "node1"})
}

// TestFence: off and reboot succeed once the host stopped answering;
// status then reports OFF.
func TestFence(t *testing.T) {
	for _, action := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
		s := newServer(t)
		p := s.params()
		if r := run(t, p, ocf.ActionStatus); r.Code != 0 || r.Stdout != "Status: ON\n" {
			t.Fatalf("status of a running host: %v", r)
		}
		r := run(t, p, action)
		s.cmd.Wait()
		if r.Code != 0 || !strings.HasPrefix(r.Stdout, "Success: ") || s.cmd.ProcessState == nil {
			t.Errorf("%s: %v (sshd exited: %v)", action, r, s.cmd.ProcessState)
		}
		if r := run(t, p, ocf.ActionStatus); r.Code != 2 || r.Stdout != "Status: OFF\n" {
			t.Errorf("status after %s: %v", action, r)
		}
	}
}

// TestFaults: an unknown host key, a wrong key, a command that leaves the
// host up, a host that accepts but never speaks SSH, and a failing
// command: exit 1, one line, within the timeouts, the host untouched.
func TestFaults(t *testing.T) {
	s := newServer(t)
	other := filepath.Join(t.TempDir(), "other")
	keygen(t, other)
	empty := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(empty, nil, 0o600)
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	_, silentPort, _ := net.SplitHostPort(silent.Addr().String())
	cases := []struct {
		name, key, value, says string
	}{
		{"unknown host key", "known_hosts", empty, "key is unknown"},
		{"wrong identity", "identity_file", other, "unable to authenticate"},
		{"command leaves host up", "off_command", "true", "still answers"},
		{"failing command", "off_command", "exit 3", "status 3"},
		{"silent port", "ipport", silentPort, "no answer"},
	}
	for _, c := range cases {
		p := s.params()
		p[c.key] = c.value
		p["power_timeout"], p["login_timeout"] = "2", "1"
		r := run(t, p, ocf.ActionOff)
		if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, c.says) || r.Elapsed > 5*time.Second {
			t.Errorf("%s: %v", c.name, r)
		}
		if !s.up() {
			t.Fatalf("%s: the host went down", c.name)
		}
	}
}
