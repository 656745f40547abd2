package peertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// The rig's BMC account (its NSC_BMC_USER and NSC_BMC_PASS defaults); the
// PDU has the same.
const (
	ClusterBMCUser = "admin"
	ClusterBMCPass = "secret"
)

// PDUPort is the port of the PDU's own controller; node X's outlet
// answers on PDUPort*10+X.
const PDUPort = 623

// PDU is a power switch on the rig's management network that can power
// every node: ipmi_sim BMCs at one address, the one on PDUPort for the
// switch itself (its power changes nothing), and per node an outlet on its
// own port whose power is the node's: it uses the rig's chassis hook, as
// the node's BMC does, so powering it off kills the node, and the power
// change is in the node's BMC events.
type PDU struct {
	Addr string
	sims map[string]*exec.Cmd // "" is the controller
}

// StartPDU starts the PDU at addr (an unused address of the management
// network, 10.99.1.0/24) and stops it when the test ends.
func (c *Cluster) StartPDU(t testing.TB, addr string) *PDU {
	t.Helper()
	c.AddAddress(t, ClusterBMCs, "eth0", addr)
	dir := t.TempDir() // removed after the simulators stop
	p := &PDU{Addr: addr, sims: map[string]*exec.Cmd{}}
	t.Cleanup(p.stop)
	p.start(t, filepath.Join(dir, "pdu"), "", PDUPort, Shared(t, "peers", "ipmisim", "chassis")+" "+filepath.Join(dir, "pdu"))
	for _, n := range c.Nodes {
		p.start(t, filepath.Join(dir, n), n, p.Port(n), filepath.Join(c.Dir, "bmc-hook")+" "+c.State+" "+n)
	}
	return p
}

// Port is node's outlet.
func (p *PDU) Port(node string) int {
	x, _ := strconv.Atoi(node[len("node"):])
	return PDUPort*10 + x
}

// start runs one ipmi_sim in the rig's BMC namespace with hook as its
// chassis control and waits until it answers.
func (p *PDU) start(t testing.TB, dir, node string, port int, hook string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "state"), 0o755); err != nil {
		t.Fatal(err)
	}
	lan := fmt.Sprintf(`name "pdu%d"
set_working_mc 0x20
  startlan 1
    addr %s %d
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid b123456789abcdefa123456789ab%04x
  endlan
  chassis_control "%s"
  user 1 true  ""   "unused" user  10 none md2 md5 straight
  user 2 true  "%s" "%s"     admin 10 none md2 md5 straight
`, port, p.Addr, port, port, hook, ClusterBMCUser, ClusterBMCPass)
	emu := "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\n" +
		"sel_enable 0x20 1000 0x0a\nmc_enable 0x20\n"
	for name, text := range map[string]string{"lan.conf": lan, "bmc.emu": emu, "power": "1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	log, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command("ip", "netns", "exec", "nsc-bmc", "ipmi_sim", "-c", filepath.Join(dir, "lan.conf"),
		"-f", filepath.Join(dir, "bmc.emu"), "-s", filepath.Join(dir, "state"), "-n")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.sims[node] = cmd
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for deadline := time.Now().Add(30 * time.Second); ; <-tick.C {
		status := exec.Command("ip", "netns", "exec", "nsc-bmc", "ipmitool", "-I", "lanplus", "-C", "3", "-H", p.Addr,
			"-p", strconv.Itoa(port), "-U", ClusterBMCUser, "-E", "chassis", "power", "status")
		status.Env = append(os.Environ(), "IPMI_PASSWORD="+ClusterBMCPass)
		if status.Run() == nil {
			return
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("pdu: the simulator on port %d does not answer:\n%s", port, b)
		}
	}
}

// Signal sends sig to node's outlet: SIGSTOP makes it dead, SIGCONT brings
// it back.
func (p *PDU) Signal(t testing.TB, node string, sig syscall.Signal) {
	t.Helper()
	if err := p.sims[node].Process.Signal(sig); err != nil {
		t.Fatalf("pdu: outlet of %s: %v", node, err)
	}
}

// stop kills every simulator of the PDU.
func (p *PDU) stop() {
	for _, cmd := range p.sims {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}
