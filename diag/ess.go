package diag

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/dsp/fourier"
)

// chainScratch is one worker's room: for a chain at a time, a block of
// chains' means, a bucket of scores.
type chainScratch struct {
	chain []float64 // a whole chain's draws
	x     []float64 // a split chain's draws
	y     []float64 // one series of the chain, centred
	r     []float64 // its lag sums
	fft   *fourier.FFT
	buf   []float64
	coef  []complex128
	seq   []float64
	// The chains' means of each series in a block of chains.
	means [nSeries][blockChains]float64
	bits  []uint64  // indicators of a split chain
	bz    []float64 // one bucket of scores
	bi    []uint32  // and their places
}

func newChainScratch(n int) *chainScratch {
	return &chainScratch{x: make([]float64, n), y: make([]float64, n), r: make([]float64, n),
		bits: make([]uint64, n/64+2)}
}

// center writes src minus its mean to dst and returns the mean, computed
// as R's mean (a second pass corrects the first): a constant chain gets
// exactly its value, and zero autocovariances as posterior's
// autocovariance gives it.
func center(dst, src []float64) float64 {
	constant := true
	for _, v := range src[1:] {
		if v != src[0] {
			constant = false
			break
		}
	}
	if constant {
		clear(dst)
		return src[0]
	}
	n := float64(len(src))
	m := sum(src) / n
	t := 0.0
	for _, v := range src {
		t += v - m
	}
	m += t / n
	for i, v := range src {
		dst[i] = v - m
	}
	return m
}

func sum(v []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(v); i += 4 {
		s0 += v[i]
		s1 += v[i+1]
		s2 += v[i+2]
		s3 += v[i+3]
	}
	for ; i < len(v); i++ {
		s0 += v[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// indicator writes (src[i] <= q) minus its mean to dst and returns the
// mean and the count.
func indicator(dst, src []float64, q float64) (float64, int) {
	c := 0
	for _, v := range src {
		if v <= q {
			c++
		}
	}
	m := float64(c) / float64(len(src))
	for i, v := range src {
		if v <= q {
			dst[i] = 1 - m
		} else {
			dst[i] = -m
		}
	}
	return m, c
}

// indicatorLagSums sets r[k-k0], for the lags k in [k0, k1), to the lag
// sums of the indicators x[i] <= q less their mean m, and returns m and
// the count. With J the indicators, or their complement when more than
// half are set (the sums are the same), and P(j) the count of J_i set for
// i < j:
//
//	Σ_i (J_i - m)(J_{i+k} - m) = Σ_i J_i J_{i+k} - m (P(n-k) + P(n) - P(k)) + (n-k) m²
//
// and Σ_i J_i J_{i+k} is the count of set bits of J & (J >> k): 64 draws
// at a time, exact.
func (cs *chainScratch) indicatorLagSums(x []float64, q float64, k0, k1 int, r []float64) (mean float64, count int) {
	n := len(x)
	bits := cs.bits[:n/64+2]
	clear(bits)
	for i := 0; i < n; i += 64 {
		w := uint64(0)
		for j, v := range x[i:min(n, i+64)] {
			b := uint64(0)
			if v <= q {
				b = 1
			}
			w |= b << (j & 63)
		}
		bits[i/64] = w
	}
	prefix := func(j int) int { // P(j)
		c := 0
		for _, w := range bits[:j/64] {
			c += popcount(w)
		}
		if j%64 != 0 {
			c += popcount(bits[j/64] & (1<<(j%64) - 1))
		}
		return c
	}
	count = prefix(n)
	mean = float64(count) / float64(n)
	m, pn := mean, count
	if 2*count > n {
		for i := range bits {
			bits[i] = ^bits[i]
		}
		bits[n/64] &= 1<<(n%64) - 1
		clear(bits[n/64+1:])
		m, pn = 1-mean, n-count
	}
	for k := k0; k < k1; k++ {
		w, b := k/64, uint(k%64)
		pairs := 0
		for i := 0; i+w < len(bits)-1; i++ {
			sh := bits[i+w] >> b
			if b != 0 {
				sh |= bits[i+w+1] << (64 - b)
			}
			pairs += popcount(bits[i] & sh)
		}
		p := float64(prefix(n-k) + pn - prefix(k))
		r[k-k0] = float64(pairs) - float64(m*p) + float64(float64(n-k)*m)*m
	}
	return mean, count
}

// lagSums sets r[k-k0] = Σ_i y[i] y[i+k] for the lags k in [k0, k1),
// four lags at a time: each y[i] is loaded once for four sums that do
// not wait on each other.
func lagSums(y []float64, k0, k1 int, r []float64) {
	n := len(y)
	k := k0
	for ; k+4 <= k1; k += 4 {
		var s0, s1, s2, s3 float64
		yk := y[k:]
		m := n - k - 3 // i < m: all four lags in range
		if m > 0 {
			yk = yk[:m+3]
			for i, a := range y[:m] {
				s0 += a * yk[i]
				s1 += a * yk[i+1]
				s2 += a * yk[i+2]
				s3 += a * yk[i+3]
			}
		}
		for i := max(m, 0); i < n-k; i++ {
			s0 += y[i] * y[i+k]
			if i < n-k-1 {
				s1 += y[i] * y[i+k+1]
			}
			if i < n-k-2 {
				s2 += y[i] * y[i+k+2]
			}
		}
		r[k-k0], r[k-k0+1], r[k-k0+2], r[k-k0+3] = s0, s1, s2, s3
	}
	for ; k < k1; k++ {
		r[k-k0] = dot(y[:n-k], y[k:])
	}
}

// fftLagSums sets r[k] to the lag sums of y at every lag, from an FFT
// of y padded with zeros, scaled as posterior's autocovariance scales its
// own: by the lag-0 sum of squares.
func (cs *chainScratch) fftLagSums(y, r []float64) {
	n := len(y)
	// Any length of at least 2n-1 gives the lag sums without wrapping
	// around; posterior pads to 2 nextn(n), powers of two are faster here.
	l := 1
	for l < 2*n {
		l <<= 1
	}
	if cs.fft == nil || cs.fft.Len() != l {
		cs.fft = fourier.NewFFT(l)
		cs.buf = make([]float64, l)
		cs.seq = make([]float64, l)
		cs.coef = make([]complex128, l/2+1)
	}
	r0 := dot(y, y)
	if r0 == 0 {
		clear(r[:n])
		return
	}
	copy(cs.buf, y)
	clear(cs.buf[n:])
	cs.coef = cs.fft.Coefficients(cs.coef, cs.buf)
	for i, c := range cs.coef {
		re, im := real(c), imag(c)
		cs.coef[i] = complex(re*re+im*im, 0)
	}
	cs.seq = cs.fft.Sequence(cs.seq, cs.coef)
	for k := range n {
		r[k] = cs.seq[k] / cs.seq[0] * r0
	}
}

// geyer returns posterior's .ess from the autocovariances acm at lags
// 0..len(acm)-1, averaged over m chains of n draws, and the variance of
// the chain means; rho is room for n values. It returns ok false when
// Geyer's initial positive sequence runs past the last lag given.
func geyer(acm []float64, n, m int, varMeans float64, rho []float64) (ess float64, ok bool) {
	nf := float64(n)
	meanVar := acm[0] * nf / (nf - 1)
	varPlus := meanVar * (nf - 1) / nf
	if m > 1 {
		varPlus += varMeans
	}
	rho = rho[:n]
	clear(rho)
	rho[0] = 1
	even, odd := 1.0, 1-(meanVar-acm[1])/varPlus
	rho[1] = odd
	t := 0
	for t < n-5 && !math.IsNaN(even+odd) && even+odd > 0 {
		t += 2
		if t+1 >= len(acm) {
			return 0, false
		}
		even = 1 - (meanVar-acm[t])/varPlus
		odd = 1 - (meanVar-acm[t+1])/varPlus
		if even+odd >= 0 {
			rho[t], rho[t+1] = even, odd
		}
	}
	maxT := t
	if even > 0 {
		rho[maxT] = even
	}
	// Geyer's initial monotone sequence.
	for t = 0; t <= maxT-4; {
		t += 2
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}
	// R's sum(rho_hat_t[1:max_t]): 1:0 is c(1, 0), so max_t 0 sums rho[0].
	sum := rho[0]
	for t := 1; t < maxT; t++ {
		sum += rho[t]
	}
	tau := -1 + 2*sum + rho[maxT]
	size := float64(m) * nf
	tau = max(tau, 1/math.Log10(size))
	return size / tau, true
}

// rhat returns posterior's .rhat from the moments of the split chains'
// means and of their variances, each chain of n draws.
func rhat(means, vars moments, n int) float64 {
	nf := float64(n)
	return math.Sqrt((nf*means.variance()/vars.mean + nf - 1) / nf)
}

// moments are the count, mean and sum of squared deviations of some
// values, taken block by block and merged in order (Chan, Golub and
// LeVeque 1979), so that no value needs keeping.
type moments struct{ n, mean, m2 float64 }

// momentsOf computes the moments of v in two passes, the mean corrected
// as R's.
func momentsOf(v []float64) moments {
	if len(v) == 0 {
		return moments{}
	}
	n := float64(len(v))
	s := 0.0
	for _, x := range v {
		s += x
	}
	m := s / n
	t := 0.0
	for _, x := range v {
		t += x - m
	}
	m += t / n
	m2 := 0.0
	for _, x := range v {
		m2 += (x - m) * (x - m)
	}
	return moments{n, m, m2}
}

func (a moments) merge(b moments) moments {
	if a.n == 0 {
		return b
	}
	n := a.n + b.n
	d := b.mean - a.mean
	return moments{n, a.mean + d*(b.n/n), a.m2 + b.m2 + d*d*(a.n*b.n/n)}
}

// variance has the n-1 denominator, as R's var.
func (a moments) variance() float64 { return a.m2 / (a.n - 1) }

// neumaier is a compensated sum (Neumaier's variant of Kahan's).
type neumaier struct{ s, c float64 }

func (a *neumaier) add(v float64) {
	t := a.s + v
	if math.Abs(a.s) >= math.Abs(v) {
		a.c += (a.s - t) + v
	} else {
		a.c += (v - t) + a.s
	}
	a.s = t
}

func (a *neumaier) sum() float64 { return a.s + a.c }

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func popcount(x uint64) int { return bits.OnesCount64(x) }
