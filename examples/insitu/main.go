// Command insitu trains the correction of a mismatched simulated chip in
// place, by SPSA from the samples alone and through the simulation, and
// plots the moment loss against the iterations (docs/insitu-loss.png):
// the loss of the corrected chip measured on fresh runs of 4096 chains
// every few iterations, beside the uncorrected chip's.
//
//	go run ./examples/insitu -out docs/insitu-loss.png
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/insitu"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/nn"
)

func main() {
	out := flag.String("out", "insitu-loss.png", "the PNG to write")
	mismatch := flag.Float64("mismatch", 0.2, "relative component error of the chip")
	flag.Parse()
	const d = 4
	nominal, err := models.NewRCRing(d)
	if err != nil {
		log.Fatal(err)
	}
	friction := []float64{1, 1, 1, 1}
	chip := nominal.Mismatched(*mismatch, 5, 0)
	want := nominal.LinearSDE(1, friction)
	cov, err := linalg.Lyapunov(want.A, want.Q, d)
	if err != nil {
		log.Fatal(err)
	}
	target := insitu.Target{Mean: make([]float64, d), Cov: cov}
	hw := &insitu.Hardware{SDE: func(kT float64) *engine.LinearSDE { return chip.LinearSDE(kT, friction) },
		Chains: 512, Steps: 60, Burnin: 20, Dt: 0.5, KT: 1}
	big := *hw
	big.Chains, big.Steps = 4096, 220
	eval := func(theta []float64) float64 {
		dm := &insitu.LinearDemon[float64]{Dim: d}
		dm.FromParams(theta)
		mean, c, err := big.Moments(context.Background(), dm, 12345)
		if err != nil {
			log.Fatal(err)
		}
		return target.MomentLoss(mean, c)
	}

	spsaTheta := make([]float64, d*d+d)
	before := eval(spsaTheta)
	// The loss of the corrected chip on a fresh large run, at these
	// iterations.
	marks := map[int]bool{1: true, 5: true, 10: true, 25: true, 50: true, 75: true, 100: true, 150: true, 200: true, 300: true, 400: true}
	spsaCurve := plotter.XYs{{X: 0, Y: before}}
	pathCurve := plotter.XYs{{X: 0, Y: before}}
	loss := func(th []float64, seed uint64) (float64, error) {
		dm := &insitu.LinearDemon[float64]{Dim: d}
		dm.FromParams(th)
		mean, c, err := hw.Moments(context.Background(), dm, seed)
		if err != nil {
			return 0, err
		}
		return target.MomentLoss(mean, c), nil
	}
	s := insitu.SPSA{A: 0.2, C: 0.05, Stability: 20, Iterations: 400, Seed: 7}
	if err := s.Minimize(spsaTheta, loss, func(k int, _ float64) {
		if marks[k+1] {
			spsaCurve = append(spsaCurve, plotter.XY{X: float64(k + 1), Y: eval(spsaTheta)})
		}
	}); err != nil {
		log.Fatal(err)
	}
	afterSPSA := eval(spsaTheta)

	pathTheta := make([]float64, d*d+d)
	p := &insitu.Pathwise{SDE: hw.SDE(1), Dt: hw.Dt, Chains: 2048, Steps: 16, Seed: 3, Opt: &nn.Adam{LR: 0.02}}
	// 75 steps at a learning rate of 0.02, then 75 at 0.004.
	for phase, lr := range []float64{0.02, 0.004} {
		p.Opt.LR = lr
		p.Seed = uint64(3 + phase)
		if err := p.Train(pathTheta, target, 75, func(k int, _ float64) {
			if it := 75*phase + k + 1; marks[it] {
				pathCurve = append(pathCurve, plotter.XY{X: float64(it), Y: eval(pathTheta)})
			}
		}); err != nil {
			log.Fatal(err)
		}
	}
	afterPath := eval(pathTheta)
	fmt.Printf("moment loss of the uncorrected chip: %.5f\n", before)
	fmt.Printf("after SPSA (400 iterations, samples only): %.5f (%.1fx lower)\n", afterSPSA, before/afterSPSA)
	fmt.Printf("after training through the simulation (150 Adam steps): %.5f (%.1fx lower)\n", afterPath, before/afterPath)

	pl := plot.New()
	pl.Title.Text = fmt.Sprintf("In-situ correction of a chip with %.0f%% component mismatch", 100**mismatch)
	pl.X.Label.Text = "iteration"
	pl.Y.Label.Text = "moment loss (fresh runs, 4096 chains)"
	pl.Y.Scale = plot.LogScale{}
	pl.Y.Tick.Marker = plot.LogTicks{}
	for _, c := range []struct {
		name string
		xy   plotter.XYs
		idx  int
	}{{"SPSA, samples only", spsaCurve, 0}, {"through the simulation (Adam)", pathCurve, 1}} {
		l, pts, err := plotter.NewLinePoints(c.xy)
		if err != nil {
			log.Fatal(err)
		}
		l.Color, pts.Color = plotColor(c.idx), plotColor(c.idx)
		pl.Add(l, pts)
		pl.Legend.Add(c.name, l, pts)
	}
	ref, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: before}, {X: 400, Y: before}})
	ref.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
	pl.Add(ref)
	pl.Legend.Add("uncorrected (4096 chains)", ref)
	pl.Legend.Top = true
	if err := pl.Save(7*vg.Inch, 4*vg.Inch, *out); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}
