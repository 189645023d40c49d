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
func normal32Slow(x float32, i uint32, q *Stream) float32 {
	x, *q = normal32Finish(x, i, *q)
	return x
}

// normal64Slow finishes a float64 normal sample whose fast test failed
// with value x in layer i, drawing only from the secondary stream q.
func normal64Slow(x float64, i uint64, q *Stream) float64 {
	x, *q = normal64Finish(x, i, *q)
	return x
}

// normal32Finish is normal32Slow with the secondary state s passed and
// returned by value, which keeps it in registers; the fix-ups of the
// vector fills call it, in element order.
func normal32Finish(x float32, i uint32, s Stream) (float32, Stream) {
	for {
		if i == 0 {
			var y float64
			y, s = zigTailFrom(x < 0, s)
			return float32(y), s
		}
		var u uint64
		u, s = next64(s)
		if zigBelow(float64(x), uint(i), u) {
			return x, s
		}
		var r uint32
		r, s = s.next()
		var ok bool
		if x, ok, i = normal32Fast(r); ok {
			return x, s
		}
	}
}

// normal64Finish is the float64 counterpart of normal32Finish.
func normal64Finish(x float64, i uint64, s Stream) (float64, Stream) {
	for {
		if i == 0 {
			return zigTailFrom(x < 0, s)
		}
		var u uint64
		u, s = next64(s)
		if zigBelow(x, uint(i), u) {
			return x, s
		}
		var r uint64
		r, s = next64(s)
		var ok bool
		if x, ok, i = normal64Fast(r); ok {
			return x, s
		}
	}
}

// next64 is Stream.Uint64 on a state carried by value.
func next64(s Stream) (uint64, Stream) {
	lo, s := s.next()
	hi, s := s.next()
	return uint64(lo) | uint64(hi)<<32, s
}

// zigTail samples |x| > zigR from the normal tail by Marsaglia's
// exact method and returns it with the requested sign.
func zigTail(neg bool, q *Stream) float64 {
	x, s := zigTailFrom(neg, *q)
	*q = s
	return x
}

// zigTailFrom is zigTail with the state passed and returned by value.
func zigTailFrom(neg bool, s Stream) (float64, Stream) {
	for {
		var r1, r2 uint64
		r1, s = next64(s)
		r2, s = next64(s)
		a := -portableLog(uniformOpen64(r1)) / zigR
		b := -portableLog(uniformOpen64(r2))
		if b+b > a*a {
			if neg {
				return -(zigR + a), s
			}
			return zigR + a, s
		}
	}
}

// zigWedge reports whether x, in layer i >= 1 but outside its
// rectangle under the curve, falls below the density at a uniformly
// chosen height within the layer, drawn from q.
func zigWedge[I uint32 | uint64](x float64, i I, q *Stream) bool {
	return zigBelow(x, uint(i), q.Uint64())
}

// zigBelow is the test of zigWedge with the height F[i] + U·(F[i-1] -
// F[i]) given by the 64-bit secondary value r, U = uniform64(r).
func zigBelow(x float64, i uint, r uint64) bool {
	// i is in [1, 128): the masks only drop the bounds checks.
	hi, lo := zigF[(i-1)&(zigLayers-1)], zigF[i&(zigLayers-1)]
	// The explicit conversion rounds the product, which stops the
	// compiler from fusing it with the addition on FMA targets.
	return lo+float64(uniform64(r)*(hi-lo)) < portableExp(-0.5*x*x)
}
