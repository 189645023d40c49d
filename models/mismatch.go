package models

import (
	"math"

	"github.com/thermoai/thermo/rng"
)

// mismatchKey separates the streams of component errors from the
// chains' noise streams of the same seed.
const mismatchKey = 0x6d69736d61746368 // "mismatch"

// Mismatched returns the network as chip number chip of a fabrication
// run with relative component error m (the paper's eqs. 15-17: each
// resistor and capacitor off its nominal value by a relative error): every
// R_i, C_i and every coupling resistor and capacitor present is multiplied
// by 1 + m z, z standard normal clipped to [-3, 3], drawn in that order
// (R, C, then the couplings of i < j row by row, resistors before
// capacitors) from rng.NewChain(seed ^ mismatchKey, chip). The same seed
// and chip give the same chip on every machine. m = 0 returns r itself.
func (r RC) Mismatched(m float64, seed, chip uint64) RC {
	if m == 0 {
		return r
	}
	dim := r.Dim()
	ch := rng.NewChain(seed^mismatchKey, chip)
	draw := func(v float64) float64 {
		z := math.Max(-3, math.Min(3, ch.Normal64()))
		return v * (1 + float64(m*z))
	}
	out := RC{R: make([]float64, dim), C: make([]float64, dim), Rc: zeroMatrix(dim), Cc: zeroMatrix(dim),
		T: r.T, NoisyCoupling: r.NoisyCoupling, Bias: r.bias(), Drift: r.Drift, ExtraNoise: r.ExtraNoise}
	for i := range dim {
		out.R[i] = draw(r.R[i])
	}
	for i := range dim {
		out.C[i] = draw(r.C[i])
	}
	for i := range dim {
		for j := i + 1; j < dim; j++ {
			if r.Rc != nil && r.Rc[i][j] != 0 {
				v := draw(r.Rc[i][j])
				out.Rc[i][j], out.Rc[j][i] = v, v
			}
			if r.Cc != nil && r.Cc[i][j] != 0 {
				v := draw(r.Cc[i][j])
				out.Cc[i][j], out.Cc[j][i] = v, v
			}
		}
	}
	return out
}
