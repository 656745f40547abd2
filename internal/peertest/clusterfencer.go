package peertest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// ClusterNode is the name of the one node of a ClusterFencer.
const ClusterNode = "fnode"

// ClusterFencer is Pacemaker's fencer as it runs in a cluster (not
// stand-alone: it uses the fencing topology and reads devices, their
// placement and node attributes from the CIB), with its own CIB daemon and
// a one-node corosync, in private mount, network, IPC, PID and UTS
// namespaces: nothing of the host's /usr/sbin, /etc/corosync,
// /var/lib/pacemaker or IPC is touched, so it needs no machine-wide lock.
// The fence agents it runs are the ones StartClusterFencer links into its
// private /usr/sbin.
type ClusterFencer struct {
	dir     string
	pid     int // the namespaces' first process, as the host sees it
	cmd     *exec.Cmd
	Log     string // Pacemaker's log
	logSeen int    // how much of the log WaitLog has looked at
	done    chan error
}

// clusterScript sets the namespaces up and runs corosync, pacemaker-based
// and pacemaker-fenced until killed. $1 is the working directory.
const clusterScript = `#!/bin/sh
W=$1
trap 'echo $? > $W/exited' EXIT
set -e
awk '{print $4}' /proc/self/stat > $W/pid.tmp && mv $W/pid.tmp $W/pid
mount -t proc proc /proc
hostname ` + ClusterNode + `
ip link set lo up
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/crm /run/corosync /run/lock
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount --bind $W/etc-corosync /etc/corosync
mount --bind $W/lib-pacemaker /var/lib/pacemaker
mount --bind $W/lib-corosync /var/lib/corosync
mount --bind /usr/sbin $W/hostsbin
ls -A $W/hostsbin | while read f; do [ -e "$W/sbin/$f" ] || [ -L "$W/sbin/$f" ] || ln -s "$W/hostsbin/$f" "$W/sbin/$f"; done
mount --bind $W/sbin /usr/sbin
export PCMK_logfile=$W/log/pacemaker.log PCMK_logfacility=none
corosync -f > $W/log/corosync.out 2>&1 &
i=0; until corosync-cfgtool -s >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 600 ]; sleep 0.1; done
/usr/lib/pacemaker/pacemaker-based > $W/log/based.out 2>&1 &
i=0; until cibadmin -Q >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 600 ]; sleep 0.1; done
/usr/lib/pacemaker/pacemaker-fenced > $W/log/fenced.out 2>&1 &
i=0; until stonith_admin -L >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 600 ]; sleep 0.1; done
touch $W/ready
wait
`

const clusterCorosync = `totem {
	version: 2
	cluster_name: executioner-test
	transport: knet
	crypto_cipher: none
	crypto_hash: none
}
nodelist {
	node {
		ring0_addr: 127.0.0.1
		name: ` + ClusterNode + `
		nodeid: 1
	}
}
quorum {
	provider: corosync_votequorum
}
logging {
	to_logfile: yes
	logfile: %s
	to_syslog: no
	to_stderr: no
}
`

// StartClusterFencer starts the fencer with each agent name in agents
// linked to bin in its /usr/sbin and env added to its environment (its
// agents inherit it), and stops everything when the test ends. It skips
// (fails under CI=true) without root or the peers (corosync, Pacemaker's
// daemons and tools, unshare, nsenter, ip).
func StartClusterFencer(t testing.TB, bin string, agents []string, env ...string) *ClusterFencer {
	t.Helper()
	Root(t)
	for _, p := range []string{"corosync", "corosync-cfgtool", "cibadmin", "stonith_admin", "unshare", "nsenter", "ip"} {
		Program(t, p)
	}
	Need(t, Has("/usr/lib/pacemaker/pacemaker-based") && Has(FencerDaemon), "pacemaker-based and pacemaker-fenced")
	dir, err := os.MkdirTemp("", "executioner-fencer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the cluster fencer's files and logs are kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	f := &ClusterFencer{dir: dir, Log: filepath.Join(dir, "log", "pacemaker.log"), done: make(chan error, 1)}
	for _, d := range []string{"etc-corosync", "lib-corosync", "sbin", "hostsbin", "log",
		"lib-pacemaker/cib", "lib-pacemaker/pengine", "lib-pacemaker/blackbox", "lib-pacemaker/cores"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f.write(t, "etc-corosync/corosync.conf", fmt.Sprintf(clusterCorosync, filepath.Join(dir, "log", "corosync.log")))
	f.write(t, "run.sh", clusterScript)
	if out, err := exec.Command("chown", "-R", "hacluster:haclient", filepath.Join(dir, "lib-pacemaker"), filepath.Join(dir, "log")).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v\n%s", err, out)
	}
	for _, a := range agents {
		if err := os.Symlink(bin, filepath.Join(dir, "sbin", a)); err != nil {
			t.Fatal(err)
		}
	}
	f.cmd = exec.Command("unshare", "--mount", "--net", "--ipc", "--pid", "--uts", "--fork", "--propagation", "private",
		"sh", filepath.Join(dir, "run.sh"), dir)
	f.cmd.Env = append(os.Environ(), env...)
	f.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out bytes.Buffer
	f.cmd.Stdout, f.cmd.Stderr = &out, &out
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { f.done <- f.cmd.Wait() }()
	t.Cleanup(f.stop)
	WaitDir(t, dir, func() bool { return exists(filepath.Join(dir, "ready")) || exists(filepath.Join(dir, "exited")) })
	if !exists(filepath.Join(dir, "ready")) {
		logs, _ := os.ReadFile(f.Log)
		t.Fatalf("the cluster fencer did not start:\n%s\n%s", out.String(), tail(string(logs), 40))
	}
	b, err := os.ReadFile(filepath.Join(dir, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	if f.pid, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *ClusterFencer) write(t testing.TB, rel, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, rel), []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// stop kills the namespaces' first process, which ends every process in
// them, and waits for unshare.
func (f *ClusterFencer) stop() {
	if b, err := os.ReadFile(filepath.Join(f.dir, "pid")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	<-f.done
}

// Run runs a command inside the namespaces and returns its exit code and
// combined output.
func (f *ClusterFencer) Run(t testing.TB, args ...string) (int, string) {
	t.Helper()
	return Output(t, exec.Command("nsenter", append([]string{"-t", strconv.Itoa(f.pid), "-m", "-n", "-i", "-p", "-u", "--"}, args...)...))
}

// Admin runs stonith_admin inside the namespaces.
func (f *ClusterFencer) Admin(t testing.TB, args ...string) (int, string) {
	t.Helper()
	return f.Run(t, append([]string{"stonith_admin"}, args...)...)
}

// WaitLog returns once Pacemaker's log holds substr after what earlier
// calls waited for.
func (f *ClusterFencer) WaitLog(t testing.TB, substr string) {
	t.Helper()
	WaitDir(t, filepath.Dir(f.Log), func() bool {
		b, _ := os.ReadFile(f.Log)
		if len(b) < f.logSeen {
			return false
		}
		if i := bytes.Index(b[f.logSeen:], []byte(substr)); i >= 0 {
			f.logSeen += i + len(substr)
			return true
		}
		return false
	})
}

// Dir is the fencer's working directory on the host (for files its agents
// write).
func (f *ClusterFencer) Dir() string { return f.dir }
