package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/spf13/cobra"
)

// Exit codes of cluster-glue's meatclient.
const (
	exitMeatCanceled = 3
	exitMeatNoFIFO   = 4
)

func newMeatclientCmd() *cobra.Command {
	var node, dir string
	var wait bool
	cmd := &cobra.Command{
		Use:   "meatclient -c NODE [-w]",
		Short: "Confirm to a waiting meatware agent that NODE was power-cycled",
		Long: "Confirms to the meatware fence agent (executioner's or cluster-glue's) that NODE was manually\n" +
			"power-cycled, after asking on the terminal. Exit 0 when confirmed, 3 when cancelled, 4 when no\n" +
			"fencing request for NODE is waiting. With -w it waits for the request, printing a dot a second.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if node == "" {
				return withCode(exitUsage, errors.New("meatclient: -c NODE is required"))
			}
			return meatclient(cmd, dir, strings.ToLower(node), wait)
		},
	}
	cmd.Flags().StringVarP(&node, "node", "c", "", "the node that was power-cycled")
	cmd.Flags().BoolVarP(&wait, "wait", "w", false, "wait for the fencing request to appear")
	cmd.Flags().StringVar(&dir, "dir", meatware.Dir, "directory of the meatware FIFOs")
	_ = cmd.Flags().MarkHidden("dir")
	return cmd
}

// meatclient opens the request, asks the operator and answers the agent.
func meatclient(cmd *cobra.Command, dir, node string, wait bool) error {
	out := cmd.OutOrStdout()
	req, err := meatware.Open(dir, node)
	for wait && errors.Is(err, meatware.ErrNoRequest) {
		fmt.Fprint(out, ".")
		select {
		case <-cmd.Context().Done():
			return withCode(exitMeatCanceled, cmd.Context().Err())
		case <-time.After(time.Second):
		}
		req, err = meatware.Open(dir, node)
	}
	if err != nil {
		return ipcFailed(cmd, err)
	}
	fmt.Fprintf(out, "\nWARNING!\n\nIf node %q has not been manually power-cycled or disconnected from all shared "+
		"resources and networks, data on shared disks may become corrupted and migrated services might not "+
		"work as expected.\nPlease verify that the name or address above corresponds to the node you just rebooted.\n\n"+
		"PROCEED? [yN] ", node)
	ok, err := interruptible(cmd.Context(), func() (bool, error) { return yes(cmd.InOrStdin()), nil })
	if err != nil {
		return err
	}
	if !ok {
		req.Cancel()
		fmt.Fprintln(out, "Meatware_client: operation canceled.")
		return &exitError{code: exitMeatCanceled}
	}
	if err := req.Confirm(); err != nil {
		return ipcFailed(cmd, err)
	}
	fmt.Fprintln(out, "Meatware_client: reset confirmed.")
	return nil
}

// ipcFailed reports a FIFO failure the way cluster-glue's meatclient does.
func ipcFailed(cmd *cobra.Command, err error) error {
	fmt.Fprintf(cmd.ErrOrStderr(), "Meatware_IPC failed: %v\n", err)
	return &exitError{code: exitMeatNoFIFO}
}

// yes reads one word and reports whether it is y or yes.
func yes(in io.Reader) bool {
	sc := bufio.NewScanner(in)
	sc.Split(bufio.ScanWords)
	if !sc.Scan() {
		return false
	}
	w := strings.ToLower(sc.Text())
	return w == "y" || w == "yes"
}
