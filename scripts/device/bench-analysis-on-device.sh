#!/usr/bin/env bash
# Runs `npm run bench:analysis` on a machine without npm packages, from a bundle that
# scripts/device/bundle-analysis-bench.mjs wrote to .devbench/ (BUNDLE=name picks .devbench/name.mjs,
# default bench). Arguments go to the benchmark; the machine's description and the run's table are
# written to $OUT (default: .devbench/out) as NAME.txt.
# Usage (repository root): [BUNDLE=name] scripts/device/bench-analysis-on-device.sh NAME [benchmark arguments...]
set -euo pipefail
name=$1; shift
out=${OUT:-.devbench/out}
mkdir -p "$out"
node=/tmp/fusionscope-node
[ -x "$node" ] || { xz -dc .devbench/node.xz > "$node"; chmod +x "$node"; }
[ -d .devbench/node_modules ] || tar -xJf .devbench/packages.tar.xz -C .devbench
{ echo "cores: $(nproc)"; lscpu | grep -E 'Model name|Socket|Thread|Core|MHz' || true; uptime; } > "$out/machine.txt"
"$node" ".devbench/${BUNDLE:-bench}.mjs" "$@" 2>&1 | tee "$out/$name.txt"
