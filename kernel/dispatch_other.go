//go:build !(amd64 || arm64) || !gc || purego || noasm

package kernel

// Builds without assembly run the generic code on every path.

func stepBAOAB[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	stepBAOABGeneric(x, p, f, xi, n, c, closePrev)
}

func stepBAOABLinear[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool, kappa, mu []F) (ran, nonFinite bool) {
	return false, false
}

func stepULALinear[F Float](x, f, xi []F, n int, c *ULACoef[F], kappa, mu []F) (ran, nonFinite bool) {
	return false, false
}

func kick[F Float](p, f []F, halfH F) {
	kickGeneric(p, f, halfH)
}

func stepULA[F Float](x, f, xi []F, n int, c *ULACoef[F]) {
	stepULAGeneric(x, f, xi, n, c)
}

func stepOU[F Float](x, xi []F, n int, c *OUCoef[F]) {
	stepOUGeneric(x, xi, n, c)
}

func linearForce[F Float](f, x []F, n int, kappa, mu []F) {
	linearForceGeneric(f, x, n, kappa, mu)
}

func denseForce[F Float](f, x []F, n int, j []F, d int) {
	denseForceGeneric(f, x, n, j, d)
}

func firstNonFinite[F Float](x []F) int {
	return firstNonFiniteGeneric(x)
}

func product[F Float](y, x []F, n int, w []F, out, in int, neg bool) {
	productGeneric(y, x, n, w, out, in, neg)
}

func outer[F Float](dw, g, x []F, n, out, in int) {
	outerGeneric(dw, g, x, n, out, in)
}

func biasTanh32(y []float32, n int, b []float32, d []float32) {
	biasTanh32Generic(y, n, b, d)
}
