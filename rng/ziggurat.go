package rng

import "math"

// The normal sampler is the ziggurat of G. Marsaglia and W. W. Tsang,
// "The Ziggurat Method for Generating Random Variables", Journal of
// Statistical Software 5(8), 2000, with their 128 layers. The half
// normal density f(x) = exp(-x²/2) is covered by 127 rectangles and a
// base strip (rectangle plus tail), each of area zigV; zigR is the
// right edge of the base rectangle.
const (
	zigLayers = 128
	zigR      = 3.442619855899
	zigV      = 9.91256303526217e-3
)

// Ziggurat tables, indexed by layer i in [0, 128):
//
//	zigW32[i], zigW64[i]  layer width divided by 2^24 and 2^51: the
//	                      factor that turns the integer u into x
//	zigK32[i], zigK64[i]  acceptance threshold on |u|: below it the
//	                      point lies in the part of the layer that is
//	                      entirely under the curve
//	zigF[i]               f at the right edge of layer i (zigF[0] = 1)
//
// They are computed once, in float64, by Marsaglia and Tsang's
// recursion, using portableExp and portableLog so that they are the
// same on every machine.
var (
	zigW32 [zigLayers]float32
	zigK32 [zigLayers]uint32
	zigW64 [zigLayers]float64
	zigK64 [zigLayers]uint64
	zigF   [zigLayers]float64
)

func init() {
	const (
		scale32 = 1 << 24
		scale64 = 1 << 51
	)

	// x[i] is the right edge of layer i; x[0] is the width of the
	// base strip, which extends past zigR so that the strip's area
	// (rectangle plus tail) is zigV like every other layer.
	var x [zigLayers]float64
	x[0] = zigV / portableExp(-0.5*zigR*zigR)
	x[zigLayers-1] = zigR
	for i := zigLayers - 2; i >= 1; i-- {
		xi := x[i+1]
		x[i] = math.Sqrt(-2 * portableLog(zigV/xi+portableExp(-0.5*xi*xi)))
	}

	zigF[0] = 1
	for i := 1; i < zigLayers; i++ {
		zigF[i] = portableExp(-0.5 * x[i] * x[i])
	}
	for i := range zigLayers {
		zigW32[i] = float32(x[i] / scale32)
		zigW64[i] = x[i] / scale64
	}
	// The part of layer i >= 2 under the curve is [0, x[i-1]); the top
	// layer has none, and in the base strip it is [0, zigR).
	zigK32[0] = uint32(zigR / x[0] * scale32)
	zigK64[0] = uint64(zigR / x[0] * scale64)
	zigK32[1], zigK64[1] = 0, 0
	for i := 2; i < zigLayers; i++ {
		zigK32[i] = uint32(x[i-1] / x[i] * scale32)
		zigK64[i] = uint64(x[i-1] / x[i] * scale64)
	}
}

// normal32Fast is the fast path of the float32 normal sampler, using
// one 32-bit primary output r. The low 7 bits choose the layer i and
// the high 25 bits, as a signed integer u in [-2^24, 2^24), the
// position in it, so x = u·zigW32[i] is exact up to one rounding. ok
// reports whether x is accepted; if not, normal32Slow(x, i, q)
// finishes the sample.
func normal32Fast(r uint32) (x float32, ok bool, i uint32) {
	i = r & (zigLayers - 1)
	u := int32(r) >> 7
	x = float32(u) * zigW32[i]
	m := u >> 31
	return x, uint32((u^m)-m) < zigK32[i], i
}

// normal64Fast is the fast path of the float64 normal sampler, using a
// 64-bit value r built from two primary outputs, low word first. The
// low 7 bits choose the layer i and the high 52 bits, as a signed
// integer u in [-2^51, 2^51), the position in it. Keeping |u| within
// 2^51 lets vector code convert u to float64 exactly without a 64-bit
// integer conversion instruction. ok reports whether x is accepted; if
// not, normal64Slow(x, i, q) finishes the sample.
func normal64Fast(r uint64) (x float64, ok bool, i uint64) {
	i = r & (zigLayers - 1)
	u := int64(r) >> 12
	x = float64(u) * zigW64[i]
	m := u >> 63
	return x, uint64((u^m)-m) < zigK64[i], i
}

// aux is the source of the slow path of one rejected draw: the 64-bit
// values
//
//	v_m = mix(mix(2^16·z + m mod 2^16) + key),  m = 0, 1, 2, …
//
// where key is the chain's secondary key and z the index of the draw
// among the chain's normal draws (all arithmetic mod 2^64). A draw's
// slow path depends on nothing else, so rejected draws can be finished
// in any order, by any number of lanes at once.
type aux struct {
	key, z, m uint64 // z holds 2^16·z
}

// newAux returns the source of the slow path of draw z of the chain
// with key key, from value m on.
func newAux(key, z, m uint64) aux {
	return aux{key: key, z: z << 16, m: m}
}

// next returns the next value.
func (a *aux) next() uint64 {
	v := mix64(mix64(a.z|a.m&0xffff) + a.key)
	a.m++
	return v
}

// normal32Slow finishes a float32 normal sample whose fast test failed
// with value x in layer i, drawing from a.
func normal32Slow(x float32, i uint32, a aux) float32 {
	for {
		if i == 0 {
			return float32(zigTail(x < 0, &a))
		}
		if zigBelow(float64(x), uint(i), a.next()) {
			return x
		}
		var ok bool
		if x, ok, i = normal32Fast(uint32(a.next())); ok {
			return x
		}
	}
}

// normal64Slow is the float64 counterpart of normal32Slow.
func normal64Slow(x float64, i uint64, a aux) float64 {
	for {
		if i == 0 {
			return zigTail(x < 0, &a)
		}
		if zigBelow(x, uint(i), a.next()) {
			return x
		}
		var ok bool
		if x, ok, i = normal64Fast(a.next()); ok {
			return x
		}
	}
}

// zigTail samples |x| > zigR from the normal tail by Marsaglia's
// exact method, drawing from a, and returns it with the requested sign.
func zigTail(neg bool, a *aux) float64 {
	for {
		x := -portableLog(uniformOpen64(a.next())) / zigR
		y := -portableLog(uniformOpen64(a.next()))
		if y+y > x*x {
			if neg {
				return -(zigR + x)
			}
			return zigR + x
		}
	}
}

// zigBelow reports whether x, in layer i >= 1 but outside its rectangle
// under the curve, falls below the density at the height F[i] +
// U·(F[i-1] - F[i]) given by the 64-bit value r, U = uniform64(r): y <
// portableExp(-0.5*x*x), which quickExpHalfSq decides for all but a few
// draws.
func zigBelow(x float64, i uint, r uint64) bool {
	// i is in [1, 128): the masks only drop the bounds checks.
	hi, lo := zigF[(i-1)&(zigLayers-1)], zigF[i&(zigLayers-1)]
	// The explicit conversion rounds the product, which stops the
	// compiler from fusing it with the addition on FMA targets.
	y := lo + float64(uniform64(r)*(hi-lo))
	q := quickExpHalfSq(x)
	switch {
	case y < q*expQuick[9]:
		return true
	case y > q*expQuick[10]:
		return false
	}
	return y < portableExp(-0.5*x*x)
}

// expQuick holds the operands of the bound on the wedge test that
// zigBelow and the amd64 kernels (WEDGE and WEDGE4 in normal_amd64.s)
// decide most draws with: 1/ln 2, ln 2, the Taylor coefficients
// 1/6!, 1/5!, ..., 1/1!, 1/0! of exp, and 1 - wedgeMargin and 1 +
// wedgeMargin. See quickExpHalfSq.
var expQuick = [11]float64{
	1 / math.Ln2, math.Ln2,
	1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1,
	1 - wedgeMargin, 1 + wedgeMargin,
}

// wedgeMargin bounds the relative difference between quickExpHalfSq and
// portableExp(-0.5*x*x) with room to spare: the degree-6 Taylor
// polynomial of exp on |r| <= ln2/2 is within 1.7e-7 of it, and the
// roundings add about 1e-15 (TestQuickExpHalfSq).
const wedgeMargin = 1e-6

// quickExpHalfSq approximates exp(-x²/2) to decide most wedge tests
// without portableExp: a draw whose y is below quickExpHalfSq(x)·(1 -
// wedgeMargin) is below portableExp(-0.5*x*x), one above
// quickExpHalfSq(x)·(1 + wedgeMargin) is not, and only the draws in
// between (about one in 10^5) need portableExp. Every operation is
// exact or correctly rounded (math.FMA is fused on every platform), so
// it gives the same value everywhere, and the amd64 kernels compute it
// operation for operation. It needs |x| < 37, where 2^k is a normal
// number; the wedge tests see |x| < zigR.
func quickExpHalfSq(x float64) float64 {
	y := -0.5 * x * x
	k := math.RoundToEven(y * expQuick[0])
	r := math.FMA(-k, expQuick[1], y)
	p := expQuick[2]
	for _, c := range expQuick[3:9] {
		p = math.FMA(p, r, c)
	}
	return p * pow2(int64(k))
}
