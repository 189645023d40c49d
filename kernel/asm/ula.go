package asm

// The ULA kernels apply to one row an Euler-Maruyama step of overdamped
// Langevin dynamics (kernel.StepULA), for the row's drift factor a = h/gamma
// and noise scale s:
//
//	for i := range x {
//		x[i] = (x[i] + a*f[i]) + s*xi[i]
//	}
//
// with every product rounded before it is added.
