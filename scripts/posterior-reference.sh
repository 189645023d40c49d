#!/bin/sh
# Regenerates diag/testdata: fixed draws (numpy, seeded) and the
# summaries R's posterior package computes from them, which
# diag/reference_test.go checks without R.
#
# Needs python3 with numpy ($PYTHON if set) and R with posterior (Debian:
# python3-numpy, r-cran-posterior). Run from anywhere:
#
#	scripts/posterior-reference.sh
#	PYTHON=/usr/bin/python3 scripts/posterior-reference.sh
set -eu
cd "$(dirname "$0")/.."
out=diag/testdata
mkdir -p "$out"

"${PYTHON:-python3}" - "$out" <<'PY'
import sys
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(20240611)


def ar1(chains, draws, rho, means=0.0, innov=None):
    """AR(1) chains started in their stationary law, mean means[c]."""
    means = np.broadcast_to(np.asarray(means, dtype=float), (chains,))
    e = innov if innov is not None else rng.standard_normal((chains, draws))
    x = np.empty((chains, draws))
    x[:, 0] = e[:, 0]
    s = np.sqrt(1 - rho * rho)
    for t in range(1, draws):
        x[:, t] = rho * x[:, t - 1] + s * e[:, t]
    return x + means[:, None]


def save(name, dims, dtype=np.float64):
    a = np.stack(dims, axis=-1).astype(dtype)  # [chains, draws, dim]
    np.save(f"{out}/{name}.npy", a)


# 8 chains x 200 draws: chains apart (R-hat well above 1), heavy tails
# around a large offset, antithetic chains, many ties.
c, n = 8, 200
save("mixed", [
    ar1(c, n, 0.9, means=0.4 * np.arange(c)),
    100 + 10 * ar1(c, n, 0.5, innov=rng.standard_t(2.5, (c, n))),
    ar1(c, n, -0.7),
    np.round(1.5 * ar1(c, n, 0.5)),
])
# 4 chains x 201 draws in float32: the middle draw left out of split
# chains; slow mixing that needs lags past the direct sums.
c, n = 4, 201
save("odd32", [
    ar1(c, n, 0.97, means=[0, 0, 0.5, 0]),
    rng.standard_normal((c, n)),
    rng.exponential(2.0, (c, n)),
], np.float32)
# 4 chains x 1000 draws: very slow mixing, the FFT over all lags.
c, n = 4, 1000
save("long", [ar1(c, n, 0.995), ar1(c, n, 0.3)])
# One chain.
save("onechain", [ar1(1, 100, 0.8), rng.standard_normal((1, 100))])
# 7 draws: split chains of 3, the shortest posterior gives an ESS for.
c, n = 3, 7
save("short", [rng.standard_normal((c, n)), np.repeat(np.arange(c, dtype=float)[:, None], n, 1)])
# Constant draws; draws whose 95% quantile is their maximum (the
# indicator x <= q95 is constant).
c, n = 4, 50
x = rng.standard_normal((c, n))
x[rng.random((c, n)) < 0.1] = 5.0
save("constant", [np.full((c, n), 1.5), x])
# Fewer draws than posterior's diagnostics need.
for draws in (1, 2, 3, 4, 5):
    save(f"draws{draws}", [rng.standard_normal((4, draws))])
save("single", [np.array([[0.25]])])
PY

numpy=$("${PYTHON:-python3}" -c 'import numpy; print(numpy.__version__)')
Rscript scripts/posterior-reference.R "$out" "$numpy"
