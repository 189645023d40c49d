package rng

// uniform32 maps the high 24 bits of r to [0, 1); every value is
// exactly representable.
func uniform32(r uint32) float32 {
	return float32(r>>8) * 0x1p-24
}

// uniform64 maps the high 53 bits of r to [0, 1); every value is
// exactly representable.
func uniform64(r uint64) float64 {
	return float64(r>>11) * 0x1p-53
}

// uniformOpen64 maps the high 53 bits of r to (0, 1], so that its
// logarithm is finite.
func uniformOpen64(r uint64) float64 {
	return float64(r>>11+1) * 0x1p-53
}

// exp32 returns -log(1-U) for the 24-bit uniform U of r, evaluated in
// float64 and rounded once to float32. 1-U is exact.
func exp32(r uint32) float32 {
	u := float64(r>>8) * 0x1p-24
	// Subtracting from zero rather than negating makes U = 0 give
	// +0 instead of -0.
	return float32(0 - portableLog(1-u))
}

// exp64 returns -log(1-U) for the 53-bit uniform U of r. 1-U is exact.
func exp64(r uint64) float64 {
	return 0 - portableLog(1-uniform64(r))
}
