package lrm

import (
	"errors"
	"io"
	"os"
)

// captured is what a capture goroutine read from one output stream.
type captured struct {
	data    []byte
	dropped int64
}

// capture reads r until EOF or until r is closed, keeping the first limit
// bytes and counting the rest, and sends the outcome on the returned
// channel. Reading past the cap keeps a flooding agent from blocking on a
// full pipe.
func capture(r *os.File, limit int) <-chan captured {
	ch := make(chan captured, 1)
	go func() {
		var c captured
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				keep := min(n, limit-len(c.data))
				c.data = append(c.data, buf[:keep]...)
				c.dropped += int64(n - keep)
			}
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
					c.dropped++ // an unexpected read error: note the loss
				}
				break
			}
		}
		ch <- c
	}()
	return ch
}

// feed writes data to w and closes it, closing the returned channel when
// done. A write error means the agent closed its standard input early,
// which is its business; closing w from elsewhere ends a blocked write.
func feed(w *os.File, data []byte) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = w.Write(data)
		_ = w.Close()
	}()
	return done
}
