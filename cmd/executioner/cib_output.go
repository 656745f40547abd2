package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

// outputFormat is the --output-as choice of the CIB commands.
type outputFormat string

const (
	outputText outputFormat = "text"
	outputXML  outputFormat = "xml"
	outputJSON outputFormat = "json"
)

func parseOutputFormat(c *cobra.Command) (outputFormat, error) {
	s, _ := c.Flags().GetString("output-as")
	switch f := outputFormat(s); f {
	case outputText, outputXML, outputJSON:
		return f, nil
	}
	return outputText, withCode(exitUsage, fmt.Errorf("--output-as %q: want text, xml or json", s))
}

// statusOf returns the exit status err will give, with a short description.
func statusOf(err error) (int, string) {
	if err == nil {
		return exitOK, "OK"
	}
	code := exitFailure
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	msg := map[int]string{
		exitNoSuch: "No such object", exitExists: "Object already exists",
		exitOld: "Update was older than existing configuration", exitConfig: "Invalid configuration",
		exitUnsafe: "Operation requires --force", exitInvalidArg: "Invalid argument",
		exitUsage: "Incorrect usage", exitNoInput: "Input file not available",
		exitCantCreat: "Output file could not be written",
	}[code]
	if msg == "" {
		msg = "Error occurred"
	}
	return code, msg
}

// result prints what a CIB command produced (elements, for a query) in the
// chosen format and returns err for the exit status. Text output is the
// elements as cibadmin prints them; xml and json wrap them with the status.
func (f outputFormat) result(c *cobra.Command, request string, elems []*etree.Element, err error) error {
	out := c.OutOrStdout()
	switch f {
	case outputXML:
		writeXMLResult(out, request, elems, err)
	case outputJSON:
		writeJSONResult(out, request, elems, err)
	default:
		writeTextResult(out, elems)
	}
	return err
}

func writeTextResult(w io.Writer, elems []*etree.Element) {
	switch len(elems) {
	case 0:
	case 1:
		_, _ = w.Write(cib.Format(elems[0]))
	default:
		wrap := etree.NewElement("xpath-query")
		for _, e := range elems {
			wrap.AddChild(e.Copy())
		}
		_, _ = w.Write(cib.Format(wrap))
	}
}

func writeXMLResult(w io.Writer, request string, elems []*etree.Element, err error) {
	res := etree.NewElement("pacemaker-result")
	res.CreateAttr("api-version", "2.25")
	res.CreateAttr("request", request)
	if len(elems) > 0 {
		o := res.CreateElement("output")
		for _, e := range elems {
			o.AddChild(e.Copy())
		}
	}
	code, msg := statusOf(err)
	st := res.CreateElement("status")
	st.CreateAttr("code", fmt.Sprint(code))
	st.CreateAttr("message", msg)
	if err != nil {
		st.CreateElement("errors").CreateElement("error").SetText(err.Error())
	}
	_, _ = w.Write(cib.Format(res))
}

// jsonResult is the --output-as json document of the CIB commands.
type jsonResult struct {
	Request string     `json:"request"`
	Output  []string   `json:"output,omitempty"`
	Status  jsonStatus `json:"status"`
}

type jsonStatus struct {
	Code    int      `json:"code"`
	Message string   `json:"message"`
	Errors  []string `json:"errors,omitempty"`
}

func writeJSONResult(w io.Writer, request string, elems []*etree.Element, err error) {
	r := jsonResult{Request: request}
	for _, e := range elems {
		r.Output = append(r.Output, strings.TrimSuffix(string(cib.Format(e)), "\n"))
	}
	r.Status.Code, r.Status.Message = statusOf(err)
	if err != nil {
		r.Status.Errors = []string{err.Error()}
	}
	enc := jsonEncoder(w)
	_ = enc.Encode(r)
}
