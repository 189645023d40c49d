package asm

// The BAOAB kernels apply to one row, for h/2 = hh, h/(2 m_k) = a and the
// O-step coefficients c1 and c2 of the row's dimension, the B, A, O and A
// parts of a step of underdamped Langevin dynamics (kernel.StepBAOAB):
//
//	for i := range x {
//		pi, xv, fi := p[i], x[i], f[i]
//		if closePrev {
//			pi = pi + hh*fi
//		}
//		pi = pi + hh*fi
//		xv = xv + a*pi
//		pi = c1*pi + c2*xi[i]
//		xv = xv + a*pi
//		p[i], x[i] = pi, xv
//	}
//
// with every product rounded before it is added.
