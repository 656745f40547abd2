package crmsh

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/rng"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// A refusal is crm text that parses but that crmsh 4.4.1 refuses once it
// builds the objects, or that Pacemaker's schema refuses when crmsh
// commits: the word the error must point at (its last occurrence), what
// the message must say, and whether only the schema files catch it.
type refusal struct {
	name, text, at, msg string
	base                string // the CIB loaded into; "" is testdata/empty.xml
	schemaOnly          bool
}

const twoPrims = "primitive p1 Dummy\nprimitive p2 Dummy\n"

var refusals = []refusal{
	{name: "unknown resource class", text: "primitive p me:Special\n", at: "me:Special", msg: `class="me" is not a resource class`},
	{name: "stonith with a provider", text: "primitive p stonith:heartbeat:x\n", at: "stonith:heartbeat:x", msg: "may not have a provider"},
	{name: "group without members", text: "group g1 meta a=b\n", at: "group", msg: "group has no primitives"},
	{name: "clone of nothing", text: "clone c1 nosuch\n", at: "clone", msg: "clone holds no resource"},
	{name: "dangling template", text: "primitive p1 @nosuch\n", at: "@nosuch", msg: `template="nosuch" refers to no element`},
	{name: "dangling nvpair reference", text: "primitive p1 Dummy params @nosuch\n", at: "@nosuch", msg: `id-ref="nosuch" refers to no element`},
	{name: "dangling attribute set reference", text: "primitive p1 Dummy meta $id-ref=nosuch\n", at: "$id-ref=nosuch", msg: "refers to no element"},
	{name: "dangling rule reference", text: "primitive p1 Dummy\nlocation l1 p1 rule $id-ref=nosuch\n", at: "$id-ref=nosuch", msg: "refers to no element"},
	{name: "location on a missing resource", text: "location l1 nosuch 100: n1\n", at: "nosuch", msg: "references a resource nosuch which does not exist"},
	{name: "location on an attribute set", text: "primitive p1 Dummy params a=1\nlocation l1 p1-instance_attributes 100: n1\n", at: "p1-instance_attributes", msg: "does not exist"},
	{name: "order on a missing resource", text: twoPrims + "order o1 Mandatory: p1 nosuch\n", at: "nosuch", msg: "does not exist"},
	{name: "colocation on a missing resource", text: twoPrims + "colocation c1 inf: p1 nosuch\n", at: "nosuch", msg: "does not exist"},
	{name: "resource set on a missing resource", text: twoPrims + "order o1 inf: ( p1 nosuch )\n", at: "nosuch", msg: "does not exist"},
	{name: "ticket on a missing resource", text: "rsc_ticket t1 ticketA: nosuch\n", at: "nosuch", msg: "does not exist"},
	{name: "node-attribute on a colocation of sets", text: twoPrims + "primitive p3 Dummy\ncolocation c1 inf: p1 p2 p3 node-attribute=rack\n", at: "node-attribute=rack", msg: `may not have node-attribute="rack"`, schemaOnly: true},
	{name: "clone of a clone", text: "primitive p1 Dummy\nclone c1 p1\nclone c2 c1\n", at: "c1", msg: "may contain a primitive or a group; c1 is a clone"},
	{name: "ms of an ms", text: "primitive p1 Dummy\nms m1 p1\nms m2 m1\n", at: "m1", msg: "may contain a primitive or a group; m1 is a ms"},
	{name: "group holding a template", text: "rsc_template t1 Dummy\ngroup g1 t1\n", at: "t1", msg: "a group may contain only primitives; t1 is a rsc_template"},
	{name: "resource in two groups", text: "primitive p1 Dummy\ngroup g1 p1\ngroup g2 p1\n", at: "p1", msg: "child p1 already in g1"},
	{name: "invalid role", text: "primitive p1 Dummy\nlocation l1 p1 role=Boss 100: n1\n", at: "role=Boss", msg: `may not have role="Boss"`, schemaOnly: true},
	{name: "invalid op role", text: "primitive p1 Dummy op monitor interval=10s role=Boss\n", at: "op", msg: `may not have role="Boss"`, schemaOnly: true},
	{name: "invalid on-fail", text: "primitive p1 Dummy op monitor interval=10s on-fail=bogus\n", at: "op", msg: `on-fail="bogus" is invalid`},
	{name: "invalid resource-discovery", text: "primitive p1 Dummy\nlocation l1 p1 resource-discovery=bogus 100: n1\n", at: "resource-discovery=bogus", msg: "resource-discovery", schemaOnly: true},
	{name: "monitor of a missing primitive", text: "monitor p1 10s\n", at: "p1", msg: "refers to missing object p1"},
	{name: "monitor of a group", text: "primitive p1 Dummy\ngroup g1 p1\nmonitor g1 10s\n", at: "g1", msg: "g1 is not a primitive"},
	{name: "monitor twice", text: "primitive p1 Dummy op monitor interval=10s\nmonitor p1 10s\n", at: "p1", msg: "already has a monitor op with interval 10s"},
	{name: "two primitives in a bundle", text: twoPrims + "bundle b1 docker image=x primitive p1 primitive p2\n", at: "p2", msg: "<primitive> is not allowed in <bundle>", schemaOnly: true},
	{name: "bundle without a container", text: "bundle b1 network control-port=3121\n", at: "bundle", msg: "<bundle> lacks content", schemaOnly: true},
	{name: "docker without an image", text: "bundle b1 docker replicas=2\n", at: "docker", msg: "<docker> lacks an attribute", schemaOnly: true},
	{name: "port mapping without a port", text: "bundle b1 docker image=x network port-mapping id=x\n", at: "port-mapping", msg: "<port-mapping> lacks an attribute", schemaOnly: true},
	{name: "storage mapping without a target", text: "bundle b1 docker image=x storage storage-mapping id=s1 source-dir=/a\n", at: "storage-mapping", msg: "<storage-mapping> lacks an attribute", schemaOnly: true},
	{name: "unknown network attribute", text: "bundle b1 docker image=x network bogus=1\n", at: "network", msg: `may not have bogus="1"`, schemaOnly: true},
	{name: "user with the pacemaker-2.0 ACLs", text: "role r1 read cib\nuser u1 role:r1\n", at: "user", msg: "<acl_user> is not allowed", schemaOnly: true},
	{name: "acl_target with the pacemaker-1.x ACLs", text: "role r1 read cib\nacl_target t1 r1\n", at: "acl_target", msg: "<acl_target> is not allowed", base: "testdata/empty-1.2.xml", schemaOnly: true},
	{name: "user with roles and rules", text: "role r1 read cib\nuser eve role:r1 write xpath://constraints\n", at: "write", msg: "<write> is not allowed", base: "testdata/empty-1.2.xml", schemaOnly: true},
	{name: "permission on nothing", text: "role r1 read ref:nosuch\n", at: "ref:nosuch", msg: `reference="nosuch" refers to no element`},
	{name: "acl_target naming no role", text: "role r1 read cib\nacl_target t1 r1 nosuch\n", at: "nosuch", msg: `id="nosuch" refers to no element`},
	{name: "alert id taken by a recipient", text: "alert a1-recipient-1 /bin/x\nalert a1 /bin/y to /tmp/z\n", at: "alert", msg: "used twice"},
	{name: "xml element that is no object", text: `xml <op id="x" name="monitor" interval="10s"/>` + "\n", at: "<op", msg: "Element op not recognized"},
	{name: "xml that does not parse", text: `xml <primitive id="x" class="ocf"` + "\n", at: `<primitive`, msg: "Cannot parse XML data"},
	{name: "xml container of undefined members", text: `xml <group id="xg"><primitive id="xg1" class="ocf" provider="heartbeat" type="Dummy"/></group>` + "\n", at: "xml", msg: "refers to missing object xg1"},
}

func (r refusal) baseCIB() string {
	if r.base == "" {
		return "testdata/empty.xml"
	}
	return r.base
}

// want computes the position the error must name from the text itself.
func (r refusal) want() (int, int) {
	i := strings.LastIndex(r.text, r.at)
	line := strings.Count(r.text[:i], "\n") + 1
	return line, i - strings.LastIndex(r.text[:i], "\n")
}

// TestRefusals checks that each refusal is refused, at the right word,
// with the right message, leaving the CIB as it was.
func TestRefusals(t *testing.T) {
	schema := installedSchema(t)
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			if r.schemaOnly && schema == nil {
				peertest.SkipOrFail(t, "Pacemaker's schemas are not installed")
			}
			base := readFile(t, r.baseCIB())
			doc, err := cib.Parse(base)
			if err != nil {
				t.Fatal(err)
			}
			objs, err := Parse([]byte(r.text), "bad.crm")
			if err == nil {
				err = LoadWith(doc.Clone(), objs, LoadOptions{Method: Update, Schema: schema})
			}
			line, col := r.want()
			var oe *ObjectError
			var se *SyntaxError
			switch {
			case errors.As(err, &oe):
				if oe.File != "bad.crm" || oe.Line != line || oe.Col != col || !strings.Contains(oe.Msg, r.msg) {
					t.Errorf("got %v, want bad.crm:%d:%d: ...%s...", err, line, col, r.msg)
				}
			case errors.As(err, &se):
				if se.Line != line || se.Col != col || !strings.Contains(se.Msg, r.msg) {
					t.Errorf("got %v, want bad.crm:%d:%d: ...%s...", err, line, col, r.msg)
				}
			default:
				t.Fatalf("got %v, want a refusal saying %q", err, r.msg)
			}
		})
	}
}

var (
	schemaOnce sync.Once
	schemaFn   func(*cib.Document) []cib.Finding
)

// installedSchema checks CIBs against the schema they name, from the files
// Pacemaker installs; nil when they are not installed.
func installedSchema(t testing.TB) func(*cib.Document) []cib.Finding {
	t.Helper()
	schemaOnce.Do(func() {
		const dir = "/usr/share/pacemaker"
		if _, err := os.Stat(dir); err != nil {
			return
		}
		var mu sync.Mutex
		compiled := map[string]*rng.Schema{}
		schemaFn = func(doc *cib.Document) []cib.Finding {
			name := doc.Root().SelectAttrValue("validate-with", "")
			mu.Lock()
			defer mu.Unlock()
			s, ok := compiled[name]
			if !ok {
				var err error
				s, err = rng.Compile(name+".rng", func(f string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.Base(f))) })
				if err != nil {
					return []cib.Finding{{Severity: cib.Error, Check: "schema", Message: err.Error()}}
				}
				compiled[name] = s
			}
			return s.Check(doc)
		}
	})
	return schemaFn
}
