package kernel

import "github.com/thermoai/thermo/internal/isa"

// The activation kernels finish a layer of a neural demon: they add the
// bias to each row of a product and apply the activation in place, and
// keep its derivative for the backward pass. In float32, tanh is a
// rational function of float32 operations (below), so that the vector
// paths give the generic result bit for bit.

// tanh32 coefficients: tanh x ≈ x P(x²)/Q(x²) on [-c, c], P of degree 6
// and Q of degree 3 in x², the minimax fit that Eigen uses for float32;
// beyond c the value rounds to ±1 in float32. Its error is a few ulps.
const (
	tanhClamp = float32(7.90531110763549805)
	tanhA1    = float32(4.89352455891786e-03)
	tanhA3    = float32(6.37261928875436e-04)
	tanhA5    = float32(1.48572235717979e-05)
	tanhA7    = float32(5.12229709037114e-08)
	tanhA9    = float32(-8.60467152213735e-11)
	tanhA11   = float32(2.00018790482477e-13)
	tanhA13   = float32(-2.76076847742355e-16)
	tanhB0    = float32(4.89352518554385e-03)
	tanhB2    = float32(2.26843463243900e-03)
	tanhB4    = float32(1.18534705686654e-04)
	tanhB6    = float32(1.19825839466702e-06)
)

// Tanh32 is tanh of a float32 as the activation kernels compute it:
//
//	x := clamp(z, -c, c)     // NaN stays NaN
//	s := x*x
//	p := ((((((a13*s + a11)*s + a9)*s + a7)*s + a5)*s + a3)*s + a1) * x
//	q := ((b6*s + b4)*s + b2)*s + b0
//	return p / q
//
// every product rounded to float32 before it is added.
func Tanh32(z float32) float32 {
	x := z
	if tanhClamp < x {
		x = tanhClamp
	}
	if -tanhClamp > x {
		x = -tanhClamp
	}
	s := float32(x * x)
	p := float32(tanhA13*s) + tanhA11
	p = float32(p*s) + tanhA9
	p = float32(p*s) + tanhA7
	p = float32(p*s) + tanhA5
	p = float32(p*s) + tanhA3
	p = float32(p*s) + tanhA1
	p = float32(p * x)
	q := float32(tanhB6*s) + tanhB4
	q = float32(q*s) + tanhB2
	q = float32(q*s) + tanhB0
	return p / q
}

// BiasTanh32 sets y[o*n+c] = Tanh32(y[o*n+c] + b[o]) for every row o <
// len(b) and chain c < n, and, when d is not nil, d[o*n+c] = 1 - y², the
// derivative, with the square rounded before it is subtracted. y and d are
// dimension-major and hold at least len(b)*n elements.
func BiasTanh32(y []float32, n int, b []float32, d []float32) {
	checkShape("BiasTanh32", n, len(b))
	checkLen("BiasTanh32", "y", len(y), len(b)*n)
	if d != nil {
		checkLen("BiasTanh32", "d", len(d), len(b)*n)
	}
	biasTanh32(y, n, b, d)
}

func biasTanh32Generic(y []float32, n int, b []float32, d []float32) {
	for o, bo := range b {
		tanhRow32(y[o*n:o*n+n], bo, d, o*n)
	}
}

// tanhRow32 does one row, writing the derivative at d[off:] when d is not
// nil. The assembly paths finish each row with it.
func tanhRow32(y []float32, b float32, d []float32, off int) {
	if d == nil {
		for i, v := range y {
			y[i] = Tanh32(v + b)
		}
		return
	}
	dr := d[off : off+len(y)]
	for i, v := range y {
		t := Tanh32(v + b)
		y[i], dr[i] = t, 1-float32(t*t)
	}
}

func init() {
	isa.Register(isa.Generic, "tanh/f32")
}

// tanhConsts are the constants of Tanh32 in the order of asm.TanhConsts.
var tanhConsts = [14]float32{tanhClamp, -tanhClamp, tanhA13, tanhA11, tanhA9, tanhA7, tanhA5, tanhA3, tanhA1,
	tanhB6, tanhB4, tanhB2, tanhB0, 1}
