package cibstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// TestMain lets the test binary play a concurrent writer process: with
// CIBSTORE_WRITER=PATH:PREFIX:COUNT it adds COUNT properties PREFIX-i to
// the CIB file PATH, one update each, printing the version each update
// wrote, and exits 103 on ErrStale.
func TestMain(m *testing.M) {
	if spec := os.Getenv("CIBSTORE_WRITER"); spec != "" {
		os.Exit(writer(spec))
	}
	os.Exit(m.Run())
}

func writer(spec string) int {
	parts := strings.Split(spec, ":")
	n, _ := strconv.Atoi(parts[2])
	f := File{Path: parts[0]}
	for i := range n {
		name := fmt.Sprintf("%s-%d", parts[1], i)
		var wrote cib.Version
		err := f.Update(context.Background(), func(d *cib.Document) error {
			if err := addProperty(name)(d); err != nil {
				return err
			}
			var err error
			wrote, err = d.Version()
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			if strings.Contains(err.Error(), ErrStale.Error()) {
				return 103
			}
			return 1
		}
		fmt.Println(wrote.Admin, wrote.Epoch, wrote.NumUpdates)
	}
	return 0
}

// TestFileConcurrentProcesses: 4 processes each make 200 updates of one
// file at once. Every update is in the file at the end, no two updates
// wrote the same version (each saw every earlier one), and the file ends
// at the newest version written.
func TestFileConcurrentProcesses(t *testing.T) {
	const procs, each = 4, 200
	f := newFile(t)
	var mu sync.Mutex
	seen := map[cib.Version]int{}
	var newest cib.Version
	var wg sync.WaitGroup
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", fmt.Sprintf("CIBSTORE_WRITER=%s:w%d:%d", f.Path, p, each))
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("writer %d: %v\n%s", p, err, errOut.Bytes())
			}
			sc := bufio.NewScanner(bytes.NewReader(out))
			mu.Lock()
			defer mu.Unlock()
			for sc.Scan() {
				var v cib.Version
				if _, err := fmt.Sscan(sc.Text(), &v.Admin, &v.Epoch, &v.NumUpdates); err != nil {
					t.Errorf("writer %d printed %q", p, sc.Text())
				}
				if seen[v]++; seen[v] == 2 {
					t.Errorf("version %s written twice", v)
				}
				if v.Compare(newest) > 0 {
					newest = v
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != procs*each {
		t.Errorf("%d versions written, want %d", len(seen), procs*each)
	}
	doc, err := f.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for p := range procs {
		for i := range each {
			if doc.Root().FindElement(fmt.Sprintf("//nvpair[@id='w%d-%d']", p, i)) == nil {
				t.Fatalf("update w%d-%d, reported done, is missing", p, i)
			}
		}
	}
	if v, _ := doc.Version(); v != newest {
		t.Errorf("final version %s, want the newest written, %s", v, newest)
	}
}
