package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/beevik/etree"
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
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
func cibFlags(c *cobra.Command) (store cibstore.Store, format outputFormat, err error) {
	format, err = parseOutputFormat(c)
	if err != nil {
		return nil, format, err
	}
	flag, _ := c.Flags().GetString("cib")
	return cibStore(flag), format, nil
}

// runEdit applies one edit to the CIB as one store transaction.
func runEdit(c *cobra.Command, edit func(*cib.Document) error) error {
	store, format, err := cibFlags(c)
	if err != nil {
		return err
	}
	err = updateCIB(c.Context(), store, func(d *cib.Document) error {
		if err := edit(d); err != nil {
			return editCode(fmt.Errorf("%s: %w", store.Name(), err))
		}
		return nil
	})
	return format.result(c, c.CommandPath(), nil, err)
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
