package main

import (
	"fmt"
	"io"
	"unsafe"

	"github.com/beevik/etree"
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/pengine"
)

// newVerifyCmd is "executioner verify". It takes time and memory
// O(n log n) in the size n of the CIB: one parse, one model and one index
// (cib.Verify), the schema check in one pass over the elements (its
// attribute derivatives memoized), the agents' parameters checked once per
// device, and one schedule for the plan's warnings on that same model.
func newVerifyCmd() *cobra.Command {
	var verbose int
	var strict bool
	var output, file string
	c := &cobra.Command{
		Use:   "verify [-V] [--strict] [--output-as text|xml|json] [CIB.xml|-]",
		Short: "Check a CIB like crm_verify, plus fencing checks crm_verify lacks",
		Long: `Check a CIB: the argument or --cib FILE, else $CIB_file, else the running
cluster's (crm_verify -L); - reads standard input.

Prints one line per finding, "error:" or "warning:", the element id and line,
and what to do. Errors are what Pacemaker rejects or ignores (schema violations,
checked against Pacemaker's installed schema, $PCMK_schema_directory or
/usr/share/pacemaker, when it is there; references to nothing; invalid values;
a stonith device lacking a parameter its agent requires or giving a value the
agent refuses); warnings are problems Pacemaker runs with (a device without a
recurring monitor, a device that may only run on the node it fences, a node no
device can fence, a parameter the device's agent does not know). Agents are
known from executioner's own metadata and, for fence-agents' fence_* installed
in /usr/sbin, from the agent's metadata (fence_X -o metadata).

Exit status: 0 no errors (warnings allowed unless --strict), 78 errors (or
warnings with --strict), 64 usage, 65 input over --max-input-size, 66 file
missing or not a regular file, 102 no cluster to read, 130/143 interrupted
by SIGINT/SIGTERM.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			format := outputFormat(output)
			if format != outputText && format != outputXML && format != outputJSON {
				return withCode(exitUsage, fmt.Errorf("--output-as %q: want text, xml or json", output))
			}
			name, data, err := readVerifyInput(c, file, args)
			if err != nil {
				return err
			}
			findings, err := interruptible(c.Context(), func() ([]cib.Finding, error) {
				// The document is parsed from the bytes read, in place
				// (a large cluster's CIB is hundreds of megabytes, and a
				// copy would double them): nothing changes them after.
				doc, v := cib.VerifyString(unsafe.String(unsafe.SliceData(data), len(data)))
				findings := v.Findings
				if doc != nil {
					findings = doc.VerifyAgents(findings, agentParams(c.Context()))
					if !v.SchemaErrors {
						findings = append(schemaCheck()(doc), findings...)
					}
					findings = append(findings, planFindings(doc, v.Model)...)
				}
				return findings, nil
			})
			if err != nil {
				return err
			}
			err = verifyStatus(findings, strict)
			writeFindings(c.OutOrStdout(), format, name, findings, err)
			if verbose > 0 {
				errs, warns := countFindings(findings)
				fmt.Fprintf(c.ErrOrStderr(), "%s: %d errors, %d warnings\n", name, errs, warns)
			}
			if err != nil {
				return &exitError{code: exitConfig}
			}
			return nil
		},
	}
	c.Flags().CountVarP(&verbose, "verbose", "V", "also print a summary on standard error")
	c.Flags().BoolVar(&strict, "strict", false, "treat warnings as errors")
	c.Flags().StringVar(&output, "output-as", "text", "output format: text, xml or json")
	c.Flags().StringVar(&file, "cib", "", "CIB file (default: the argument, $CIB_file, else the live cluster)")
	return c
}

// planFindings are the warnings the fencing plan of doc shows (where the
// devices may run), as findings about their elements.
func planFindings(doc *cib.Document, model *cib.Model) []cib.Finding {
	if doc == nil {
		return nil
	}
	plan, err := pengine.Schedule(pengine.Input{Model: model})
	if err != nil {
		return nil
	}
	var out []cib.Finding
	for _, w := range plan.Warnings() {
		out = append(out, doc.FindingFor(cib.Warning, w.Check, w.ID, w.Message))
	}
	return out
}

// readVerifyInput reads the CIB to check: standard input for "-", else
// the file or live CIB fileArg picks.
func readVerifyInput(c *cobra.Command, file string, args []string) (string, []byte, error) {
	if len(args) == 1 && args[0] == "-" {
		data, err := readStream(c.Context(), c.InOrStdin(), "standard input")
		return "stdin", data, err
	}
	store, err := fileArg(file, args)
	if err != nil {
		return "", nil, err
	}
	data, err := interruptible(c.Context(), func() ([]byte, error) { return store.ReadBytes(c.Context()) })
	return store.Name(), data, storeCode(c.Context(), err)
}

// verifyStatus is the error verify exits with, if any.
func verifyStatus(fs []cib.Finding, strict bool) error {
	errs, warns := countFindings(fs)
	switch {
	case errs > 0:
		return withCode(exitConfig, fmt.Errorf("%d errors found: configuration invalid", errs))
	case strict && warns > 0:
		return withCode(exitConfig, fmt.Errorf("%d warnings found with --strict", warns))
	}
	return nil
}

func countFindings(fs []cib.Finding) (errs, warns int) {
	for _, f := range fs {
		if f.Severity == cib.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// jsonFinding is one finding in verify's json output.
type jsonFinding struct {
	Severity string `json:"severity"`
	Check    string `json:"check"`
	ID       string `json:"id,omitempty"`
	Element  string `json:"element,omitempty"`
	Line     int    `json:"line,omitempty"`
	Message  string `json:"message"`
}

func writeFindings(w io.Writer, format outputFormat, name string, fs []cib.Finding, status error) {
	code, msg := statusOf(status)
	switch format {
	case outputJSON:
		r := struct {
			File     string        `json:"file"`
			Findings []jsonFinding `json:"findings"`
			Status   jsonStatus    `json:"status"`
		}{File: name, Findings: []jsonFinding{}, Status: jsonStatus{Code: code, Message: msg}}
		for _, f := range fs {
			r.Findings = append(r.Findings, jsonFinding{f.Severity.String(), f.Check, f.ID, f.Element, f.Line, f.Message})
		}
		enc := jsonEncoder(w)
		_ = enc.Encode(r)
	case outputXML:
		res := etree.NewElement("pacemaker-result")
		res.CreateAttr("api-version", "2.25")
		res.CreateAttr("request", "executioner verify "+name)
		list := res.CreateElement("findings")
		for _, f := range fs {
			e := list.CreateElement("finding")
			e.CreateAttr("severity", f.Severity.String())
			e.CreateAttr("check", f.Check)
			e.CreateAttr("id", f.ID)
			e.CreateAttr("line", fmt.Sprint(f.Line))
			e.SetText(f.Message)
		}
		st := res.CreateElement("status")
		st.CreateAttr("code", fmt.Sprint(code))
		st.CreateAttr("message", msg)
		_, _ = w.Write(cib.Format(res))
	default:
		for _, f := range fs {
			fmt.Fprintln(w, f.String())
		}
	}
}
