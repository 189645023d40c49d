package rng

import "math"

// The package's output must be the same on every machine, but the
// last bit of math.Exp and math.Log is not: it depends on the
// architecture and, for math.Exp on amd64, on whether the CPU has FMA.
// portableExp and portableLog use only operations whose results IEEE
// 754 defines exactly (+, -, *, /, sqrt, scaling by powers of two),
// each product rounded by an explicit conversion so that the compiler
// cannot fuse it into a multiply-add on FMA targets. Vector code can
// reproduce them operation for operation.

// ln2Hi + ln2Lo is ln 2, split so that k*ln2Hi is exact for |k| < 2^20.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)

// mulAdd returns a*b + c with the product rounded before the
// addition, on every target.
func mulAdd(a, b, c float64) float64 {
	return float64(a*b) + c
}

// poly13 evaluates c[0] + c[1]t + … + c[13]t^13 by Estrin's scheme,
// whose independent products shorten the dependency chain that
// Horner's rule would make. The order of operations is fixed, so the
// result is too.
func poly13(t float64, c *[14]float64) float64 {
	t2 := float64(t * t)
	t4 := float64(t2 * t2)
	t8 := float64(t4 * t4)
	a0 := mulAdd(c[1], t, c[0])
	a1 := mulAdd(c[3], t, c[2])
	a2 := mulAdd(c[5], t, c[4])
	a3 := mulAdd(c[7], t, c[6])
	a4 := mulAdd(c[9], t, c[8])
	a5 := mulAdd(c[11], t, c[10])
	a6 := mulAdd(c[13], t, c[12])
	b0 := mulAdd(a1, t2, a0)
	b1 := mulAdd(a3, t2, a2)
	b2 := mulAdd(a5, t2, a4)
	d0 := mulAdd(b1, t4, b0)
	d1 := mulAdd(a6, t4, b2)
	return mulAdd(d1, t8, d0)
}

// atanhCoef holds 1/(2j+1), the Taylor coefficients of
// atanh(s)/s = 1 + s²/3 + s⁴/5 + … in powers of s², and expCoef
// holds 1/n!, those of e^r; each is rounded once to float64.
var (
	atanhCoef = [14]float64{
		1, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13,
		1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23, 1.0 / 25, 1.0 / 27,
	}
	expCoef = [14]float64{
		1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
		1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
		1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
	}
)

// portableLog returns the natural logarithm of a positive normal x,
// within a few ulps.
func portableLog(x float64) float64 {
	// x = 2^e m with m in (1/√2, √2], read from the bits of x.
	b := math.Float64bits(x)
	e := int(b>>52) - 1023
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52)
	if m > math.Sqrt2 {
		m *= 0.5
		e++
	}
	// log m = 2 atanh(s) with s = (m-1)/(m+1). |s| <= 0.1716 puts
	// the terms beyond s^27/27 below 2^-70 relative to s.
	s := (m - 1) / (m + 1)
	p := poly13(float64(s*s), &atanhCoef)
	fe := float64(e)
	return float64(fe*ln2Hi) + (float64(fe*ln2Lo) + float64(2*s*p))
}

// portableExp returns e^x for |x| < 700, within a few ulps.
func portableExp(x float64) float64 {
	// x = k ln 2 + r with |r| <= ln 2 / 2 (to within rounding), which
	// puts the terms beyond r^13/13! below 2^-57.
	k := math.Floor(x/math.Ln2 + 0.5)
	r := (x - float64(k*ln2Hi)) - float64(k*ln2Lo)
	return poly13(r, &expCoef) * pow2(int64(k))
}

// pow2 returns 2^k for -1022 <= k <= 1023, built from its bits.
//
// It stands in for math.Ldexp(p, k) in portableExp. There |x| < 700
// gives |k| <= 1010, so 2^k is a normal float64, and p = Q(r) lies in
// [0.70, 1.42]: p·2^k lies in [2^-1011, 2^1011), a normal number with
// the significand of p, so the product is exact and equal to the
// result of math.Ldexp, which is p·2^k exactly whenever that is a
// normal number. The product rounds nothing on any target.
func pow2(k int64) float64 {
	return math.Float64frombits(uint64(k+1023) << 52)
}
