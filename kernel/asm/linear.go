package asm

// The Linear kernels write the force of a diagonal harmonic potential on
// one row (kernel.LinearForce), for the row's stiffness kappa and centre
// mu:
//
//	for i := range f {
//		f[i] = kappa * (mu - x[i])
//	}
//
// the difference rounded before the product.
