#!/usr/bin/env python3
"""peers.py measures numpy doing the work of thermo's benchmark workloads.

It prints one JSON object,

    {"python": ..., "numpy": ..., "threads": ..., "results": [
        {"name": ..., "unit": ..., "value": ...}, ...]}

with results in the units of perf.Bench, each the best of several
repetitions (the least time, the greatest rate), so that scripts/peers.sh
can set them against thermo's:

    peer/numpy/standard-normal/f64   Generator(PCG64).standard_normal, 16384 draws
    peer/numpy/standard-normal/f32   the same with dtype=np.float32
    peer/numpy/baoab/f32, .../f64    vectorised BAOAB, 4096 chains x 16 dims,
                                     U = |x|^2/2, 200 steps, dt 0.05,
                                     friction 1, mass 1, kT 1
    peer/numpy/matmul/f32/d64        J @ X, 64x64 by 64x4096 float32, through
                                     numpy's BLAS

--threads caps the BLAS threads; it must take effect before numpy is
imported, so numpy is imported only once the arguments are parsed.
"""

import argparse
import json
import math
import os
import platform
import sys
import time

# The workloads' sizes match those of package perf.
NORMAL_DRAWS = 16 * 1024
BAOAB_DIMS, BAOAB_CHAINS, BAOAB_STEPS = 16, 4096, 200
GEMM_DIM, GEMM_CHAINS = 64, 4096
DT, FRICTION, MASS, KT = 0.05, 1.0, 1.0, 1.0
SEED = 1


def repeat(seconds, f):
    """Calls f for at least seconds; returns (elapsed seconds, calls)."""
    start = time.perf_counter()
    calls = 0
    while True:
        f()
        calls += 1
        t = time.perf_counter() - start
        if t >= seconds:
            return t, calls


def time_calls(seconds, f):
    """Warms f up for a tenth of seconds, then returns its time per call."""
    repeat(seconds / 10, f)
    t, calls = repeat(seconds, f)
    return t / calls


def best(reps, higher_is_better, run):
    vals = [run() for _ in range(reps)]
    return max(vals) if higher_is_better else min(vals)


def standard_normal(np, dtype, seconds):
    rng = np.random.Generator(np.random.PCG64(SEED))
    out = np.empty(NORMAL_DRAWS, dtype=dtype)
    # Filling a preallocated buffer, as thermo does, leaves allocation out.
    per_call = time_calls(seconds, lambda: rng.standard_normal(dtype=dtype, out=out))
    return per_call * 1e9 / NORMAL_DRAWS


def baoab(np, dtype, steps=BAOAB_STEPS):
    """Runs the harmonic BAOAB workload once; returns ns per element-step."""
    h, m, g = DT, MASS, FRICTION
    half_h = dtype(h / 2)
    a = dtype(h / (2 * m))
    c1 = dtype(math.exp(-g * h / m))
    c2 = dtype(math.sqrt(KT * m * -math.expm1(-2 * g * h / m)))

    rng = np.random.Generator(np.random.PCG64(SEED))
    shape = (BAOAB_DIMS, BAOAB_CHAINS)
    x = rng.standard_normal(shape, dtype=dtype)
    p = rng.standard_normal(shape, dtype=dtype) * dtype(math.sqrt(KT * m))
    f = -x
    xi = np.empty(shape, dtype=dtype)
    tmp = np.empty(shape, dtype=dtype)

    # In-place operations with preallocated temporaries: numpy written for
    # speed, not the allocating one-liners.
    def step():
        np.multiply(f, half_h, out=tmp)
        np.add(p, tmp, out=p)
        np.multiply(p, a, out=tmp)
        np.add(x, tmp, out=x)
        rng.standard_normal(dtype=dtype, out=xi)
        np.multiply(p, c1, out=p)
        np.multiply(xi, c2, out=xi)
        np.add(p, xi, out=p)
        np.multiply(p, a, out=tmp)
        np.add(x, tmp, out=x)
        np.negative(x, out=f)
        np.multiply(f, half_h, out=tmp)
        np.add(p, tmp, out=p)

    for _ in range(min(steps, 2)):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    t = time.perf_counter() - start
    return t * 1e9 / (BAOAB_CHAINS * BAOAB_DIMS * steps)


def matmul(np, seconds):
    rng = np.random.Generator(np.random.PCG64(SEED))
    j = rng.standard_normal((GEMM_DIM, GEMM_DIM), dtype=np.float32)
    x = rng.standard_normal((GEMM_DIM, GEMM_CHAINS), dtype=np.float32)
    f = np.empty((GEMM_DIM, GEMM_CHAINS), dtype=np.float32)
    per_call = time_calls(seconds, lambda: np.matmul(j, x, out=f))
    return 2 * GEMM_DIM * GEMM_DIM * GEMM_CHAINS / (per_call * 1e9)


def loaded_blas():
    """Returns the paths of the BLAS libraries mapped into this process.

    numpy's own build information names the library it was linked against,
    not the one the dynamic linker resolved (Debian switches libblas.so.3
    between the reference BLAS and OpenBLAS by alternatives), so the memory
    map is the authority. It is empty where there is no /proc.
    """
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                name = os.path.basename(path).lower()
                if "blas" in name or "mkl" in name or "blis" in name:
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="repetitions per workload, at least 5 (default 5)")
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads for matmul (default 1)")
    ap.add_argument("--seconds", type=float, default=0.05, help="timed span of a repeated call (default 0.05)")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script runs")
    args = ap.parse_args()
    reps = max(args.reps, 5)

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    try:
        import numpy as np
    except ImportError as e:
        sys.exit(f"peers.py: {sys.executable} cannot import numpy: {e}")

    steps = BAOAB_STEPS
    if args.quick:
        reps, args.seconds, steps = 5, 0.002, 4

    results = []

    def add(name, unit, value):
        results.append({"name": name, "unit": unit, "value": value})

    for label, dtype in (("f64", np.float64), ("f32", np.float32)):
        add(f"peer/numpy/standard-normal/{label}", "ns/sample",
            best(reps, False, lambda: standard_normal(np, dtype, args.seconds)))
    for label, dtype in (("f32", np.float32), ("f64", np.float64)):
        add(f"peer/numpy/baoab/{label}", "ns/element-step",
            best(reps, False, lambda: baoab(np, dtype, steps)))
    add("peer/numpy/matmul/f32/d64", "GFLOP/s", best(reps, True, lambda: matmul(np, args.seconds)))

    json.dump({
        "python": platform.python_version(),
        "numpy": np.__version__,
        "threads": args.threads,
        "blas": loaded_blas(),
        "results": results,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
