package rng

import "math"

// Exp, Log, Expm1 and Pow are the portable elementary functions of thermo:
// everything whose bits reach a sample (integrator coefficients, model
// forces and energies, schedules, step-size adaptation) calls these rather
// than package math, whose Exp, Log and Pow differ in the last bit between
// amd64 and arm64 (about 16% of math.Exp results differ). They are built
// from operations that IEEE 754 defines exactly, so they return the same
// bits on every machine; they are accurate to a few ulps.

// Exp returns e^x. It is +Inf above ln(MaxFloat64), 0 below the log of
// the smallest subnormal, and NaN for NaN.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 709.782712893384:
		return math.Inf(1)
	case x < -745.1332191019412:
		return 0
	case x >= -700 && x <= 700:
		return portableExp(x)
	}
	// Near the ends of the range 2^k is not a normal number: scale in two
	// steps, the first exact, so the result is rounded once.
	k := math.Floor(x/math.Ln2 + 0.5)
	r := (x - float64(k*ln2Hi)) - float64(k*ln2Lo)
	p := poly13(r, &expCoef)
	ki := int64(k)
	half := ki / 2
	return float64(p*pow2(half)) * pow2(ki-half)
}

// Log returns the natural logarithm of x: -Inf for 0, NaN for negative x
// and NaN, +Inf for +Inf.
func Log(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	case x < 0x1p-1022:
		// Subnormal: scale into the normal range exactly.
		return portableLog(x*0x1p54) - 54*math.Ln2
	}
	return portableLog(x)
}

// expm1Coef holds 1/(n+1)!, the Taylor coefficients of (e^r - 1)/r.
var expm1Coef = [14]float64{
	1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040,
	1.0 / 40320, 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800,
	1.0 / 479001600, 1.0 / 6227020800, 1.0 / 87178291200,
}

// Expm1 returns e^x - 1, accurate also for small |x|.
func Expm1(x float64) float64 {
	if x != x || x < -0.34657359027997264 || x > 0.34657359027997264 {
		// Beyond ln(2)/2, |e^x - 1| > 0.29 and the subtraction loses
		// no more than a bit.
		return Exp(x) - 1
	}
	// |x| <= ln 2 / 2 puts the terms beyond x^13/14! below 2^-60 relative.
	return float64(x * poly13(x, &expm1Coef))
}

// Pow returns x^y for x > 0 as Exp(y Log(x)); 0^y is 0 for y > 0, 1 for
// y = 0 and +Inf for y < 0. It is within a few ulps for moderate |y log x|
// and serves schedules and step-size adaptation, not precise powers.
func Pow(x, y float64) float64 {
	switch {
	case y == 0:
		return 1
	case x == 0 && y > 0:
		return 0
	case x == 0:
		return math.Inf(1)
	}
	return Exp(float64(y * Log(x)))
}

// Sincos returns sin x and cos x for |x| < 2^29 (NaN beyond, and for NaN
// and infinities), to within about an ulp. The argument is reduced by
// π/4 in three parts (Cody and Waite), and the reduced value goes through
// the minimax polynomials of Cephes (Moshier) on [-π/4, π/4], every product
// rounded before it is added so that every machine gives the same bits.
func Sincos(x float64) (sin, cos float64) {
	const (
		pi4a = 7.85398125648498535156e-1 // π/4 in three parts, the first two exact in few bits
		pi4b = 3.77489470793079817668e-8
		pi4c = 2.69515142907905952645e-15
	)
	if x != x || math.Abs(x) >= 1<<29 {
		return math.NaN(), math.NaN()
	}
	sinSign, cosSign := false, false
	if x < 0 {
		x = -x
		sinSign = true
	}
	j := uint64(x * (4 / math.Pi))
	y := float64(j)
	if j&1 == 1 {
		j++
		y++
	}
	j &= 7
	if j > 3 {
		j -= 4
		sinSign, cosSign = !sinSign, !cosSign
	}
	if j > 1 {
		cosSign = !cosSign
	}
	z := ((x - float64(y*pi4a)) - float64(y*pi4b)) - float64(y*pi4c)
	zz := float64(z * z)
	c := 1.0 - float64(0.5*zz) + float64(float64(zz*zz)*polyCos(zz))
	s := z + float64(float64(z*zz)*polySin(zz))
	if j == 1 || j == 2 {
		s, c = c, s
	}
	if cosSign {
		c = -c
	}
	if sinSign {
		s = -s
	}
	return s, c
}

func polySin(zz float64) float64 {
	p := 1.58962301576546568060e-10
	for _, k := range [...]float64{-2.50507477628578072866e-8, 2.75573136213857245213e-6,
		-1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1} {
		p = float64(p*zz) + k
	}
	return p
}

func polyCos(zz float64) float64 {
	p := -1.13585365213876817300e-11
	for _, k := range [...]float64{2.08757008419747316778e-9, -2.75573141792967388112e-7,
		2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2} {
		p = float64(p*zz) + k
	}
	return p
}
