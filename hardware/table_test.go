package hardware

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/models"
)

var fullTable = flag.Bool("hardware.table", false, "run TestDegradationTable at the size of docs/hardware.md")

// imperfection is a row of the degradation table.
type imperfection struct {
	name string
	hw   Config
}

func degradationRows() []imperfection {
	adc := func(bits int) Config {
		return Config{ADC: ADC{Converter: Converter{Bits: bits, FullScale: 4}}}
	}
	dith := adc(4)
	dith.ADC.Dither = true
	rows := []imperfection{{"ideal", Config{}}}
	for _, fs := range []float64{4, 2} {
		rows = append(rows, imperfection{fmt.Sprintf("ADC clip at ±%g only", fs), Config{ADC: ADC{Converter: Converter{FullScale: fs}}}})
	}
	for _, b := range []int{4, 6, 8, 12} {
		rows = append(rows, imperfection{fmt.Sprintf("ADC %d bits", b), adc(b)})
	}
	rows = append(rows, imperfection{"ADC 4 bits + dither", dith})
	for _, b := range []int{4, 8} {
		rows = append(rows, imperfection{fmt.Sprintf("DAC %d bits", b), Config{DAC: Converter{Bits: b, FullScale: 4}}})
	}
	for _, k := range []int{1, 2, 5, 10} {
		rows = append(rows, imperfection{fmt.Sprintf("latency %d", k), Config{Latency: k}})
	}
	for _, h := range []int{2, 5} {
		rows = append(rows, imperfection{fmt.Sprintf("hold %d", h), Config{Hold: h}})
	}
	for _, sd := range []float64{0.01, 0.1} {
		rows = append(rows, imperfection{fmt.Sprintf("noise %g", sd), Config{ADC: ADC{NoiseSD: sd}}})
	}
	return rows
}

// TestDegradationTable measures how each imperfection of the digital
// demon biases the sampled variance of the Gaussian target (d = 4, unit
// stiffness, so variance kT = 1) under BAOAB, and logs the table of
// docs/hardware.md. With -hardware.table it runs at that table's size.
func TestDegradationTable(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	chains, steps := 256, 4000
	if *fullTable {
		chains, steps = 4096, 40000
	}
	const dim, dt, burnin = 4, 0.05, 400
	target, err := models.New("gaussian", dim, 1)
	if err != nil {
		t.Fatal(err)
	}
	ones := []float64{1, 1, 1, 1}
	cfg := engine.Config{Dim: dim, Chains: chains, Seed: 2023, Steps: steps, Burnin: burnin, Thin: 1,
		Dt: dt, KT: 1, Mass: ones, Friction: ones, InitScale: 1, Integrator: engine.BAOAB,
		KeepChainMoments: true}
	_, exact, err := target.(models.Reference).Moments(cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "gaussian d=%d, kT 1, stiffness 1, BAOAB, dt %g, mass 1, friction 1, %d chains x %d steps (%d burn-in), seed %d; ADC and DAC full scale ±4 unless stated\n\n",
		dim, dt, chains, steps, burnin, cfg.Seed)
	fmt.Fprintf(&b, "| imperfection | var / exact - 1 | ± s.e. | vs ideal, same seed | ± s.e. |\n|---|---|---|---|---|\n")
	var ideal []float64
	for _, row := range degradationRows() {
		hw := row.hw
		hw.Seed, hw.Dt, hw.Steps = cfg.Seed, cfg.Dt, cfg.Steps
		factory, err := New(hw, func(n int) engine.Demon[float64] { return target.Demon64(n) })
		if err != nil {
			t.Fatal(err)
		}
		res, err := engine.RunJob(context.Background(), cfg, engine.Job[float64]{NewDemon: factory})
		if err != nil {
			var nf *engine.NonFiniteError
			if !errors.As(err, &nf) {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "| %s | unstable (%v) | | | |\n", row.name, err)
			continue
		}
		// The relative error averaged over the dimensions, with its
		// standard error from the spread between chains.
		var rel, se2 float64
		for k := range dim {
			rel += (res.Stats.Var[k]/exact[k] - 1) / dim
			se2 += math.Pow(res.Stats.VarSE[k]/exact[k]/dim, 2)
		}
		// Per chain, the mean over dimensions of its relative variance
		// less the ideal run's: the same thermal noise drives both, so
		// the difference is far less noisy than the error itself.
		perChain := make([]float64, chains)
		for c := range chains {
			for k := range dim {
				perChain[c] += res.ChainVar[c*dim+k] / exact[k] / dim
			}
		}
		if ideal == nil {
			ideal = perChain
		}
		var m, m2 float64
		for c := range chains {
			d := perChain[c] - ideal[c]
			m += d
			m2 += d * d
		}
		m /= float64(chains)
		dse := math.Sqrt((m2/float64(chains) - m*m) / float64(chains-1))
		fmt.Fprintf(&b, "| %s | %+.4f | %.4f | %+.2e | %.1e |\n", row.name, rel, math.Sqrt(se2), m, dse)
	}
	t.Log("\n" + b.String())
}
