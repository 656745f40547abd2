package pengine

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// How a recorded operation's parameters compare with the configuration
// (rsc_action_digest_cmp).
const (
	digestMatch = iota
	digestRestart
	digestAll
	digestUnknown
)

// defaultTimeoutMS is an operation's timeout when none is configured.
const defaultTimeoutMS = 20000

// rscParams is pe_rsc_params: a primitive's instance attributes, its
// template's under its own.
func (s *scheduler) rscParams(r *rsc) map[string]string {
	out := map[string]string{}
	for k, v := range r.instance {
		out[k] = v
	}
	if t := s.m.Templates[r.template]; t != nil && r.template != "" {
		for k, v := range t.Instance {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return out
}

// findOp is find_rsc_op_entry: the enabled configured operation whose
// key (name and interval) matches, a migration falling back to an
// operation named "migrate".
func (r *rsc) findOp(task string, interval int) *cib.OpDef {
	for _, name := range []string{task, "migrate"} {
		for i := range r.ops {
			o := &r.ops[i]
			if cib.IsFalse(o.Enabled) {
				continue
			}
			if strings.EqualFold(o.Name, name) && intervalMS(o.Interval) == int64(interval) {
				return o
			}
		}
		if !strings.HasPrefix(task, "migrate_") {
			break
		}
		interval = 0
	}
	return nil
}

// opTimeoutMS is the timeout an operation runs with (unpack_operation).
func (s *scheduler) opTimeoutMS(r *rsc, task string, interval int) int64 {
	v, ok := s.m.OpDefaults["timeout"]
	if o := r.findOp(task, interval); o != nil {
		if t, set := o.Meta["timeout"]; set {
			v, ok = t, true
		}
	}
	if !ok {
		return defaultTimeoutMS
	}
	if ms := getMsec(v); ms >= 0 {
		return ms
	}
	return defaultTimeoutMS
}

// getMsec is crm_get_msec: a number with an optional unit (ms, us, s, m,
// h; seconds by default), or -1.
func getMsec(v string) int64 {
	v = strings.TrimLeft(v, " \t\n\r")
	i := 0
	for i < len(v) && (isDigit(v[i]) || v[i] == '-' || v[i] == '+') {
		i++
	}
	if i == 0 {
		return -1
	}
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	unit := strings.ToLower(strings.TrimLeft(v[i:], " \t\n\r"))
	mult, div := int64(1000), int64(1)
	switch {
	case strings.HasPrefix(unit, "ms"):
		mult = 1
	case strings.HasPrefix(unit, "us"):
		mult, div = 1, 1000
	case strings.HasPrefix(unit, "s"):
	case strings.HasPrefix(unit, "m"):
		mult = 60000
	case strings.HasPrefix(unit, "h"):
		mult = 3600000
	case unit != "":
		return -1
	}
	if n > (1<<62)/mult {
		return 1 << 62
	}
	return n * mult / div
}

// digestParams is the parameter set Pacemaker digests for an operation
// (calculate_main_digest): the resource's parameters, the operation's own,
// and for a recurring operation its timeout.
func (s *scheduler) digestParams(r *rsc, task string, interval int) map[string]string {
	out := s.rscParams(r)
	if o := r.findOp(task, interval); o != nil {
		for k, v := range o.Params {
			out[k] = v
		}
	}
	filterForDigest(out)
	if interval > 0 {
		out["CRM_meta_timeout"] = strconv.FormatInt(s.opTimeoutMS(r, task, interval), 10)
	}
	return out
}

// filterForDigest drops what pcmk__filter_op_for_digest drops.
func filterForDigest(p map[string]string) {
	for k := range p {
		switch {
		case strings.HasPrefix(k, "CRM_meta_"):
		case k == "id", k == "crm_feature_set", k == "op-digest", k == "on_node", k == "on_node_uuid", k == "pcmk_external_ip":
		default:
			continue
		}
		delete(p, k)
	}
}

// fenceParam is pcmk_stonith_param: a parameter Pacemaker itself reads
// from a fencing device's instance attributes.
func fenceParam(name string) bool {
	switch name {
	case "provides", "stonith-timeout", "pcmk_action_limit", "pcmk_delay_base", "pcmk_delay_max",
		"pcmk_host_argument", "pcmk_host_check", "pcmk_host_list", "pcmk_host_map":
		return true
	}
	if !strings.HasPrefix(name, "pcmk_") {
		return false
	}
	rest := name[len("pcmk_"):]
	i := strings.IndexByte(rest, '_')
	if i < 0 {
		return false
	}
	switch rest[i:] {
	case "_action", "_timeout", "_retries":
		return true
	}
	return false
}

// inList tells whether name appears, space-delimited, in a list such as
// op-secure-params (" passwd password ").
func inList(list, name string) bool {
	return strings.Contains(list, " "+name+" ")
}

// opDigests is what rsc_action_digest_cmp computes for one history entry.
type opDigests struct {
	rc     int
	secure string
}

// compareDigests compares a recorded operation with the configuration.
func (s *scheduler) compareDigests(r *rsc, op cib.OpRecord) opDigests {
	all := s.digestParams(r, op.Operation, op.IntervalMS)
	version := op.FeatureSet
	if version == "" {
		version = s.featureSet()
	}
	var d opDigests
	d.secure = s.secureDigest(r, all, op, version)
	if op.HasRestartDigest {
		restart := map[string]string{}
		for k, v := range all {
			if !op.HasRestartParams || inList(op.RestartParams, k) {
				restart[k] = v
			}
		}
		if paramDigest(restart) != op.RestartDigest {
			d.rc = digestRestart
			return d
		}
	}
	switch {
	case !op.HasDigest:
		d.rc = digestUnknown
	case op.Digest != paramDigest(all):
		d.rc = digestAll
	}
	return d
}

// featureSet is the CIB's feature set, or Pacemaker 2.1.5's own when it
// has none.
func (s *scheduler) featureSet() string {
	if s.m.FeatureSet != "" {
		return s.m.FeatureSet
	}
	return "3.16.2"
}

// secureDigest is calculate_secure_digest: the digest without the
// private parameters, computed as the recording version did.
func (s *scheduler) secureDigest(r *rsc, all map[string]string, op cib.OpRecord, version string) string {
	list := op.SecureParams
	if op.Operation == "" {
		list = " passwd password user " // no history entry: the default private parameters
	}
	p := map[string]string{}
	if cib.CompareVersions(version, "3.16.0") < 0 {
		for k, v := range s.rscParams(r) {
			if !(r.fenceDevice && fenceParam(k)) {
				p[k] = v
			}
		}
		filterForDigest(p)
	} else {
		for k, v := range all {
			p[k] = v
		}
	}
	for k := range p {
		if inList(list, k) {
			delete(p, k)
		}
	}
	return paramDigest(p)
}

// onlySanitizedChanged is only_sanitized_changed: the CIB is a sanitized
// copy (as crm_simulate reads every CIB), the parameters differ, but the
// digest of the non-private ones still matches.
func onlySanitizedChanged(op cib.OpRecord, d opDigests) bool {
	return d.rc != digestMatch && op.HasSecureDigest && d.secure == op.SecureDigest
}

// paramDigest is Pacemaker's version 1 operation digest of a parameter
// set: the MD5 of " <parameters name=\"value\" .../>\n", names sorted.
func paramDigest(params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(" <parameters")
	for _, k := range names {
		b.WriteString(" " + k + "=\"" + escapeAttr(params[k]) + "\"")
	}
	b.WriteString("/>\n")
	sum := md5.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// escapeAttr is crm_xml_escape, quirks included: a tab becomes four
// spaces, CR and LF a backslash sequence, and escaping stops at the first
// pair of bytes with the high bit set.
func escapeAttr(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c&0x80 != 0 && i+1 < len(v) && v[i+1]&0x80 != 0 {
			b.WriteString(v[i:])
			break
		}
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '&':
			b.WriteString("&amp;")
		case '\t':
			b.WriteString("    ")
		case '\n':
			b.WriteString("\\n")
		case '\r':
			b.WriteString("\\r")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
