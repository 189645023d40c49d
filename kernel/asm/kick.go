package asm

// The Kick kernels apply the B part of a BAOAB step, p = p + (h/2) f, with
// hh = h/2, to any stretch of momenta (kernel.Kick):
//
//	for i := range p {
//		p[i] = p[i] + hh*f[i]
//	}
//
// with the product rounded before it is added. The Kick kernels belong to
// the BAOAB kernel families.
