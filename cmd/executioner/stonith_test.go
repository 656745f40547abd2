package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/agents/apcsmart/apcsim"
	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// glue runs cluster-glue's stonith(8) with stdin not a terminal.
func glue(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	code, out, _ := glueErr(t, env, args...)
	return code, out
}

// glueErr is glue with stderr.
func glueErr(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(peertest.Program(t, "stonith"), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errb.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// ours runs executioner stonith in-process.
func ours(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := runStonith(ctx, args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestStonithLikeClusterGlue runs the same command lines through
// cluster-glue's stonith and ours, stdin not a terminal: the exit codes
// and the output must be the same, and stderr empty for both or for
// neither (stonith(8) logs to syslog then, except usage errors).
func TestStonithLikeClusterGlue(t *testing.T) {
	peertest.Program(t, "stonith")
	file := filepath.Join(t.TempDir(), "null.cfg")
	os.WriteFile(file, []byte("# the hosts\nnode1 node2\nnode3\n"), 0o600)
	apc := filepath.Join(t.TempDir(), "apc.cfg")
	os.WriteFile(apc, []byte("\n# comment\n/dev/null a b\n/dev/zero c\n"), 0o600)
	nul := filepath.Join(t.TempDir(), "null2.cfg")
	os.WriteFile(nul, []byte(" # not a comment: in the second column\nn1\n"), 0o600)
	cases := []struct {
		env  []string
		args []string
	}{
		{nil, []string{"-t", "null", "-n"}},
		{nil, []string{"-t", "null", "-p", "n1 n2", "-l"}},
		{nil, []string{"-t", "null", "hostlist=n1,N2", "-c", "2", "-l"}},
		{nil, []string{"-t", "null", "hostlist=node1 node2", "-T", "reset", "node1"}},
		{nil, []string{"-t", "null", "hostlist=node1 node2", "-T", "reset", "node3"}},
		{nil, []string{"-t", "null", "hostlist=x", "node1"}},
		{nil, []string{"-t", "null", "hostlist=x", "-S"}},
		{nil, []string{"-t", "null", "-F", file, "-l"}},
		{[]string{"hostlist=e1 e2"}, []string{"-t", "null", "-E", "-l"}},
		{nil, []string{"-t", "null", "hostlist=x", "-T", "bogus", "node1"}},
		{nil, []string{"-t", "null", "-T", "reset", "node1"}},
		{nil, []string{"-t", "bogus", "-l"}},
		{nil, []string{"-t", "null", "hostlist=", "-l"}},
		{nil, []string{"-t", "null", "hostlist=x"}},
		{nil, []string{"-t", "null", "hostlist=x", "a", "b"}},
		{nil, []string{"-t", "null", "foo=x", "-l"}},
		{nil, []string{"-t", "null", "-p", "x", "hostlist=y", "-l"}},
		{nil, []string{"-t", "null", "-c", "0", "-l"}},
		{nil, []string{"-t", "null", "-p", "x", "-F", file, "-l"}},
		{nil, []string{"-x"}},
		{nil, []string{"-l"}},
		{nil, []string{"-t", "suicide", "-T", "on", "node1"}},
		{nil, []string{"-t", "suicide", "-l"}},
		{nil, []string{"-t", "suicide", "-n"}},
		{nil, []string{"-t", "null", "-p", " n1\tn2  n3 ", "-l"}},
		{nil, []string{"-t", "null", "-p", "\t", "-l"}},
		{nil, []string{"-t", "apcsmart", "-F", apc, "-l"}},
		{nil, []string{"-t", "apcsmart", "-p", "/dev/null", "-l"}},
		{nil, []string{"-t", "apcsmart", "-p", "/dev/null\ta  b", "-l"}},
		{nil, []string{"-t", "external/ssh", "-n"}},
		{nil, []string{"-t", "external/ssh", "hostlist=h1 H2", "-l"}},
		{nil, []string{"-t", "external/ssh", "-p", "h1 h2", "-l"}},
		{nil, []string{"-t", "external/ipmi", "-n"}},
		{nil, []string{"-t", "external/ipmi", "-p", "h1 127.0.0.1 admin pw lanplus", "-l"}},
		{nil, []string{"-t", "external/ipmi", "hostname=h1", "-l"}},
		{nil, []string{"-t", "bogus", "-n"}},
		{nil, []string{"-t", "null", "-F", nul, "-l"}},
	}
	for _, c := range cases {
		wantCode, wantOut, wantErr := glueErr(t, c.env, c.args...)
		code, out, stderr := ours(t, c.env, c.args...)
		if code != wantCode || out != wantOut || (stderr == "") != (wantErr == "") {
			t.Errorf("stonith %q: exit %d, stdout %q, stderr %q; cluster-glue: exit %d, stdout %q, stderr %q",
				c.args, code, out, stderr, wantCode, wantOut, wantErr)
		}
	}
}

// TestStonithListsAll: -L lists every registered agent and the
// cluster-glue types accepted as aliases, -n and -h work for each, and -m
// prints its metadata in cluster-glue's OCF form, valid XML naming every
// configuration name.
func TestStonithListsAll(t *testing.T) {
	code, out, _ := ours(t, nil, "-L")
	types := glueTypes(all.Registry().Devices())
	if code != 0 || out != strings.Join(types, "\n")+"\n" || !strings.Contains(out, "\nexternal/ipmi\n") || !strings.Contains(out, "\nnull\n") {
		t.Fatalf("-L: exit %d\n%s", code, out)
	}
	for _, d := range types {
		if code, out, _ := ours(t, nil, "-t", d, "-h"); code != 0 || !strings.Contains(out, "STONITH Device: "+d+" - ") {
			t.Errorf("-t %s -h: exit %d\n%s", d, code, out)
		}
		code, out, _ := ours(t, nil, "-t", d, "-m")
		var md struct {
			Name   string `xml:"name,attr"`
			Params []struct {
				Name string `xml:"name,attr"`
			} `xml:"parameters>parameter"`
			Actions []struct {
				Name string `xml:"name,attr"`
			} `xml:"actions>action"`
		}
		_, names, _ := ours(t, nil, "-t", d, "-n")
		if err := xml.Unmarshal([]byte(out), &md); code != 0 || err != nil || md.Name != d || len(md.Actions) != 5 ||
			len(md.Params) != len(strings.Fields(names)) || !strings.HasPrefix(out, "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n") {
			t.Errorf("-t %s -m: exit %d, %v\n%s", d, code, err, out)
		}
		if code, _, _ := ours(t, nil, "-t", d, "-n"); code != 0 {
			t.Errorf("-t %s -n: exit %d", d, code)
		}
	}
}

// TestStonithDebug: -d shows what the agent does on stderr, stdin not a
// terminal or not; without it nothing is shown.
func TestStonithDebug(t *testing.T) {
	if _, _, stderr := ours(t, nil, "-t", "null", "hostlist=n1", "-T", "reset", "n1"); stderr != "" {
		t.Errorf("without -d: stderr %q", stderr)
	}
	_, _, stderr := ours(t, nil, "-t", "null", "-d", "hostlist=n1", "-T", "reset", "n1")
	if !strings.Contains(stderr, "DEBUG: fence_exec_null reboot: parameters ") || !strings.Contains(stderr, "null device: reboot of \"n1\" claimed") {
		t.Errorf("-d: stderr %q", stderr)
	}
}

// TestStonithAlias: external/ipmi's names reach the ipmi agent as its
// parameters (checked in the agent's debug output: the login goes to
// ipaddr, over lanplus, and the password stays hidden), and a reset of a
// host the alias does not control is refused (exit 4) before any of it.
func TestStonithAlias(t *testing.T) {
	dev := []string{"-t", "external/ipmi", "-d", "hostname=h1", "ipaddr=127.0.0.1", "userid=admin", "passwd=alias-s3cret", "interface=lanplus"}
	code, _, stderr := ours(t, nil, append(dev, "-T", "reset", "H2")...)
	if code != 4 || strings.Contains(stderr, "fence_exec_ipmi") {
		t.Errorf("reset of a host not in the alias's list: exit %d\n%s", code, stderr)
	}
	code, _, stderr = ours(t, nil, append(dev, "-T", "off", "H1")...)
	if code != 5 || !strings.Contains(stderr, "ip=127.0.0.1 ") || !strings.Contains(stderr, "lanplus=1 ") || !strings.Contains(stderr, "username=admin") ||
		!strings.Contains(stderr, "bmc 127.0.0.1:623") || strings.Contains(stderr, "alias-s3cret") {
		t.Errorf("off through the alias (no BMC listens): exit %d\n%s", code, stderr)
	}
	if code, _, stderr := ours(t, nil, append(dev[:len(dev)-1], "interface=serial", "-T", "off", "h1")...); code != 1 || !strings.Contains(stderr, `interface="serial" is not one of lan, lanplus`) {
		t.Errorf("a bad interface: exit %d\n%s", code, stderr)
	}
}

// TestStonithMeatware: a reset through our stonith waits for the real
// meatclient, and exits like cluster-glue's: 0 when confirmed, 5 when
// cancelled, 4 for a host not in hostlist.
func TestStonithMeatware(t *testing.T) {
	meatclient := peertest.Program(t, "meatclient")
	peertest.Writable(t, meatware.Dir)
	host := fmt.Sprintf("stmw%d", os.Getpid())
	for _, c := range []struct {
		answer string
		want   int
	}{{"y\n", 0}, {"n\n", 5}} {
		done := make(chan int, 1)
		go func() {
			code, _, _ := ours(t, nil, "-t", "meatware", "hostlist="+host, "-T", "reset", strings.ToUpper(host))
			done <- code
		}()
		mc := exec.Command(meatclient, "-w", "-c", host)
		mc.Stdin = strings.NewReader(c.answer)
		mc.Run()
		if code := <-done; code != c.want {
			t.Errorf("meatclient answering %q: exit %d, want %d", c.answer, code, c.want)
		}
	}
	if code, _, _ := ours(t, nil, "-t", "meatware", "hostlist=a", "-T", "reset", "b"); code != 4 {
		t.Errorf("host not in hostlist: exit %d, want 4", code)
	}
}

// TestStonithApcsmartLikeClusterGlue: against the simulated UPS, -S, a
// reset, an off, an on and a reset of a foreign host give cluster-glue's
// exit codes, and both leave the UPS in the same state.
func TestStonithApcsmartLikeClusterGlue(t *testing.T) {
	peertest.Program(t, "stonith")
	peertest.Writable(t, "/var/lock")
	sim, err := apcsim.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	dev := []string{"-t", "apcsmart", "ttydev=" + sim.Path, "hostlist=u1 u2"}
	for _, c := range [][]string{{"-S"}, {"-l"}, {"-T", "off", "u1"}, {"-T", "on", "U1"}, {"-T", "reset", "u2"}, {"-T", "reset", "u3"}} {
		args := append(append([]string(nil), dev...), c...)
		startOn := len(c) < 2 || c[1] != "on" // on starts from off, the rest from on
		sim.Set(apcsim.Healthy, startOn)
		_, _, _, offs := sim.State()
		wantCode, wantOut := glue(t, nil, args...)
		waitLoad(t, sim)
		glueOn, _, _, glueOffs := sim.State()
		sim.Set(apcsim.Healthy, startOn)
		code, out, stderr := ours(t, nil, args...)
		waitLoad(t, sim)
		on, _, _, after := sim.State()
		if code != wantCode || out != wantOut || on != glueOn || after-glueOffs != glueOffs-offs {
			t.Errorf("stonith %q: exit %d, stdout %q, load on %v, %d power-offs; cluster-glue: exit %d, stdout %q, load on %v, %d power-offs\n%s",
				c, code, out, on, after-glueOffs, wantCode, wantOut, glueOn, glueOffs-offs, stderr)
		}
	}
}

// waitLoad lets a simulated reset finish (the load back on) before the
// state is compared.
func waitLoad(t *testing.T, sim *apcsim.Sim) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if !sim.Busy() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the simulated UPS stayed busy")
}
