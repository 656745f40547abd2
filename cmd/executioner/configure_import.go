package main

import (
	"github.com/spf13/cobra"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/cib/crmsh"
)

func newConfigureImportClusterConfCmd(cibFlag *string) *cobra.Command {
	var dryRun bool
	c := &cobra.Command{
		Use:   "import-cluster-conf FILE|-",
		Short: "Import the fencing configuration of a Red Hat cluster.conf",
		Long: `import-cluster-conf turns clusternodes and their ordered fence methods, and the
fencedevices with their agents and attributes, into nodes, stonith primitives (with
pcmk_host_list, or pcmk_host_map when a method gives a port) and a fencing topology
with one level per method, in order, and loads them with "load update".
--dry-run prints the crm text instead (passwords in clear: keep it private).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readInput(cmd, args[0])
			if err != nil {
				return err
			}
			text, err := crmsh.ClusterConf(data)
			if err != nil {
				return withCode(exitDataErr, err)
			}
			if dryRun {
				_, err := cmd.OutOrStdout().Write([]byte(text))
				return err
			}
			objs, err := crmsh.Parse([]byte(text), args[0])
			if err != nil {
				return crmError(err)
			}
			p := newProgress(cmd)
			return commitConfig(cmd.Context(), *cibFlag, p, func(doc *cib.Document) error {
				return crmsh.LoadWith(doc, objs, loadOptions(cmd, p, crmsh.Update))
			})
		},
	}
	c.Flags().BoolVar(&dryRun, "dry-run", false, "print the crm text instead of loading it")
	return c
}
