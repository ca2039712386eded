#!/usr/bin/env bash
# Trains and exports the demo model, its unpruned parent, the parent's attention-removal
# references and the demo's fp16 / bf16 / KV-cache exports, and builds the exporter fixtures,
# on a GPU machine in one go, leaving everything in $OUT (at most 8 files of < 16 MiB):
#   log.txt             this run's output
#   demo.tar.part-N     (split at 15 MiB) models/demo files and tests/fixtures/demo-exports files
#   fixtures.tar        tests/fixtures/exports (tiny exporter fixtures), unless SKIP_EXPORT_FIXTURES=1
# Reassemble with: cat demo.tar.part-* | tar -x   (see models/demo/README.md)
# Arguments go to train_demo.py (--smoke: a tiny run that tests every step in about a minute).
set -u -o pipefail
export PYTHONUNBUFFERED=1
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:?OUT must name the output folder}
WORK=${WORK:-/tmp/demo-work}
LOG="$OUT/log.txt"
rm -rf "$WORK" && mkdir -p "$WORK/demo" "$WORK/fixtures" "$WORK/pack/models-demo" "$WORK/pack/demo-exports"

{
  date -u
  nvidia-smi -L
  python3 -c 'import torch, onnx, onnxruntime, onnxscript, transformers as t; print("torch", torch.__version__, "onnx", onnx.__version__, "ort", onnxruntime.__version__, "onnxscript", onnxscript.__version__, "transformers", t.__version__)'
} 2>&1 | tee -a "$LOG"

# Fixtures are CPU-only and small: build them while the GPU trains.
if [ "${SKIP_EXPORT_FIXTURES:-0}" != 1 ]; then
  timeout 420 python3 "$HERE/make_fixtures.py" --out-dir "$WORK/fixtures" >"$WORK/fixtures/make-fixtures.log" 2>&1 &
  FIXTURES_PID=$!
fi

timeout 560 python3 "$HERE/train_demo.py" --out-dir "$WORK/demo" "$@" 2>&1 | tee -a "$LOG"
STATUS=$?
echo "train_demo exit status: $STATUS" | tee -a "$LOG"
if [ "${SKIP_EXPORT_FIXTURES:-0}" != 1 ]; then
  wait "$FIXTURES_PID"
  echo "make_fixtures exit status: $?" | tee -a "$LOG"
  grep -E '^(torch|tiny|hf|Traceback|  File|[A-Za-z]*Error)' "$WORK/fixtures/make-fixtures.log" | tee -a "$LOG"
  tar -cf "$OUT/fixtures.tar" -C "$WORK/fixtures" . 2>>"$LOG"
fi

# What is committed: models/demo/* and tests/fixtures/demo-exports/*. The KV-cache export
# and the bf16 export are committed as graphs whose weights are rebuilt from the demo
# (externalize.py); the full bf16 file comes back too, to check that rebuilding locally.
D="$WORK/demo"
cp "$D"/{demo-decoder.onnx,parent-decoder.onnx,calibration.txt,heldout.txt,training-log.txt,metrics.json,reference-analysis.json,parent-attention-scores.json} \
  "$WORK/pack/models-demo/" 2>>"$LOG"
E="$D/exports"
cp "$E"/*.npy "$E"/exports.json "$E"/demo-fp16.onnx "$WORK/pack/demo-exports/" 2>>"$LOG"
[ -f "$E/demo-bf16.onnx" ] && cp "$E/demo-bf16.onnx" "$WORK/pack/demo-exports/demo-bf16.full.onnx"
cp "$E"/external/*.onnx "$E"/external/*.external-data.json "$WORK/pack/demo-exports/" 2>>"$LOG"
sha256sum "$WORK"/pack/*/* | tee -a "$LOG"
tar -cf "$WORK/demo.tar" -C "$WORK/pack" . 2>>"$LOG"
split -b 15M -d -a 1 "$WORK/demo.tar" "$OUT/demo.tar.part-"
ls -la "$OUT" "$WORK/pack"/* | tee -a "$LOG"
exit "$STATUS"
