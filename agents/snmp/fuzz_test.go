package snmp

import (
	"context"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/ocf"
)

// FuzzConfigure feeds arbitrary stdin through the parameter parser and the
// session checks: either a configuration or an error, never a panic, and
// no error ever shows the community or a passphrase.
func FuzzConfigure(f *testing.F) {
	f.Add("ip=127.0.0.1\ncommunity=secret-community\nsnmp_version=2c\n")
	f.Add("ip=h\nsnmp_version=3\nusername=u\npassword=secret-passphrase\nsnmp_priv_passwd=secret-privacy\nsnmp_sec_level=authPriv\n")
	f.Add("ip=a b\nipport=99999\ncommunity=\n")
	f.Add("ip=h\nsnmp_version=3\nusername=u\npassword=short\nsnmp_sec_level=authNoPriv\nsnmp_auth_prot=SHA\n")
	spec := append(Params("1", "private"), ocf.Common()...)
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ocf.ParseStdin(spec, strings.NewReader(in))
		if err != nil {
			return
		}
		if p.Has("password_script") || p.Has("snmp_priv_passwd_script") {
			return // runs a program; covered by agents.Password's tests
		}
		cfg, err := configure(context.Background(), p)
		if err != nil {
			for _, name := range []string{"community", "password", "snmp_priv_passwd"} {
				v := p.Secret(name).Reveal()
				if v == "" || !strings.Contains(err.Error(), v) {
					continue
				}
				// The value may be a word of the message itself: the message
				// for another value of the same length must contain it too.
				if p.Set(name, strings.Repeat("\x01", len(v))) == nil {
					if _, err2 := configure(context.Background(), p); err2 == nil || !strings.Contains(err2.Error(), v) {
						t.Fatalf("error %q shows the %s", err, name)
					}
				}
			}
			return
		}
		if cfg.host == "" || cfg.port == 0 || cfg.budget <= 0 {
			t.Fatalf("accepted an incomplete configuration: %+v", cfg)
		}
	})
}
