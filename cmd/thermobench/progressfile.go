package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/thermoai/thermo/engine"
)

// progressLine is one line of -progress-file.
type progressLine struct {
	Time               string   `json:"time"`
	ElapsedSec         float64  `json:"elapsed_seconds"`
	ChainSteps         int64    `json:"chain_steps"`
	TotalChainSteps    int64    `json:"total_chain_steps"`
	Fraction           float64  `json:"fraction"`
	Chains             int      `json:"chains"`
	ElementStepsPerSec float64  `json:"element_steps_per_second"`
	ETASec             *float64 `json:"eta_seconds,omitempty"`
	Acceptance         *float64 `json:"acceptance,omitempty"`
	Done               bool     `json:"done,omitempty"`
}

// followProgress appends a JSON line about the run to path every interval,
// and a last one when the returned function is called, so that a run on
// a cluster can be followed with tail -f. It starts from the chain-steps
// done already (a resumed run's).
func followProgress(path string, every time.Duration, progress *atomic.Int64, meter *engine.AcceptanceMeter, chains, dim int, total int64) (stop func(), err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("-progress-file: %w", err)
	}
	start, from := time.Now(), progress.Load()
	write := func(done bool) {
		now := time.Now()
		elapsed := now.Sub(start).Seconds()
		n := progress.Load()
		l := progressLine{Time: now.UTC().Format(time.RFC3339), ElapsedSec: elapsed, ChainSteps: n,
			TotalChainSteps: total, Fraction: float64(n) / float64(total), Chains: chains, Done: done}
		if elapsed > 0 {
			rate := float64(n-from) / elapsed // chain-steps per second
			l.ElementStepsPerSec = rate * float64(dim)
			if rate > 0 && !done {
				eta := float64(total-n) / rate
				l.ETASec = &eta
			}
		}
		if a, ok := meter.Rate(); ok {
			l.Acceptance = &a
		}
		b, _ := json.Marshal(l)
		f.Write(append(b, '\n'))
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				write(false)
			case <-quit:
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
		write(true)
		f.Close()
	}, nil
}
