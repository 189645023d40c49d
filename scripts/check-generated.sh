#!/usr/bin/env bash
# Regenerates the generated amd64 kernels of kernel/asm (go generate runs
# the avo generator in kernel/asm/_gen) and fails if the files written
# differ from the committed ones, or if it wrote a file git does not track.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== the generated kernels of kernel/asm match their generator"
go generate ./kernel/asm/

status=0
if ! git --no-pager diff --exit-code --stat -- kernel/asm; then
	echo "kernel/asm: the generated files differ from the generator's output; run go generate ./kernel/asm/ and commit them"
	status=1
fi
untracked=$(git ls-files --others --exclude-standard -- kernel/asm)
if [ -n "$untracked" ]; then
	echo "kernel/asm: files not in git:"; echo "$untracked"
	status=1
fi
exit $status
