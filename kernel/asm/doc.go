// Package asm holds the assembly row kernels behind package kernel.
//
// A row is the n chains of one dimension of a dimension-major shard: every
// coefficient of the row is a scalar broadcast over the vector lanes. Each
// kernel advances the whole vectors of a row, the first len(x) elements
// rounded down to its vector width, returns that count, and leaves the
// rest of the row to the generic Go code in package kernel; the other
// slices must be at least that long, or the kernel panics.
//
// Each kernel rounds every product before adding it, in the operation order
// of the generic code, so that its results match the generic code bit for
// bit (NaN payloads aside): multiplies and adds are separate instructions,
// never fused.
//
// Names give the step, the precision and the path: BAOAB32AVX512 is the
// BAOAB step on float32 with AVX-512. A kernel may only be called where
// its path can run, as kernel.Check tells. The files that define kernels
// register their kernel families with package isa.
package asm

// The amd64 layer kernels (product_amd64.s, outer_amd64.s, act_amd64.s) and
// their Go declarations (the *_stubs_amd64.go files) are written by the
// generator in _gen, a module of its own; the wrappers that call them are
// hand-written.
//
//go:generate go run -C _gen . -out ..
