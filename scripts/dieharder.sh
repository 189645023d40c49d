#!/usr/bin/env bash
# Feeds the raw stream of one chain (thermobench rng -raw) to dieharder's
# reliable tests and prints a one-line verdict per test. Slow (minutes per
# test), so it is not part of the default test run.
#
#   scripts/dieharder.sh            a quick selection
#   scripts/dieharder.sh all        dieharder -a (all tests; about an hour)
#   SEED=5 CHAIN=3 scripts/dieharder.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dieharder >/dev/null 2>&1; then
	echo "dieharder is not installed: apt-get install -y dieharder" >&2
	exit 1
fi
seed=${SEED:-1}
chain=${CHAIN:-0}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/thermobench" ./cmd/thermobench

# dieharder's numbering: 0 birthdays, 1 operm5, 2 rank 32x32, 3 rank 6x8,
# 4 bitstream, 8 count-1s (stream), 10 parking lot, 11 2d sphere,
# 12 3d sphere, 13 squeeze, 15 runs, 16 craps, 100 sts monobit,
# 101 sts runs, 200 rgb bitdist, 201 minimum distance, 203 lagged sums,
# 205 DAB bytedistrib, 206 DAB DCT, 207 DAB fill tree, 209 DAB monobit 2.
# Tests 5, 6, 7 and 9 are documented by dieharder as unreliable, and 201
# (rgb_minimum_distance) at its default tuple size fails for every
# generator in Debian's dieharder 3.31.1, its own mt19937 and AES_OFB
# included, so they are left out.
tests=(0 1 2 3 4 8 10 11 12 13 15 16 100 101 200 203 205 206 207 209)
if [ "${1:-}" = all ]; then
	"$bin/thermobench" rng -raw -seed "$seed" -chain "$chain" | dieharder -g 200 -a
	exit
fi
fails=0
for t in "${tests[@]}"; do
	line=$("$bin/thermobench" rng -raw -seed "$seed" -chain "$chain" | dieharder -g 200 -d "$t" 2>&1 | grep -E 'PASSED|WEAK|FAILED' || true)
	echo "$line"
	case "$line" in *FAILED*) fails=$((fails + 1)) ;; esac
done
echo "dieharder: $((${#tests[@]} - fails)) passed, $fails failed (WEAK is expected now and then at the 0.5% level)"
[ "$fails" = 0 ]
