// Package sshtest runs a throwaway OpenSSH sshd on 127.0.0.1 for testing
// the ssh agent: its own host key, key authentication for the current
// user, and a known_hosts file naming the server, all in a temporary
// directory removed when the test ends.
package sshtest
