#!/usr/bin/env bash
# Trains and exports the demo model and builds the exporter fixtures on a GPU
# machine in one go, leaving everything in $OUT (at most 8 files of < 16 MiB):
#   log.txt, demo-small.tar (texts, log, metrics, reference analysis),
#   demo-decoder.onnx.part-N and checkpoint.pt.part-N (split at 15 MiB), fixtures.tar
# Reassemble with: cat demo-decoder.onnx.part-* > demo-decoder.onnx
set -u -o pipefail
export PYTHONUNBUFFERED=1
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:?OUT must name the output folder}
WORK=${WORK:-/tmp/demo-work}
LOG="$OUT/log.txt"
rm -rf "$WORK" && mkdir -p "$WORK/demo" "$WORK/fixtures"

{
  date -u
  nvidia-smi -L
  python3 -c 'import torch, onnx, onnxruntime, onnxscript, transformers as t; print("torch", torch.__version__, "onnx", onnx.__version__, "ort", onnxruntime.__version__, "onnxscript", onnxscript.__version__, "transformers", t.__version__)'
} 2>&1 | tee -a "$LOG"

# Fixtures are CPU-only and small: build them while the GPU trains.
timeout 420 python3 "$HERE/make_fixtures.py" --out-dir "$WORK/fixtures" >"$WORK/fixtures/make-fixtures.log" 2>&1 &
FIXTURES_PID=$!

timeout 530 python3 "$HERE/train_demo.py" --out-dir "$WORK/demo" "$@" 2>&1 | tee -a "$LOG"
echo "train_demo exit status: $?" | tee -a "$LOG"
wait "$FIXTURES_PID"
echo "make_fixtures exit status: $?" | tee -a "$LOG"
grep -E '^(torch|tiny|hf|Traceback|  File|[A-Za-z]*Error)' "$WORK/fixtures/make-fixtures.log" | tee -a "$LOG"

cd "$WORK/demo" || exit 1
tar -cf "$OUT/demo-small.tar" calibration.txt heldout.txt training-log.txt metrics.json reference-analysis.json 2>>"$LOG"
for file in demo-decoder.onnx checkpoint.pt; do
  if [ -f "$file" ]; then
    sha256sum "$file" | tee -a "$LOG"
    split -b 15M -d -a 1 "$file" "$OUT/$file.part-"
  fi
done
tar -cf "$OUT/fixtures.tar" -C "$WORK/fixtures" . 2>>"$LOG"
ls -la "$OUT" | tee -a "$LOG"
