package main

import (
	"errors"
	"fmt"
	"io"
	"os"

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

func openCIB(flag string) (*cibSession, error) {
	path, err := cibPath(flag)
	if err != nil {
		return nil, err
	}
	doc, err := readCIBFile(path)
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
func (s *cibSession) commit(doc *cib.Document) error {
	if crmsh.SameConfiguration(doc, s.doc) {
		return nil
	}
	cur, err := readCIBFile(s.path)
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
	return writeCIBFile(s.path, doc)
}

// readInput reads a named file, or standard input for "-".
func readInput(cmd *cobra.Command, name string) ([]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(cmd.InOrStdin())
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, withCode(exitNoInput, err)
	}
	return data, nil
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
