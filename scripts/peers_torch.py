#!/usr/bin/env python3
"""peers_torch.py measures PyTorch and numpy doing the work of thermo's
neural-demon workloads, on one thread.

It prints one JSON object like scripts/peers.py, with these results:

    peer/torch/mlp/f32          torch.autograd.grad of the potential: the
                                force -grad_x U on 4096 chains, us/chain
    peer/torch/mlp-train/f32    forward, backward to every parameter of
                                sum U, and an Adam step, us/chain
    peer/numpy/mlp/f32          the force with numpy matmuls (the backward
                                pass written out), us/chain

The network is thermo's demon/mlp/f32: 64 inputs, two hidden layers of
256 with tanh, one output (a scalar potential), float32. numpy's and
PyTorch's matmuls go through the BLAS they load; the script names it.
"""

import argparse
import json
import os
import platform
import sys

DIM, WIDTH, CHAINS = 64, 256, 4096
SEED = 1


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import loaded_blas, time_calls  # noqa: E402  (numpy is imported later)


def best(reps, run):
    return min(run() for _ in range(reps))


def torch_peers(torch, reps, seconds, chains):
    torch.manual_seed(SEED)
    net = torch.nn.Sequential(
        torch.nn.Linear(DIM, WIDTH), torch.nn.Tanh(),
        torch.nn.Linear(WIDTH, WIDTH), torch.nn.Tanh(),
        torch.nn.Linear(WIDTH, 1),
    )
    x = torch.randn(chains, DIM)

    def force():
        xr = x.detach().requires_grad_(True)
        u = net(xr).sum()
        (g,) = torch.autograd.grad(u, xr)
        return -g

    opt = torch.optim.Adam(net.parameters(), lr=1e-9)

    def train():
        opt.zero_grad(set_to_none=True)
        net(x).sum().backward()
        opt.step()

    f = best(reps, lambda: time_calls(seconds, force)) * 1e6 / chains
    t = best(reps, lambda: time_calls(seconds, train)) * 1e6 / chains
    return f, t


def numpy_peer(np, reps, seconds, chains):
    rng = np.random.Generator(np.random.PCG64(SEED))
    f32 = np.float32
    w0 = (rng.standard_normal((WIDTH, DIM)) / np.sqrt(DIM)).astype(f32)
    w1 = (rng.standard_normal((WIDTH, WIDTH)) / np.sqrt(WIDTH)).astype(f32)
    w2 = (rng.standard_normal((1, WIDTH)) / np.sqrt(WIDTH)).astype(f32)
    b0, b1 = np.zeros((WIDTH, 1), f32), np.zeros((WIDTH, 1), f32)
    # Dimension-major, as thermo keeps its chains: x is DIM x chains.
    x = rng.standard_normal((DIM, chains)).astype(f32)
    h0, h1 = np.empty((WIDTH, chains), f32), np.empty((WIDTH, chains), f32)
    g1, g0 = np.empty((WIDTH, chains), f32), np.empty((WIDTH, chains), f32)
    f = np.empty((DIM, chains), f32)

    def force():
        np.matmul(w0, x, out=h0)
        np.add(h0, b0, out=h0)
        np.tanh(h0, out=h0)
        np.matmul(w1, h0, out=h1)
        np.add(h1, b1, out=h1)
        np.tanh(h1, out=h1)
        # dU/dh1 = w2^T (times 1 - h1^2), then down the layers.
        np.multiply(h1, h1, out=g1)
        np.subtract(1, g1, out=g1)
        np.multiply(g1, w2.T, out=g1)
        np.matmul(w1.T, g1, out=g0)
        np.multiply(h0, h0, out=h0)
        np.subtract(1, h0, out=h0)
        np.multiply(g0, h0, out=g0)
        np.matmul(w0.T, g0, out=f)
        np.negative(f, out=f)

    return best(reps, lambda: time_calls(seconds, force)) * 1e6 / chains



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="repetitions per workload, at least 5 (default 5)")
    ap.add_argument("--seconds", type=float, default=0.3, help="timed span of a repeated call (default 0.3)")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script runs")
    args = ap.parse_args()
    reps, chains = max(args.reps, 5), CHAINS
    if args.quick:
        args.seconds, chains = 0.002, 64
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        import numpy as np
    except ImportError as e:
        sys.exit(f"peers_torch.py: {sys.executable} cannot import numpy: {e}")
    results = []

    def add(name, unit, value):
        results.append({"name": name, "unit": unit, "value": value})

    info = {"python": platform.python_version(), "numpy": np.__version__, "threads": 1}
    try:
        import torch
        torch.set_num_threads(1)
        f, t = torch_peers(torch, reps, args.seconds, chains)
        add("peer/torch/mlp/f32", "us/chain", f)
        add("peer/torch/mlp-train/f32", "us/chain", t)
        info["torch"] = torch.__version__
    except ImportError:
        print("peers_torch.py: no torch here (on Debian: apt-get install python3-torch); its rows are skipped", file=sys.stderr)
    add("peer/numpy/mlp/f32", "us/chain", numpy_peer(np, reps, args.seconds, chains))
    info["blas"] = loaded_blas()
    info["results"] = results
    json.dump(info, sys.stdout)
    print()


if __name__ == "__main__":
    main()
