package kernel

// The dispatchers below route each kernel to the path chosen in current.
// Only the generic path exists so far; assembly paths add cases here.

func stepBAOAB[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	stepBAOABGeneric(x, p, f, xi, n, c, closePrev)
}

func stepULA[F Float](x, f, xi []F, n int, c *ULACoef[F]) {
	stepULAGeneric(x, f, xi, n, c)
}

func stepOU[F Float](x, xi []F, n int, c *OUCoef[F]) {
	stepOUGeneric(x, xi, n, c)
}
