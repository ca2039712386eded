#!/usr/bin/env bash
# Alternates two bundled benchmark versions (.devbench/A.mjs and .devbench/B.mjs) on one case (CASE:
# demo by default, or 24, 48, 96), so that both see the same machine: ROUNDS pairs at each thread
# count given. Prints each run's row (warm median ratio, its range) and writes every table to $OUT.
# Usage (repository root): scripts/device/compare-analysis-bundles.sh A B ROUNDS REPEATS THREADS...
set -euo pipefail
a=$1; b=$2; rounds=$3; repeats=$4; shift 4
for threads in "$@"; do
  for ((r = 1; r <= rounds; r++)); do
    for v in "$a" "$b"; do
      args=(--cases "${CASE:-demo}" --repeats "$repeats")
      [ "$threads" = default ] || args+=(--threads "$threads")
      BUNDLE=$v bash scripts/device/bench-analysis-on-device.sh "$v-t$threads-$r" "${args[@]}" > /dev/null
      echo "$v threads=$threads round=$r: $(grep -E '^ *(demo|generated) ' "${OUT:-.devbench/out}/$v-t$threads-$r.txt" | tr -s ' ')"
      grep -E ' warm \(' "${OUT:-.devbench/out}/$v-t$threads-$r.txt" | tr -s ' '
    done
  done
done
