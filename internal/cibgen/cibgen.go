package cibgen

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// ResourcesPerNode is how many ordinary resources each node runs.
const ResourcesPerNode = 10

// Cluster returns a CIB of n nodes (n >= 2) of the shape the package
// describes. Nodes are named node-1 ... node-n with ids 1 ... n; the odd
// ones are lost (out of the membership, expected up), so n/2 rounded up
// must be fenced. node-2 is the designated controller.
func Cluster(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 12500)
	_ = Write(&b, n)
	return b.Bytes()
}

// Write writes Cluster(n) to w without holding it all (a CIB of 50,000
// nodes is about 600 MB).
func Write(w io.Writer, n int) error {
	b := bufio.NewWriterSize(w, 1<<20)
	n = max(n, 2)
	fmt.Fprintf(b, `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.7" epoch="%d" num_updates="0" admin_epoch="0" have-quorum="1" dc-uuid="2" execution-date="1700000000">`+"\n", n)
	b.WriteString("  <configuration>\n    <crm_config>\n      <cluster_property_set id=\"cib-bootstrap-options\">\n")
	for _, p := range [][2]string{{"stonith-enabled", "true"}, {"no-quorum-policy", "ignore"}, {"cluster-infrastructure", "corosync"}} {
		fmt.Fprintf(b, "        <nvpair id=\"cib-bootstrap-options-%s\" name=\"%s\" value=\"%s\"/>\n", p[0], p[0], p[1])
	}
	b.WriteString("      </cluster_property_set>\n    </crm_config>\n    <nodes>\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(b, "      <node id=\"%d\" uname=\"node-%d\"/>\n", i, i)
	}
	b.WriteString("    </nodes>\n    <resources>\n")
	writeDevices(b, n)
	for i := 1; i <= n; i++ {
		for j := 1; j <= ResourcesPerNode; j++ {
			id := fmt.Sprintf("rsc-%d-%d", i, j)
			fmt.Fprintf(b, "      <primitive id=\"%s\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">\n"+
				"        <operations>\n          <op id=\"%s-monitor-10s\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/>\n        </operations>\n"+
				"      </primitive>\n", id, id)
		}
	}
	b.WriteString("    </resources>\n    <constraints>\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(b, "      <rsc_location id=\"loc-ipmi-%d\" rsc=\"ipmi-%d\" node=\"node-%d\" score=\"-INFINITY\"/>\n", i, i, i)
		for j := 1; j <= ResourcesPerNode; j++ {
			fmt.Fprintf(b, "      <rsc_location id=\"loc-rsc-%d-%d\" rsc=\"rsc-%d-%d\" node=\"node-%d\" score=\"100\"/>\n", i, j, i, j, i)
		}
	}
	b.WriteString("    </constraints>\n    <fencing-topology>\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(b, "      <fencing-level id=\"fl-node-%d-1\" target=\"node-%d\" index=\"1\" devices=\"ipmi-%d\"/>\n", i, i, i)
		fmt.Fprintf(b, "      <fencing-level id=\"fl-node-%d-2\" target=\"node-%d\" index=\"2\" devices=\"pdu\"/>\n", i, i)
	}
	b.WriteString("    </fencing-topology>\n  </configuration>\n  <status>\n")
	for i := 1; i <= n; i++ {
		writeNodeState(b, n, i)
	}
	b.WriteString("  </status>\n</cib>\n")
	return b.Flush()
}

// writeDevices writes one IPMI device per node, allowed anywhere but on
// the node it fences, and the PDU every node is plugged into.
func writeDevices(b *bufio.Writer, n int) {
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("ipmi-%d", i)
		fmt.Fprintf(b, "      <primitive id=\"%s\" class=\"stonith\" type=\"fence_ipmilan\">\n"+
			"        <instance_attributes id=\"%s-instance_attributes\">\n"+
			"          <nvpair id=\"%s-pcmk_host_list\" name=\"pcmk_host_list\" value=\"node-%d\"/>\n"+
			"          <nvpair id=\"%s-ip\" name=\"ip\" value=\"10.%d.%d.%d\"/>\n"+
			"          <nvpair id=\"%s-username\" name=\"username\" value=\"admin\"/>\n"+
			"          <nvpair id=\"%s-password\" name=\"password\" value=\"secret\"/>\n"+
			"        </instance_attributes>\n"+
			"        <operations>\n          <op id=\"%s-monitor-3600s\" name=\"monitor\" interval=\"3600s\"/>\n        </operations>\n"+
			"      </primitive>\n", id, id, id, i, id, i>>16&255, i>>8&255, i&255, id, id, id)
	}
	b.WriteString("      <primitive id=\"pdu\" class=\"stonith\" type=\"fence_apc_snmp\">\n" +
		"        <instance_attributes id=\"pdu-instance_attributes\">\n" +
		"          <nvpair id=\"pdu-ip\" name=\"ip\" value=\"10.255.255.254\"/>\n" +
		"          <nvpair id=\"pdu-pcmk_host_map\" name=\"pcmk_host_map\" value=\"")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(';')
		}
		fmt.Fprintf(b, "node-%d:%d", i, i)
	}
	b.WriteString("\"/>\n        </instance_attributes>\n" +
		"        <operations>\n          <op id=\"pdu-monitor-3600s\" name=\"monitor\" interval=\"3600s\"/>\n        </operations>\n" +
		"      </primitive>\n")
}

// writeNodeState writes node i's status: its ten resources running there,
// the IPMI device of the node before it (the devices run one node along)
// and, on node-2, the PDU. Odd nodes are lost.
func writeNodeState(b *bufio.Writer, n, i int) {
	inCCM, crmd, join := "true", "online", "member"
	if i%2 == 1 {
		inCCM, crmd, join = "false", "offline", "down"
	}
	fmt.Fprintf(b, "    <node_state id=\"%d\" uname=\"node-%d\" in_ccm=\"%s\" crmd=\"%s\" join=\"%s\" expected=\"member\">\n"+
		"      <lrm id=\"%d\">\n        <lrm_resources>\n", i, i, inCCM, crmd, join, i)
	call := 0
	op := func(id, task string, interval int) {
		call++
		key := fmt.Sprintf("%s_%s_%d", id, task, interval)
		opID := id + "_last_0"
		if interval > 0 {
			opID = key
		}
		fmt.Fprintf(b, "            <lrm_rsc_op id=\"%s\" operation_key=\"%s\" operation=\"%s\" "+
			"transition-key=\"%d:1:0:6d9d5b8c-8d1e-4f4b-9a55-3f1c2f6a7e01\" "+
			"call-id=\"%d\" rc-code=\"0\" op-status=\"0\" interval=\"%d\" last-rc-change=\"1699999000\" "+
			"op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"/>\n", opID, key, task, call, call, interval)
	}
	rsc := func(id, class, provider, typ string, interval int) {
		prov := ""
		if provider != "" {
			prov = fmt.Sprintf(" provider=\"%s\"", provider)
		}
		fmt.Fprintf(b, "          <lrm_resource id=\"%s\" class=\"%s\"%s type=\"%s\">\n", id, class, prov, typ)
		op(id, "start", 0)
		op(id, "monitor", interval)
		b.WriteString("          </lrm_resource>\n")
	}
	for j := 1; j <= ResourcesPerNode; j++ {
		rsc(fmt.Sprintf("rsc-%d-%d", i, j), "ocf", "heartbeat", "Dummy", 10000)
	}
	prev := i - 1
	if prev == 0 {
		prev = n
	}
	rsc(fmt.Sprintf("ipmi-%d", prev), "stonith", "", "fence_ipmilan", 3600000)
	if i == 2 {
		rsc("pdu", "stonith", "", "fence_apc_snmp", 3600000)
	}
	b.WriteString("        </lrm_resources>\n      </lrm>\n    </node_state>\n")
}
