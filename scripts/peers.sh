#!/usr/bin/env bash
# peers.sh measures thermo's benchmark workloads and their peers in one run
# and prints how much faster thermo is than each peer.
#
# Usage: scripts/peers.sh
#
# It runs "thermobench bench -json -workers 1", so that every workload and
# every peer uses one thread, then the all-workers workload alone on all
# cores for the scaling row, then perf/normpeer (NormFloat64 in a program
# of its own, whose speed does not move with thermo's code) and
# scripts/peers.py for the numpy peers.
# When cmd/thermobench does not build, the Go workloads are measured with
# "go test -bench" on package perf instead, which runs the same code.
#
# Environment:
#   PEERS_PYTHON  a python3 with numpy for the numpy peers (default: the
#                 first of /usr/bin/python3 and python3 on PATH that has it)
#   ALL_WORKERS   workers of baoab/f32/all-workers (default: nproc)
#   REPS          repetitions of each workload, the best kept (default: 5)
set -euo pipefail

die() {
	echo "peers.sh: $*" >&2
	exit 1
}
note() { echo "peers.sh: $*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

command -v go >/dev/null || die "go is not on PATH"
py=$(command -v python3) || die "python3 is not on PATH; it reads and tabulates the JSON results"
all_workers=${ALL_WORKERS:-$(nproc 2>/dev/null || echo 1)}
reps=${REPS:-5}
[[ $all_workers =~ ^[1-9][0-9]*$ ]] || die "ALL_WORKERS must be a positive integer, got '$all_workers'"
[[ $reps =~ ^[1-9][0-9]*$ ]] && ((reps >= 5)) || die "REPS must be an integer of at least 5, got '$reps'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gotest_json runs the perf benchmarks matching $2 with GOMAXPROCS $1 and
# writes the results in the form of "thermobench bench -json".
gotest_json() {
	local procs=$1 pattern=$2 out=$3
	go test -run '^$' -bench "BenchmarkWorkloads/$pattern" -benchtime "${reps}x" -cpu "$procs" ./perf/ >"$tmp/gotest.txt" ||
		{ cat "$tmp/gotest.txt" >&2; die "go test -bench ./perf/ failed"; }
	"$py" - "$tmp/gotest.txt" "$procs" >"$out" <<-'EOF'
		import json, re, sys
		cpu, results = "", []
		for line in open(sys.argv[1]):
		    if line.startswith("cpu:"):
		        cpu = line.split(":", 1)[1].strip()
		    m = re.match(r"BenchmarkWorkloads/(\S+?)(?:-\d+)?\s+\d+\s+(.*)", line)
		    if not m:
		        continue
		    f = m.group(2).split()
		    for value, unit in zip(f[0::2], f[1::2]):
		        if unit != "ns/op":
		            results.append({"name": m.group(1), "unit": unit, "value": float(value)})
		if not results:
		    sys.exit("peers.sh: no benchmark results in the go test output")
		json.dump({"cpu": cpu, "isa": "(see thermobench info)", "workers": int(sys.argv[2]), "results": results}, sys.stdout)
	EOF
}

echo "peers.sh: measuring thermo and its Go peers on one worker (a minute or less)..." >&2
if go build -o "$tmp/thermobench" ./cmd/thermobench 2>"$tmp/build.txt"; then
	"$tmp/thermobench" bench -json -workers 1 -reps "$reps" >"$tmp/ours.json" ||
		die "thermobench bench -workers 1 failed"
	if ((all_workers > 1)); then
		echo "peers.sh: measuring baoab/f32/all-workers on $all_workers workers..." >&2
		"$tmp/thermobench" bench -json -workers "$all_workers" -reps "$reps" \
			-filter '^baoab/f32/all-workers$' >"$tmp/all.json" ||
			die "thermobench bench -workers $all_workers failed"
	fi
else
	note "cmd/thermobench does not build; measuring with go test -bench ./perf/ instead:"
	sed 's/^/    /' "$tmp/build.txt" | head -n 5 >&2
	gotest_json 1 '' "$tmp/ours.json"
	if ((all_workers > 1)); then
		echo "peers.sh: measuring baoab/f32/all-workers on $all_workers workers..." >&2
		gotest_json "$all_workers" 'baoab/f32/all-workers$' "$tmp/all.json"
	fi
fi

echo "peers.sh: measuring NormFloat64 in a program of its own..." >&2
go run ./perf/normpeer -reps "$reps" >"$tmp/alone.json" || die "go run ./perf/normpeer failed"

# The numpy peers need a python with numpy; any python will do above.
numpy_py=""
for cand in ${PEERS_PYTHON:-} /usr/bin/python3 "$py"; do
	if [[ -x $cand ]] && "$cand" -c 'import numpy' 2>/dev/null; then
		numpy_py=$cand
		break
	fi
done
if [[ -n $numpy_py ]]; then
	echo "peers.sh: measuring the numpy peers with $numpy_py..." >&2
	"$numpy_py" scripts/peers.py --threads 1 --reps "$reps" >"$tmp/numpy.json" ||
		die "scripts/peers.py failed"
else
	note "no python3 with numpy found (tried ${PEERS_PYTHON:+$PEERS_PYTHON, }/usr/bin/python3, $py);" \
		"the numpy rows are skipped (on Debian: apt-get install python3-numpy)"
fi

if [[ -n $numpy_py ]]; then
	# The MLP peers: PyTorch (python3-torch) and numpy, with the BLAS free
	# to pick its own kernels for this core.
	echo "peers.sh: measuring the PyTorch and numpy MLP peers (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)..." >&2
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$numpy_py" scripts/peers_torch.py --reps "$reps" >"$tmp/torch.json" ||
		die "scripts/peers_torch.py failed"
fi

"$py" - "$tmp" <<-'EOF'
	import json, os, sys

	tmp = sys.argv[1]

	def load(name):
	    path = os.path.join(tmp, name)
	    return json.load(open(path)) if os.path.exists(path) else None

	ours, allw, numpy, torch = load("ours.json"), load("all.json"), load("numpy.json"), load("torch.json")
	res = {r["name"]: r for r in ours["results"]}
	res.update({r["name"]: r for r in load("alone.json")["results"]})
	if allw:
	    res.update({r["name"]: r for r in allw["results"]})
	    all_workers = allw["workers"]
	else:
	    all_workers = ours["workers"]
	if numpy:
	    res.update({r["name"]: r for r in numpy["results"]})
	if torch:
	    res.update({r["name"]: r for r in torch["results"]})

	def num(r):
	    return f'{r["value"]:.4g}'

	print(f'cpu: {ours["cpu"]}, kernel path: {ours["isa"]}')
	print(f'every workload on one worker or thread, except baoab/f32/all-workers on {all_workers}')
	if numpy:
	    blas = ", ".join(numpy.get("blas") or ["unknown"])
	    print(f'numpy {numpy["numpy"]} (python {numpy["python"]}), BLAS {blas}, {numpy["threads"]} thread(s)')
	    if not any(k in blas.lower() for k in ("openblas", "mkl", "blis")):
	        print("note: numpy uses the reference BLAS here, not OpenBLAS; its matmul row measures that")
	if torch:
	    print(f'torch {torch.get("torch", "(absent)")}, MLP peers loading {", ".join(torch.get("blas") or ["unknown"])}, 1 thread')
	def table(rows):
	    """Prints rows of cells with the columns aligned; numbers go right."""
	    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
	    for r in rows:
	        cells = [c.rjust(w) if c[:1].isdigit() else c.ljust(w) for c, w in zip(r, widths)]
	        print("  " + "  ".join(cells).rstrip())

	print()
	print("results (best of the repetitions)")
	table([[r["name"], num(r), r["unit"]]
	       for r in sorted(res.values(), key=lambda r: (r["name"].startswith("peer/"), r["name"]))])

	pairs = [
	    ("normal/f64", ["peer/rand-v2/normfloat64", "peer/rand-v2/normfloat64-alone", "peer/rand-v2/normfloat64-chacha8", "peer/numpy/standard-normal/f64"]),
	    ("normal/f32", ["peer/rand-v2/normfloat64", "peer/rand-v2/normfloat64-alone", "peer/rand-v2/normfloat64-chacha8", "peer/numpy/standard-normal/f32"]),
	    ("baoab/f32", ["peer/go-loop/baoab/f32", "peer/numpy/baoab/f32"]),
	    ("baoab/f64", ["peer/go-loop/baoab/f64", "peer/numpy/baoab/f64"]),
	    ("demon/gemm/f32/d64", ["peer/gonum/sgemm/d64", "peer/numpy/matmul/f32/d64"]),
	    ("demon/mlp/f32", ["peer/torch/mlp/f32", "peer/numpy/mlp/f32"]),
	    ("demon/mlp-train/f32", ["peer/torch/mlp-train/f32"]),
	]

	def speedup(a, b):
	    """How many times faster a is than b."""
	    if a["unit"] != b["unit"]:
	        sys.exit(f'peers.sh: cannot compare {a["name"]} in {a["unit"]} with {b["name"]} in {b["unit"]}')
	    if a["value"] <= 0 or b["value"] <= 0:
	        return None
	    return a["value"] / b["value"] if a["unit"] == "GFLOP/s" else b["value"] / a["value"]

	def verdict(s):
	    if s is None:
	        return "n/a (non-positive value)"
	    return f"ours is {s:.2f}x faster" if s >= 1 else f"ours is {1 / s:.2f}x slower"

	rows = [["ours", "", "", "peer", "", "", "ratio"]]
	missing = []
	for name, peers in pairs:
	    if name not in res:
	        missing.append(name)
	        continue
	    a = res[name]
	    for p in peers:
	        if p not in res:
	            missing.append(p)
	            continue
	        b = res[p]
	        rows.append([name, num(a), a["unit"], p, num(b), b["unit"], verdict(speedup(a, b))])
	one, many = res.get("baoab/f32"), res.get("baoab/f32/all-workers")
	if one and many:
	    s = speedup(many, one)
	    scaling = "n/a" if s is None else f"{s:.1f}x on {all_workers} worker{'s' * (all_workers != 1)} ({100 * s / all_workers:.0f}% parallel efficiency)"
	    rows.append([many["name"], num(many), many["unit"], "baoab/f32 (one worker)", num(one), one["unit"], scaling])
	prod, peak = res.get("demon/mlp/f32/products"), res.get("peak/fma/f32")
	if prod and peak and peak["value"] > 0:
	    rows.append([prod["name"], num(prod), prod["unit"], peak["name"], num(peak), peak["unit"],
	                 f'{100 * prod["value"] / peak["value"]:.0f}% of the measured peak'])
	print()
	table(rows)
	if missing:
	    print()
	    print("not measured: " + ", ".join(sorted(set(missing))))
EOF
