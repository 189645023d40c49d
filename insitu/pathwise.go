package insitu

import (
	"errors"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/nn"
	"github.com/thermoai/thermo/rng"
)

// Pathwise trains a LinearDemon on simulated linear hardware through the
// simulation itself, the white-box counterpart of SPSA: the chains run
// the same split step as Hardware.Moments,
//
//	x ← Φx + f + Lξ,  then  x ← x + h(Kx + b),
//
// from x₀ = 0 for Steps steps, carrying each chain's sensitivity
// S = ∂x/∂θ (forward-mode differentiation: S ← (I + hK)(ΦS) + h ∂(Kx + b)/∂θ),
// and the gradient of the moment loss of the final states,
// ∂L/∂θ = Σ_c Sᵀ ∂L/∂x_c, goes to Adam. The noise of an update is drawn
// from (Seed, update, chain). It needs the hardware's matrices, which a
// real chip would not give: it is what training looks like where the
// loss is differentiable through the simulation. Every product is
// rounded before it is added, so the trained parameters are the same bits
// on every machine.
type Pathwise struct {
	SDE    *engine.LinearSDE // the hardware at the run's temperature
	Dt     float64
	Chains int
	Steps  int
	Seed   uint64
	Opt    *nn.Adam
}

// Train runs updates Adam steps on the parameters theta (K row-major,
// then b) towards target; each, if not nil, gets every update's loss.
func (p *Pathwise) Train(theta []float64, target Target, updates int, each func(k int, loss float64)) error {
	sde := p.SDE
	if err := sde.Check(); err != nil {
		return err
	}
	d := sde.Dim
	np := d*d + d
	if len(theta) != np || p.Chains < 2 || p.Steps < 1 || p.Opt == nil {
		return errors.New("insitu: Pathwise needs d·d+d parameters, 2 chains, a step and an optimiser")
	}
	phi, qh := linalg.VanLoan(sde.A, sde.Q, d, p.Dt)
	l, err := linalg.CholeskyPSD(qh, d)
	if err != nil {
		return err
	}
	f := linalg.Forcing(sde.A, sde.B, d, p.Dt)
	h := p.Dt
	n := p.Chains
	x := make([]float64, n*d)    // chain-major here: x[c*d+i]
	s := make([]float64, n*d*np) // S[c][i][q]
	tmpX, tmpS := make([]float64, d), make([]float64, d*np)
	xi := make([]float64, d)
	grad := make([]float64, np)
	for u := range updates {
		k, b := theta[:d*d], theta[d*d:]
		clear(x)
		clear(s)
		for c := range n {
			ch := rng.NewChain(p.Seed^uint64(u+1)*0x9e3779b97f4a7c15, uint64(c))
			xc, sc := x[c*d:(c+1)*d], s[c*d*np:(c+1)*d*np]
			for range p.Steps {
				for i := range xi {
					xi[i] = ch.Normal64()
				}
				// y = Φx + f + Lξ, and ΦS.
				for i := range d {
					v := f[i]
					for j := range d {
						v += float64(phi[i*d+j]*xc[j]) + float64(l[i*d+j]*xi[j])
					}
					tmpX[i] = v
					for q := range np {
						var w float64
						for j := range d {
							w += float64(phi[i*d+j] * sc[j*np+q])
						}
						tmpS[i*np+q] = w
					}
				}
				// x = y + h(Ky + b); S = (I + hK)ΦS + h ∂(Ky + b)/∂θ.
				for i := range d {
					v := b[i]
					for j := range d {
						v += float64(k[i*d+j] * tmpX[j])
					}
					xc[i] = tmpX[i] + float64(h*v)
					for q := range np {
						w := tmpS[i*np+q]
						for j := range d {
							w += float64(h * k[i*d+j] * tmpS[j*np+q])
						}
						sc[i*np+q] = w
					}
					for j := range d {
						sc[i*np+i*d+j] += float64(h * tmpX[j]) // ∂/∂K_ij
					}
					sc[i*np+d*d+i] += h // ∂/∂b_i
				}
			}
		}
		loss, gx := momentLossGrad(target, x, n, d)
		clear(grad)
		for c := range n {
			for i := range d {
				g := gx[c*d+i]
				row := s[(c*d+i)*np : (c*d+i+1)*np]
				for q, v := range row {
					grad[q] += float64(g * v)
				}
			}
		}
		if err := p.Opt.Step([][]float64{theta}, [][]float64{grad}); err != nil {
			return err
		}
		if each != nil {
			each(u, loss)
		}
	}
	return nil
}

// momentLossGrad returns the moment loss of the n chain-major states x
// against t, and its gradient with respect to every x.
func momentLossGrad(t Target, x []float64, n, d int) (float64, []float64) {
	mean, cov := make([]float64, d), make([]float64, d*d)
	for c := range n {
		for i := range d {
			mean[i] += x[c*d+i] / float64(n)
		}
	}
	for c := range n {
		for i := range d {
			for j := range d {
				cov[i*d+j] += float64((x[c*d+i]-mean[i])*(x[c*d+j]-mean[j])) / float64(n-1)
			}
		}
	}
	loss := t.MomentLoss(mean, cov)
	var den, tr float64
	for i := range t.Cov {
		den += float64(t.Cov[i] * t.Cov[i])
	}
	for i := range d {
		tr += t.Cov[i*d+i]
	}
	g := make([]float64, n*d)
	for c := range n {
		for i := range d {
			var v float64
			for j := range d {
				v += float64((cov[i*d+j] - t.Cov[i*d+j]) * (x[c*d+j] - mean[j]))
			}
			g[c*d+i] = float64(4*v/(den*float64(n-1))) + 2*(mean[i]-t.Mean[i])/(tr*float64(n))
		}
	}
	return loss, g
}
