package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/beevik/etree"
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
)

// exitInvalidArg is cibadmin's status for an edit it cannot apply as asked
// (CRM_EX_SOFTWARE, from -EINVAL).
const exitInvalidArg = 70

// inputFlags are the ways an edit's XML is given: -x FILE, -X TEXT, else
// standard input (cibadmin's precedence).
type inputFlags struct {
	text string
	file string
}

func (f *inputFlags) add(c *cobra.Command) {
	c.Flags().StringVarP(&f.text, "xml-text", "X", "", "the XML to use")
	c.Flags().StringVarP(&f.file, "xml-file", "x", "", "read the XML from `FILE`")
}

// read parses the edit input. Malformed input exits 78.
func (f *inputFlags) read(ctx context.Context, stdin io.Reader) (*etree.Element, error) {
	var data []byte
	var err error
	what := "standard input"
	switch {
	case f.file != "":
		what = f.file
		data, err = readFile(ctx, f.file)
	case f.text != "":
		what, data = "--xml-text", []byte(f.text)
	default:
		data, err = readStream(ctx, stdin, what)
	}
	if err != nil {
		return nil, err
	}
	e, err := interruptible(ctx, func() (*etree.Element, error) { return cib.ParseElement(data) })
	if err != nil && !interrupted(ctx, err) {
		return nil, withCode(exitConfig, fmt.Errorf("%s: %w", what, err))
	}
	return e, err
}

// editCode maps an edit's error to cibadmin's exit status.
func editCode(err error) error {
	if err == nil {
		return nil
	}
	for _, m := range []struct {
		target error
		code   int
	}{
		{cib.ErrNoSuchObject, exitNoSuch},
		{cib.ErrExists, exitExists},
		{cib.ErrOlder, exitOld},
		{cib.ErrInvalid, exitConfig},
		{cib.ErrInvalidArgument, exitInvalidArg},
	} {
		if errors.Is(err, m.target) {
			return withCode(m.code, err)
		}
	}
	return withCode(exitFailure, err)
}

// cibFlags reads the persistent flags every cib subcommand shares.
func cibFlags(c *cobra.Command) (path string, format outputFormat, err error) {
	format, err = parseOutputFormat(c)
	if err != nil {
		return "", format, err
	}
	flag, _ := c.Flags().GetString("cib")
	path, err = cibPath(flag)
	return path, format, err
}

// runEdit applies one edit to the CIB file and writes it back.
func runEdit(c *cobra.Command, edit func(*cib.Document) error) error {
	path, format, err := cibFlags(c)
	if err != nil {
		return err
	}
	err = editFile(c.Context(), path, edit)
	return format.result(c, c.CommandPath(), nil, err)
}

// editFile reads the CIB at path, applies edit and, when it succeeds and
// changed something, writes the result back atomically.
func editFile(ctx context.Context, path string, edit func(*cib.Document) error) error {
	data, err := readFile(ctx, path)
	if err != nil {
		return err
	}
	doc, err := parseCIB(ctx, path, data)
	if err != nil {
		return err
	}
	changed, err := interruptible(ctx, func() (bool, error) {
		if err := edit(doc); err != nil {
			return false, editCode(fmt.Errorf("%s: %w", path, err))
		}
		return string(doc.Bytes()) != string(data), nil
	})
	if err != nil || !changed {
		return err
	}
	if err := checkUnchanged(ctx, path, data); err != nil {
		return err
	}
	return writeCIBFile(ctx, path, doc)
}

// checkUnchanged refuses to write when someone else rewrote the file since
// it was read: the edit was computed from an older CIB (exit 103).
func checkUnchanged(ctx context.Context, path string, read []byte) error {
	now, err := readFile(ctx, path)
	if err != nil {
		return err
	}
	if string(now) != string(read) {
		return withCode(exitOld, fmt.Errorf("%s: changed while this edit was computed: %w", path, cib.ErrOlder))
	}
	return nil
}

// newInputEditCmd builds what create, modify and replace share: a command
// that reads one XML object (-X, -x or stdin) and applies edit with it to
// the CIB file. The command's --scope and --xpath fill edit's fields.
func newInputEditCmd(use, short string, edit *cib.Edit, scopeHelp, xpathHelp string) *cobra.Command {
	var in inputFlags
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if _, _, err := cibFlags(c); err != nil {
				return err
			}
			input, err := in.read(c.Context(), c.InOrStdin())
			if err != nil {
				return err
			}
			e := *edit
			e.Input = input
			return runEdit(c, func(d *cib.Document) error { return d.Apply(e) })
		},
	}
	in.add(c)
	c.Flags().StringVarP(&edit.Scope, "scope", "o", "", scopeHelp)
	c.Flags().StringVarP(&edit.XPath, "xpath", "A", "", xpathHelp)
	return c
}
