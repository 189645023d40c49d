package asm

// The Finite kernels scan a slice for NaNs and infinities
// (kernel.FirstNonFinite). v - v is +0 for finite v and NaN otherwise, so
// a block of four vectors, or of one near the end, is tested with one
// branch on the OR of those differences. A kernel stops at the first block
// that holds a non-finite element and returns its start, the number of
// leading elements found finite; the generic scan then finds the element
// and checks the elements after the last whole vector.
