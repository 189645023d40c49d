package asm

// The activation kernels add a bias to each row of a layer's product and
// apply tanh in place (kernel.BiasTanh32, whose generic code is the
// specification), keeping the derivative 1 - y² when asked. They do the
// first m = n rounded down to the vector width chains of every row and
// leave the rest to the generic code.

// TanhConsts holds the constants of the float32 tanh, each repeated over a
// 64-byte vector: the clamp c and -c, the numerator's coefficients a13 to
// a1, the denominator's b6 to b0, and 1. package kernel fills it from the
// same constants as its generic code.
var TanhConsts [14][16]float32

// SetTanhConsts fills TanhConsts from the 14 values in that order.
func SetTanhConsts(v [14]float32) {
	for i, c := range v {
		for l := range TanhConsts[i] {
			TanhConsts[i][l] = c
		}
	}
}
