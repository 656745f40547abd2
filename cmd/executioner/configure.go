package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/crmsh"
)

// newConfigureCmd is the crm-shell language on a file CIB.
func newConfigureCmd() *cobra.Command {
	var cibFlag string
	c := &cobra.Command{
		Use:   "configure",
		Short: "Read and change a CIB file in the crm shell's configuration language",
		Long: `configure works like "crm configure" on a CIB file (--cib FILE or CIB_file):
load, show, delete, verify and save configuration objects written in crmsh's language.`,
	}
	c.PersistentFlags().StringVar(&cibFlag, "cib", "", "CIB file to work on (default: $CIB_file)")
	c.AddCommand(
		newConfigureLoadCmd(&cibFlag),
		newConfigureShowCmd(&cibFlag),
		newConfigureDeleteCmd(&cibFlag),
		newConfigureVerifyCmd(&cibFlag),
		newConfigureSaveCmd(&cibFlag),
		newConfigureImportClusterConfCmd(&cibFlag),
	)
	return c
}

// cibSession is a CIB file read for a change: the document, its version
// when read, and its path.
type cibSession struct {
	path    string
	doc     *cib.Document
	version cib.Version
}

func openCIB(ctx context.Context, flag string) (*cibSession, error) {
	path, err := cibPath(flag)
	if err != nil {
		return nil, err
	}
	doc, err := readCIBFile(ctx, path)
	if err != nil {
		return nil, err
	}
	v, err := doc.Version()
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("%s: %w", path, err))
	}
	return &cibSession{path: path, doc: doc, version: v}, nil
}

// commit writes a changed document back: one epoch bump, num_updates 0,
// and only if nobody changed the file since it was read.
func (s *cibSession) commit(ctx context.Context, doc *cib.Document) error {
	if crmsh.SameConfiguration(doc, s.doc) {
		return nil
	}
	cur, err := readCIBFile(ctx, s.path)
	if err != nil {
		return err
	}
	v, err := cur.Version()
	if err != nil || v.Compare(s.version) != 0 {
		return withCode(exitOld, fmt.Errorf("%s changed while it was being edited (now %v, read %v)", s.path, v, s.version))
	}
	v.Epoch++
	v.NumUpdates = 0
	doc.SetVersion(v)
	cib.Indent(doc.Root())
	return writeCIBFile(ctx, s.path, doc)
}

// loadText parses crm text (read from file) and loads it into the CIB file
// named by flag with method m: nothing is written unless all of it loads.
func loadText(ctx context.Context, flag string, text []byte, file string, m crmsh.Method) error {
	objs, err := interruptible(ctx, func() ([]*crmsh.Object, error) { return crmsh.Parse(text, file) })
	if err != nil {
		return crmError(err)
	}
	s, err := openCIB(ctx, flag)
	if err != nil {
		return err
	}
	doc, err := interruptible(ctx, func() (*cib.Document, error) {
		doc := s.doc.Clone()
		return doc, crmsh.Load(doc, objs, m)
	})
	if err != nil {
		return crmError(err)
	}
	return s.commit(ctx, doc)
}

// readInput reads a named file, or standard input for "-".
func readInput(cmd *cobra.Command, name string) ([]byte, error) {
	if name == "-" {
		return readStream(cmd.Context(), cmd.InOrStdin(), "standard input")
	}
	return readFile(cmd.Context(), name)
}

// crmError maps the crmsh package's errors to exit codes.
func crmError(err error) error {
	var se *crmsh.SyntaxError
	var oe *crmsh.ObjectError
	var nf *crmsh.NotFoundError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), errors.As(err, &oe):
		return withCode(exitDataErr, err)
	case errors.As(err, &nf):
		return withCode(exitNoSuch, err)
	}
	return err
}
