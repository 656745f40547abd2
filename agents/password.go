package agents

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

// ScriptTimeout bounds how long password_script may run.
const ScriptTimeout = 10 * time.Second

// maxScriptOutput bounds what is read from password_script.
const maxScriptOutput = 64 << 10

// Password returns the device password: the output of password_script
// (run with /bin/sh -c, trailing white space removed) when that parameter is
// given, else the password parameter. The script's stdin is empty, its
// stderr is discarded (it may echo the secret), and an error never includes
// its output. When ctx ends or the script runs longer than ScriptTimeout
// its whole process group is killed. The script's output is recorded in
// p's secrets (see ocf.Params.AddSecret).
func Password(ctx context.Context, p *ocf.Params) (ocf.Secret, error) {
	return SecretOf(ctx, p, "password", "password_script")
}

// SecretOf is Password for another pair of parameters: the output of the
// script parameter when given, else the secret parameter (for example
// snmp_priv_passwd and snmp_priv_passwd_script).
func SecretOf(ctx context.Context, p *ocf.Params, secret, scriptParam string) (ocf.Secret, error) {
	script := p.Get(scriptParam)
	if script == "" {
		return p.Secret(secret), nil
	}
	ctx, cancel := context.WithTimeout(ctx, ScriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", script)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	var out limitedBuffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ocf.Secret{}, fmt.Errorf("%s: timed out after %v", scriptParam, ScriptTimeout)
		}
		return ocf.Secret{}, fmt.Errorf("%s: %w", scriptParam, err)
	}
	if out.over {
		return ocf.Secret{}, fmt.Errorf("%s: more than %d bytes of output", scriptParam, maxScriptOutput)
	}
	return p.AddSecret(ocf.NewSecret(strings.TrimRight(out.String(), " \t\r\n"))), nil
}

// limitedBuffer keeps the first maxScriptOutput bytes written to it.
type limitedBuffer struct {
	bytes.Buffer
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxScriptOutput {
		b.over = true
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
