package kernel

import "github.com/thermoai/thermo/rng"

// StepBAOABNoise is StepBAOAB with the noise drawn from the chains' own
// streams s: bit for bit the same as rng.FillNormal(xi, s) followed by
// StepBAOAB(x, p, f, xi, n, c, closePrev). xi is scratch of length dim*n,
// which paths that keep the noise in registers leave untouched.
func StepBAOABNoise[F Float](x, p, f, xi []F, s *rng.Streams, n int, c *BAOABCoef[F], closePrev bool) {
	rng.FillNormal(xi, s)
	StepBAOAB(x, p, f, xi, n, c, closePrev)
}

// StepBAOABLinearNoise is StepBAOABLinear with the noise drawn from the
// chains' own streams s, as StepBAOABNoise.
func StepBAOABLinearNoise[F Float](x, p, f, xi []F, s *rng.Streams, n int, c *BAOABCoef[F], closePrev bool, kappa, mu []F) (nonFinite bool) {
	rng.FillNormal(xi, s)
	return StepBAOABLinear(x, p, f, xi, n, c, closePrev, kappa, mu)
}

// StepULANoise is StepULA with the noise drawn from s, as StepBAOABNoise.
func StepULANoise[F Float](x, f, xi []F, s *rng.Streams, n int, c *ULACoef[F]) {
	rng.FillNormal(xi, s)
	StepULA(x, f, xi, n, c)
}

// StepULALinearNoise is StepULALinear with the noise drawn from s, as
// StepBAOABNoise.
func StepULALinearNoise[F Float](x, f, xi []F, s *rng.Streams, n int, c *ULACoef[F], kappa, mu []F) (nonFinite bool) {
	rng.FillNormal(xi, s)
	return StepULALinear(x, f, xi, n, c, kappa, mu)
}

// StepOUNoise is StepOU with the noise drawn from s, as StepBAOABNoise.
func StepOUNoise[F Float](x, xi []F, s *rng.Streams, n int, c *OUCoef[F]) {
	rng.FillNormal(xi, s)
	StepOU(x, xi, n, c)
}
