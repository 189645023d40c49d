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

// normal32Slow finishes a float32 normal sample whose fast test failed
// with value x in layer i, drawing only from the secondary stream q.
// Vector code that records rejected elements calls it to fix them up,
// in element order.
func normal32Slow(x float32, i uint32, q *Stream) float32 {
	for {
		if i == 0 {
			return float32(zigTail(x < 0, q))
		}
		if zigWedge(float64(x), i, q) {
			return x
		}
		var ok bool
		x, ok, i = normal32Fast(q.Uint32())
		if ok {
			return x
		}
	}
}

// normal64Slow finishes a float64 normal sample whose fast test failed
// with value x in layer i, drawing only from the secondary stream q.
// Vector code that records rejected elements calls it to fix them up,
// in element order.
func normal64Slow(x float64, i uint64, q *Stream) float64 {
	for {
		if i == 0 {
			return zigTail(x < 0, q)
		}
		if zigWedge(x, i, q) {
			return x
		}
		var ok bool
		x, ok, i = normal64Fast(q.Uint64())
		if ok {
			return x
		}
	}
}

// zigTail samples |x| > zigR from the normal tail by Marsaglia's
// exact method and returns it with the requested sign.
func zigTail(neg bool, q *Stream) float64 {
	for {
		a := -portableLog(uniformOpen64(q.Uint64())) / zigR
		b := -portableLog(uniformOpen64(q.Uint64()))
		if b+b > a*a {
			if neg {
				return -(zigR + a)
			}
			return zigR + a
		}
	}
}

// zigWedge reports whether x, in layer i >= 1 but outside its
// rectangle under the curve, falls below the density at a uniformly
// chosen height within the layer.
func zigWedge[I uint32 | uint64](x float64, i I, q *Stream) bool {
	u := uniform64(q.Uint64())
	// The explicit conversion rounds the product, which stops the
	// compiler from fusing it with the addition on FMA targets.
	return zigF[i]+float64(u*(zigF[i-1]-zigF[i])) < portableExp(-0.5*x*x)
}
