package main

import (
	"context"
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
		Short: "Read and change a CIB in the crm shell's configuration language",
		Long: `configure works like "crm configure" on a CIB: --cib FILE, else $CIB_file, else the
running cluster's CIB. load, show, delete, verify and save configuration objects written in
crmsh's language. A change is one transaction: when the CIB changed meanwhile it is refused
with exit 103 and nothing is written.`,
	}
	c.PersistentFlags().StringVar(&cibFlag, "cib", "", "CIB file to work on (default: $CIB_file, else the live cluster)")
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

// commitConfig runs change as one transaction on the CIB the configure
// commands work on (flag, else $CIB_file, else the live cluster), as
// crmsh's commit: change edits a copy, and when the configuration differs
// the copy is written with one epoch bump and num_updates 0. An error from
// change is mapped with crmError; nothing is written.
//
// The progress line (on a terminal) tells which phase a slow commit is in:
// reading, the change, writing.
func commitConfig(ctx context.Context, flag string, p *progress, change func(*cib.Document) error) error {
	store := cibStore(flag)
	defer p.end()
	p.set("reading the CIB (%s)", store.Name())
	return updateCIB(ctx, store, func(d *cib.Document) error {
		p.set("changing the configuration")
		work := d.Clone()
		if err := change(work); err != nil {
			return crmError(err)
		}
		if crmsh.SameConfiguration(work, d) {
			return nil
		}
		v, err := work.Version()
		if err != nil {
			return withCode(exitConfig, fmt.Errorf("%s: %w", store.Name(), err))
		}
		v.Epoch++
		v.NumUpdates = 0
		work.SetVersion(v)
		cib.Indent(work.Root())
		*d = *work
		p.set("writing the CIB (%s)", store.Name())
		return nil
	})
}

// loadOptions are the configure commands' load options: the method,
// Pacemaker's schema where it is installed, and crmsh's warnings (a
// container member that names nothing, left out) on standard error.
func loadOptions(cmd *cobra.Command, p *progress, m crmsh.Method) crmsh.LoadOptions {
	return crmsh.LoadOptions{Method: m, Schema: schemaCheck(), Warn: func(e *crmsh.ObjectError) {
		p.println(cmd.ErrOrStderr(), "executioner: warning: "+e.Error())
	}}
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
