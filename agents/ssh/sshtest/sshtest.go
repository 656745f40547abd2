package sshtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Server is a throwaway OpenSSH sshd on 127.0.0.1 with key
// authentication for the current user.
type Server struct {
	Dir        string // holds the keys, the configuration and sshd.pid
	Port, User string
	Identity   string // the client's private key
	KnownHosts string // a known_hosts file with the server's key
	config     string
	cmd        *exec.Cmd
}

// Keygen writes a new ed25519 key pair to path and path.pub.
func Keygen(t testing.TB, path string) {
	t.Helper()
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
}

// Start writes the keys, known_hosts and sshd_config into a temporary
// directory and starts sshd; it is stopped when the test ends. Without
// sshd and ssh-keygen the test is skipped, or fails under CI=true.
func Start(t testing.TB) *Server {
	t.Helper()
	peertest.Need(t, peertest.Has("/usr/sbin/sshd") && peertest.Has("ssh-keygen"), "OpenSSH's sshd and ssh-keygen")
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: t.TempDir(), Port: peertest.FreeTCPPort(t), User: u.Username}
	s.Identity = filepath.Join(s.Dir, "id")
	Keygen(t, s.Identity)
	Keygen(t, filepath.Join(s.Dir, "hostkey"))
	pub, err := os.ReadFile(s.Identity + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.Dir, "authorized_keys"), pub, 0o600)
	hostPub, err := os.ReadFile(filepath.Join(s.Dir, "hostkey.pub"))
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(hostPub)
	if err != nil {
		t.Fatal(err)
	}
	s.KnownHosts = filepath.Join(s.Dir, "known_hosts")
	os.WriteFile(s.KnownHosts, []byte(knownhosts.Line([]string{knownhosts.Normalize("127.0.0.1:" + s.Port)}, key)+"\n"), 0o600)
	s.config = filepath.Join(s.Dir, "sshd_config")
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
`, s.Port, s.Dir, s.Dir, s.Dir)), 0o600)
	os.MkdirAll("/run/sshd", 0o755) // the privilege separation directory
	s.start(t)
	return s
}

// start runs sshd in the foreground of a child process and waits for its
// port.
func (s *Server) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", s.config)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd := s.cmd
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+s.Port); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("sshd did not start listening")
}

// Up reports whether the test host still answers on its port.
func (s *Server) Up() bool {
	c, err := net.Dial("tcp", "127.0.0.1:"+s.Port)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// Params are the agent parameters reaching the server; off and reboot
// stop its sshd, as a host going down would.
func (s *Server) Params() map[string]string {
	stop := "kill $(cat " + s.Dir + "/sshd.pid)"
	return map[string]string{"ip": "127.0.0.1", "ipport": s.Port, "username": s.User,
		"identity_file": s.Identity, "known_hosts": s.KnownHosts, "off_command": stop, "reboot_command": stop}
}

// Wait waits for sshd to exit and reports whether it has.
func (s *Server) Wait() bool {
	s.cmd.Wait()
	return s.cmd.ProcessState != nil
}
