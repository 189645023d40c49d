// Command tla-curve plots the error of thermodynamic linear algebra
// (package tla) against the simulated time, for random symmetric positive
// definite systems of order 8, 32 and 128:
//
//	go run ./examples/tla-curve -out docs/tla-error.png
//
// Each system is A = G Gᵀ/d + I with G standard normal (eigenvalues in
// about [1, 5]) and b a random unit vector, solved at kT = 1 with the
// default step 1/λ_max by 32 chains. The left panel is the relative error
// of x = A⁻¹b, the right one that of A⁻¹ (Frobenius), both against
// gonum's Cholesky solve; the dotted lines are tla.StandardError's
// prediction. It prints the errors as a table and takes about 40 s of
// CPU.
package main

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/thermoai/thermo/tla"
)

// system returns A = G Gᵀ/d + I and a unit b from a fixed seed.
func system(d int) (a, b []float64) {
	r := rand.New(rand.NewPCG(uint64(d), 7))
	g := make([]float64, d*d)
	for i := range g {
		g[i] = r.NormFloat64()
	}
	a = make([]float64, d*d)
	for i := range d {
		for j := range d {
			s := 0.0
			for k := range d {
				s += g[i*d+k] * g[j*d+k]
			}
			a[i*d+j] = s / float64(d)
		}
		a[i*d+i]++
	}
	b = make([]float64, d)
	norm := 0.0
	for i := range b {
		b[i] = r.NormFloat64()
		norm += b[i] * b[i]
	}
	for i := range b {
		b[i] /= math.Sqrt(norm)
	}
	return a, b
}

// inRange drops the ticks outside the axis, whose labels LogTicks makes
// and the plot would otherwise leave room for.
type inRange struct{ plot.Ticker }

func (r inRange) Ticks(min, max float64) []plot.Tick {
	var in []plot.Tick
	for _, t := range r.Ticker.Ticks(min, max) {
		if t.Value >= min && t.Value <= max {
			in = append(in, t)
		}
	}
	return in
}

type point struct {
	t, ex, einv, px, pinv float64
}

func main() {
	out := flag.String("out", "tla-error.png", "the PNG to write")
	chains := flag.Int("chains", 32, "chains per solve")
	flag.Parse()

	dims := []int{8, 32, 128}
	times := []float64{10, 30, 100, 300, 1000, 3000, 10000, 30000}
	curves := make(map[int][]point)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "d\tκ\ttime\terror x\texpected\terror A^-1\texpected\twall s\t")
	for _, d := range dims {
		a, b := system(d)
		lmax := tla.LambdaMax(a, d)
		lmin, err := tla.LambdaMin(a, d)
		if err != nil {
			log.Fatal(err)
		}
		dt := 1 / lmax
		for _, T := range times {
			steps := int(math.Round(T / dt))
			sol, err := tla.Solve(context.Background(), a, b, d,
				tla.Options{Chains: *chains, Steps: steps, Dt: dt, Seed: 1, Inverse: true})
			if err != nil {
				log.Fatal(err)
			}
			px, pinv, err := tla.StandardError(a, b, d, sol.Chains, sol.Steps, sol.Dt, sol.KT)
			if err != nil {
				log.Fatal(err)
			}
			curves[d] = append(curves[d], point{sol.SimulatedTime, sol.ErrorX, sol.ErrorInv, px, pinv})
			fmt.Fprintf(tw, "%d\t%.2f\t%.0f\t%.2e\t%.2e\t%.2e\t%.2e\t%.2f\t\n",
				d, lmax/lmin, sol.SimulatedTime, sol.ErrorX, px, sol.ErrorInv, pinv, sol.Wall.Seconds())
		}
	}
	tw.Flush()

	colors := []color.Color{
		color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
		color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
		color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	}
	panel := func(title string, measured, predicted func(point) float64) *plot.Plot {
		p := plot.New()
		p.Title.Text = title
		// Short: with a log scale gonum/plot leaves room for the label
		// as if it were centred at the arithmetic middle of the range.
		p.X.Label.Text = "simulated time"
		p.Y.Label.Text = "relative error"
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = inRange{plot.LogTicks{Prec: -1}}, inRange{plot.LogTicks{Prec: -1}}
		p.Legend.Left = true
		p.Legend.XOffs, p.Legend.YOffs = vg.Millimeter*3, vg.Millimeter*3
		p.Add(plotter.NewGrid())
		for i, d := range dims {
			var got, want plotter.XYs
			for _, pt := range curves[d] {
				got = append(got, plotter.XY{X: pt.t, Y: measured(pt)})
				want = append(want, plotter.XY{X: pt.t, Y: predicted(pt)})
			}
			l, s, err := plotter.NewLinePoints(got)
			if err != nil {
				log.Fatal(err)
			}
			l.Color, s.Color = colors[i], colors[i]
			l.Width = vg.Points(1.5)
			s.Shape = draw.CircleGlyph{}
			e, err := plotter.NewLine(want)
			if err != nil {
				log.Fatal(err)
			}
			e.Color = colors[i]
			e.Dashes = []vg.Length{vg.Points(2), vg.Points(3)}
			p.Add(l, s, e)
			p.Legend.Add(fmt.Sprintf("d = %d", d), l, s)
		}
		// A slope of -1/2 through the first point of d = 8.
		first := curves[dims[0]][0]
		var ref plotter.XYs
		for _, T := range []float64{times[0], times[len(times)-1]} {
			ref = append(ref, plotter.XY{X: T, Y: 2 * measured(first) * math.Sqrt(first.t/T)})
		}
		r, err := plotter.NewLine(ref)
		if err != nil {
			log.Fatal(err)
		}
		r.Color = color.Gray{Y: 0x80}
		p.Add(r)
		p.Legend.Add("slope 1/√time", r)
		return p
	}
	left := panel(fmt.Sprintf("solution x = A^-1 b, %d chains (dotted: expected)", *chains), func(p point) float64 { return p.ex }, func(p point) float64 { return p.px })
	right := panel(fmt.Sprintf("inverse A^-1 (Frobenius), %d chains (dotted: expected)", *chains), func(p point) float64 { return p.einv }, func(p point) float64 { return p.pinv })

	const w, h = 11 * vg.Inch, 4.5 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 2,
		PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2}
	left.Draw(tiles.At(dc, 0, 0))
	right.Draw(tiles.At(dc, 1, 0))
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}
