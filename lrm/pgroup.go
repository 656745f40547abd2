package lrm

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// pollEvery is how often the process table is scanned while waiting for a
// group to disappear.
const pollEvery = 10 * time.Millisecond

// killWait bounds the wait for SIGKILLed processes to disappear (they can
// only be slow to when the machine is overloaded or they are in the D
// state).
const killWait = 5 * time.Second

// waitExit blocks until the process pid has exited, without reaping it: the
// zombie keeps its pid, and so the group id, from being reused while the
// rest of the group is being killed.
func waitExit(pid int) {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if !errors.Is(err, unix.EINTR) {
			return
		}
	}
}

// signalGroup sends sig to every process of the group pgid.
func signalGroup(pgid int, sig syscall.Signal) {
	_ = unix.Kill(-pgid, sig)
}

// groupMembers lists the live (non-zombie) processes whose process group is
// pgid, leaving out the group leader, which the caller holds as a zombie.
func groupMembers(pgid int) []int {
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	var pids []int
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid == pgid {
			continue
		}
		if g, state, ok := procGroup(pid); ok && g == pgid && state != 'Z' && state != 'X' {
			pids = append(pids, pid)
		}
	}
	return pids
}

// procGroup reads the process group and state of pid from /proc/pid/stat.
// It reads with raw system calls: this runs for every process on the
// machine after every agent run.
func procGroup(pid int) (pgid int, state byte, ok bool) {
	fd, err := unix.Open("/proc/"+strconv.Itoa(pid)+"/stat", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, false
	}
	var buf [512]byte
	n, err := unix.Read(fd, buf[:])
	_ = unix.Close(fd)
	if err != nil || n <= 0 {
		return 0, 0, false
	}
	b := buf[:n]
	// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 || len(f[0]) != 1 {
		return 0, 0, false
	}
	g, err := strconv.Atoi(string(f[2]))
	if err != nil {
		return 0, 0, false
	}
	return g, f[0][0], true
}

// waitGroupGone polls until no live process is left in the group or the
// deadline passes, and reports whether the group is gone.
func waitGroupGone(pgid int, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for {
		if len(groupMembers(pgid)) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollEvery)
	}
}

// killLeftovers terminates what is left of the group once its leader has
// exited: SIGTERM, then SIGKILL for whatever is still alive after grace
// (immediately when grace is zero). It returns how many processes it found.
func killLeftovers(pgid int, grace time.Duration) int {
	n := len(groupMembers(pgid))
	if n == 0 {
		return 0
	}
	if grace > 0 {
		signalGroup(pgid, syscall.SIGTERM)
		signalGroup(pgid, syscall.SIGCONT)
		if waitGroupGone(pgid, grace) {
			return n
		}
	}
	signalGroup(pgid, syscall.SIGKILL)
	waitGroupGone(pgid, killWait)
	return n
}
