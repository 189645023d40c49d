package asm

// The OU kernels apply to one row the exact Ornstein-Uhlenbeck transition
// (kernel.StepOU), for the row's centre mu, decay a and noise scale s:
//
//	for i := range x {
//		x[i] = (mu + a*(x[i]-mu)) + s*xi[i]
//	}
//
// with every product rounded before it is added.
