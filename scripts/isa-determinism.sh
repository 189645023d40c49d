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
	for run in gaussian:baoab gaussian:ula gaussian:ou coupled:baoab coupled:ou rc:ou linear:ou double-well:ula gmm:baoab; do
		model=${run%:*} integ=${run#*:}
		ref=""
		for p in $paths; do
			out="$bin/$prec-$model-$integ-$p"
			THERMO_ISA=$p "$bin/thermobench" run -quiet -model "$model" -dim 9 -chains 777 \
				-steps 300 -burnin 100 -thin 5 -dt 0.01 -integrator "$integ" -precision "$prec" -seed 11 -out "$out"
			if [ -z "$ref" ]; then
				ref=$out
			elif cmp -s "$ref/samples.npy" "$out/samples.npy"; then
				echo "ok    $prec $model $integ: $p = ${ref##*-}"
			else
				echo "FAIL  $prec $model $integ: $p differs from ${ref##*-}"
				status=1
			fi
		done
	done
done
exit $status
