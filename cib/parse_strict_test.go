package cib

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestHostileInputs: every file of testdata/hostile is refused with a
// one-line SyntaxError naming the manifest's line, xmllint agrees with
// the manifest on its well-formedness, and the files refused as XML are
// refused as the input of an edit too.
func TestHostileInputs(t *testing.T) {
	inputs := peertest.HostileInputs(t)
	if len(inputs) < 40 {
		t.Fatalf("only %d hostile inputs", len(inputs))
	}
	for _, in := range inputs {
		t.Run(in.Name, func(t *testing.T) {
			data, err := os.ReadFile(in.Path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(data)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse: %v, want a SyntaxError (%s)", err, in.What)
			}
			if se.Line != in.Line || strings.Contains(err.Error(), "\n") {
				t.Errorf("Parse: %q, want one line naming line %d", err, in.Line)
			}
			if !strings.HasPrefix(err.Error(), "line "+strconv.Itoa(in.Line)+": ") {
				t.Errorf("Parse: %q does not start with the line", err)
			}
			_, err = ParseElement(data)
			if in.XMLLevel != (err != nil) {
				t.Errorf("ParseElement: %v; refused as XML: want %v", err, in.XMLLevel)
			}
			refuses, msg := peertest.XMLLint(t, in.Path)
			if refuses != in.XMLLintRefuses {
				t.Errorf("xmllint refuses: %v (%s), manifest says %v", refuses, msg, in.XMLLintRefuses)
			}
		})
	}
}

// wellFormed are documents at the edges of the XML grammar that are
// well-formed: xmllint and Parse both accept them.
var wellFormed = []string{
	"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8' standalone='no' ?>\n<cib/>",
	`<?xml version="1.1"?><cib/>`,
	`<?pi data?><!-- a - b --><cib  epoch = "1"	num_updates='2' ></cib ><?after?>` + "\n",
	`<cib xmlns="urn:d" xmlns:p="urn:p"><p:c p:a="1" a="2"><d xmlns=""/></p:c></cib>`,
	`<cib xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>`,
	`<cib><![CDATA[a]]b <not an element> & ]]>text ]] > &#0000065;&#x00042;</cib>`,
	`<cib><rés é="1" _x.y-z="2"/></cib>`,
	"<cib>\r\nline\rline</cib>",
}

func TestWellFormedLikeXMLLint(t *testing.T) {
	dir := t.TempDir()
	for i, doc := range wellFormed {
		path := filepath.Join(dir, fmt.Sprintf("%d.xml", i))
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		if refuses, msg := peertest.XMLLint(t, path); refuses {
			t.Errorf("xmllint refuses %q: %s", doc, msg)
		}
		d, err := Parse([]byte(doc))
		if err != nil {
			t.Errorf("Parse(%q): %v", doc, err)
			continue
		}
		if got := string(d.Bytes()); got != doc {
			t.Errorf("round trip of %q gave %q", doc, got)
		}
	}
}

// TestValuesLikeXMLLint: attribute values and text read as libxml2 reads
// them (references, attribute value normalisation, newlines).
func TestValuesLikeXMLLint(t *testing.T) {
	doc := "<cib a=\"x&#9;y&#10;z\" b=\"p\tq\nr\r\ns\" c='\"q\"' d=\"&lt;&amp;&gt;&apos;&quot;\" e=\"&#x1F600;&#233;\">" +
		"t\r\nu\rv&amp;w</cib>"
	path := filepath.Join(t.TempDir(), "values.xml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	xmllint := peertest.Program(t, "xmllint")
	for _, q := range []string{"@a", "@b", "@c", "@d", "@e", "text()"} {
		out, err := exec.Command(xmllint, "--xpath", "string(/cib/"+q+")", path).Output()
		if err != nil {
			t.Fatalf("xmllint --xpath %s: %v", q, err)
		}
		got := d.Root().Text()
		if q != "text()" {
			got = d.Root().SelectAttrValue(q[1:], "?")
		}
		if want := strings.TrimSuffix(string(out), "\n"); got != want {
			t.Errorf("%s: %q, xmllint reads %q", q, got, want)
		}
	}
}
