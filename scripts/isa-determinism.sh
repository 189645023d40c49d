#!/usr/bin/env bash
# Runs the same spec under every kernel path this machine supports
# (THERMO_ISA=generic, avx2, avx512 or neon) and checks that samples.npy is
# byte for byte the same: the determinism contract across instruction sets.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/thermobench" ./cmd/thermobench

paths=$("$bin/thermobench" info | sed -n 's/^paths: *\([^(]*\).*/\1/p' | tr -d ',')
echo "paths usable here: $paths"
status=0
for prec in f32 f64; do
	for integ in baoab ula ou; do
		ref=""
		for p in $paths; do
			out="$bin/$prec-$integ-$p"
			THERMO_ISA=$p "$bin/thermobench" run -quiet -model gaussian -dim 5 -chains 777 \
				-steps 300 -burnin 100 -thin 5 -integrator "$integ" -precision "$prec" -seed 11 -out "$out"
			if [ -z "$ref" ]; then
				ref=$out
			elif cmp -s "$ref/samples.npy" "$out/samples.npy"; then
				echo "ok    $prec $integ: $p = $(basename "$ref" | sed 's/.*-//')"
			else
				echo "FAIL  $prec $integ: $p differs from $(basename "$ref" | sed 's/.*-//')"
				status=1
			fi
		done
	done
done
exit $status
