package main

import "testing"

// snmpAgentsCIB has an apc_snmp device without ip, one with its obsolete
// name ipaddr, and an ifmib device with ip and no plug (Pacemaker passes
// the plug with each action).
const snmpAgentsCIB = `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources>
      <primitive id="pdu" class="stonith" type="fence_exec_apc_snmp">
        <instance_attributes id="pdu-ia"><nvpair id="pdu-c" name="community" value="private"/><nvpair id="pdu-h" name="pcmk_host_map" value="n1:1"/></instance_attributes>
        <operations><op id="pdu-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="pdu2" class="stonith" type="fence_exec_apc_snmp">
        <instance_attributes id="pdu2-ia"><nvpair id="pdu2-ip" name="ipaddr" value="10.0.0.2"/><nvpair id="pdu2-h" name="pcmk_host_map" value="n2:2"/></instance_attributes>
        <operations><op id="pdu2-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="fabric" class="stonith" type="fence_exec_ifmib">
        <instance_attributes id="fabric-ia"><nvpair id="fabric-ip" name="ip" value="10.0.0.3"/><nvpair id="fabric-h" name="pcmk_host_map" value="n1:s1;n2:s2"/></instance_attributes>
        <meta_attributes id="fabric-meta"><nvpair id="fabric-provides" name="provides" value="unfencing"/></meta_attributes>
        <operations><op id="fabric-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>`

// TestVerifySNMPAgents: verify knows the SNMP agents' required ip (or
// ipaddr) and asks for no plug.
func TestVerifySNMPAgents(t *testing.T) {
	out, _, code := runCLI(t, snmpAgentsCIB, "verify", "-")
	want := "error: pdu (line 6): fence_exec_apc_snmp requires parameter ip (or ipaddr): add params ip=... [agent-params]\n"
	if code != exitConfig || out != want {
		t.Errorf("exit %d, output %q, want %q", code, out, want)
	}
}
