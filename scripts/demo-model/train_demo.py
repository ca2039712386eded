"""Train the byte-level demo decoder, remove attention from a run of layers,
heal it by distillation, export it to ONNX (TorchScript exporter, opset 17)
and check the export against PyTorch with onnxruntime.

The same run also exports the unpruned parent (the trained model before attention was
removed), its attention-removal scores, and the demo's fp16, bf16 and KV-cache exports
with PyTorch logits (exports/, see tests/fixtures/demo-exports/README.md).

    python3 train_demo.py --out-dir /tmp/demo            # GPU: ~4 + ~2 minutes
    python3 train_demo.py --out-dir /tmp/demo --smoke    # CPU: tiny, seconds
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import sys
import time
import traceback

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import build_corpus  # noqa: E402
from decoder import DecoderConfig, DecoderForCausalLM, count_parameters, init_weights  # noqa: E402
from onnx_checks import check_model, dump_json, export_torchscript, graph_summary, ort_logits  # noqa: E402
from reference_analysis import reference_analysis  # noqa: E402
from attention_scores import attention_scores  # noqa: E402
from externalize import check_round_trip, externalize_from_demo  # noqa: E402
from half_exports import export_half_safely  # noqa: E402
from kv_export import CHUNK, PREFILL, empty_past_feeds, export_kv_cache  # noqa: E402

LOG_LINES: list[str] = []


def log(message: str) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {message}"
    print(line, flush=True)
    LOG_LINES.append(line)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--train-seconds", type=float, default=240)
    parser.add_argument("--heal-seconds", type=float, default=120)
    parser.add_argument("--layers", type=int, default=24)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--ffn", type=int, default=384)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--kv-heads", type=int, default=2)
    parser.add_argument("--remove-attention", default="12-19", help="inclusive layer range")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--seq-len", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--heal-lr", type=float, default=1e-3)
    parser.add_argument("--max-train-bytes", type=float, default=120e6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smoke", action="store_true", help="tiny CPU run to test the script")
    args = parser.parse_args()
    if args.smoke:
        args.train_seconds, args.heal_seconds = 8, 4
        args.layers, args.hidden, args.ffn = 6, 32, 96
        args.remove_attention, args.batch, args.seq_len = "2-3", 8, 64
        args.max_train_bytes = 2e6
    return args


def layer_range(text: str) -> list[int]:
    first, last = (int(part) for part in text.split("-"))
    return list(range(first, last + 1))


def bytes_to_sequences(data: bytes, seq_len: int) -> torch.Tensor:
    count = len(data) // seq_len
    array = np.frombuffer(data[: count * seq_len], dtype=np.uint8).astype(np.int64)
    return torch.from_numpy(array).view(count, seq_len)


@torch.no_grad()
def bits_per_byte(model, sequences: torch.Tensor, device, batch: int = 64) -> float:
    model.eval()
    total, count = 0.0, 0
    for chunk in sequences.split(batch):
        chunk = chunk.to(device)
        logits = model(chunk).float()
        nll = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]),
                              chunk[:, 1:].reshape(-1), reduction="sum")
        total += nll.item()
        count += chunk[:, 1:].numel()
    return total / count / math.log(2)


def sample_batch(data: torch.Tensor, batch: int, seq_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    starts = torch.randint(0, data.numel() - seq_len - 1, (batch,), device=data.device)
    windows = data[starts[:, None] + torch.arange(seq_len + 1, device=data.device)].long()
    return windows[:, :-1], windows[:, 1:]


def make_optimizer(model, lr: float, device) -> torch.optim.Optimizer:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95), fused=device.type == "cuda")


def learning_rate(peak: float, step: int, warmup: int, progress: float) -> float:
    ramp = min(1.0, (step + 1) / warmup)
    return peak * ramp * (0.1 + 0.45 * (1 + math.cos(math.pi * min(progress, 1.0))))


def run_timed_loop(model, optimizer, seconds, peak_lr, warmup, step_loss, label) -> dict:
    model.train()
    started, step, tokens = time.time(), 0, 0
    while (elapsed := time.time() - started) < seconds:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(peak_lr, step, warmup, elapsed / seconds)
        loss, batch_tokens = step_loss()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step, tokens = step + 1, tokens + batch_tokens
        if step % 250 == 0:
            log(f"{label} step {step} loss {loss.item():.4f} ({loss.item() / math.log(2):.3f} bits) "
                f"{tokens / (time.time() - started) / 1e6:.2f} M tok/s")
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    wall = time.time() - started
    log(f"{label}: {step} steps, {tokens / 1e6:.1f} M tokens, {wall:.0f} s")
    return {"steps": step, "tokens": tokens, "seconds": round(wall, 1)}


def train(model, data, args, device) -> dict:
    optimizer = make_optimizer(model, args.lr, device)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16)

    def step_loss():
        inputs, targets = sample_batch(data, args.batch, args.seq_len)
        with autocast:
            logits = model(inputs)
        loss = F.cross_entropy(logits.float().view(-1, logits.shape[-1]), targets.reshape(-1))
        return loss, inputs.numel()

    return run_timed_loop(model, optimizer, args.train_seconds, args.lr, 300, step_loss, "train")


def heal(student, teacher, data, args, device) -> dict:
    optimizer = make_optimizer(student, args.heal_lr, device)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16)
    teacher.eval()

    def step_loss():
        inputs, _ = sample_batch(data, args.batch, args.seq_len)
        with torch.no_grad(), autocast:
            target = teacher(inputs)
        with autocast:
            logits = student(inputs)
        vocab = logits.shape[-1]
        loss = F.kl_div(F.log_softmax(logits.float().view(-1, vocab), -1),
                        F.log_softmax(target.float().view(-1, vocab), -1),
                        log_target=True, reduction="batchmean")
        return loss, inputs.numel()

    return run_timed_loop(student, optimizer, args.heal_seconds, args.heal_lr, 50, step_loss, "heal")


def save_checkpoint(model, path: str, stage: str) -> None:
    torch.save({"stage": stage, "config": dataclasses.asdict(model.config),
                "state_dict": {k: v.detach().float().cpu() for k, v in model.state_dict().items()}},
               path)


def export_and_verify(model, sequences: torch.Tensor, out_dir: str, name: str = "demo-decoder.onnx") -> dict:
    model = copy.deepcopy(model).float().cpu().eval()
    model.set_sdpa(False)
    path = os.path.join(out_dir, name)
    sample = sequences[:2, :64].clone()
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}
    export_torchscript(model, (sample,), path, ["input_ids"], axes, opset=17)
    check_model(path)
    diffs = {}
    for rows, cols in [(2, 256), (1, 37), (4, 128)]:
        ids = sequences[:rows, :cols].clone()
        with torch.no_grad():
            expected = model(ids).numpy()
        actual = ort_logits(path, {"input_ids": ids.numpy()})
        diffs[f"{rows}x{cols}"] = float(np.abs(expected - actual).max())
    model.set_sdpa(True)
    with torch.no_grad():
        sdpa_gap = float((model(sequences[:2]) - torch.from_numpy(
            ort_logits(path, {"input_ids": sequences[:2].numpy()}))).abs().max())
    summary = graph_summary(path)
    log(f"ONNX export {name}: {os.path.getsize(path)} bytes, {summary['nodes']} nodes, ops {summary['op_counts']}")
    log(f"ONNX vs PyTorch (float32, CPU) max abs logit diff: {diffs}; vs SDPA path: {sdpa_gap:.3g}")
    return {"bytes": os.path.getsize(path), "max_abs_diff": diffs, "max_abs_diff_vs_sdpa": sdpa_gap,
            "graph": summary}


def write_texts(corpus, out_dir: str) -> None:
    for name, data in [("calibration.txt", corpus.calibration), ("heldout.txt", corpus.heldout)]:
        with open(os.path.join(out_dir, name), "wb") as handle:
            handle.write(data)


def main() -> None:
    args = parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    log(f"torch {torch.__version__} on {torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}")
    metrics: dict = {"args": vars(args)}
    failures: list[str] = []
    try:
        run(args, device, metrics, failures)
    except Exception:
        failures.append("run: " + traceback.format_exc())
        log(failures[-1])
    finally:
        metrics["failures"] = failures
        dump_json(os.path.join(args.out_dir, "metrics.json"), metrics)
        with open(os.path.join(args.out_dir, "training-log.txt"), "w") as handle:
            handle.write("\n".join(LOG_LINES) + "\n")
    if failures:
        print(f"FAILED STEPS: {len(failures)}", flush=True)
        sys.exit(1)
    print("ALL STEPS OK", flush=True)


def step(label: str, failures: list[str], action):
    """Runs one export or reference step; a failure is logged and counted, later steps still run."""
    started = time.time()
    try:
        value = action()
        log(f"step {label}: ok in {time.time() - started:.1f} s")
        return value
    except Exception:
        failures.append(f"{label}: {traceback.format_exc()}")
        log(f"step {label}: FAILED\n{traceback.format_exc()}")
        return None


def run(args, device, metrics: dict, failures: list[str]) -> None:
    corpus = build_corpus(int(args.max_train_bytes), max_seconds=45, seed=args.seed)
    write_texts(corpus, args.out_dir)
    metrics["corpus"] = {"train_bytes": len(corpus.train), "train_files": corpus.train_files,
                         "calibration_bytes": len(corpus.calibration),
                         "heldout_bytes": len(corpus.heldout), "roots": corpus.roots}
    log(f"corpus: {metrics['corpus']}")
    data = torch.frombuffer(bytearray(corpus.train), dtype=torch.uint8).to(device)
    heldout = bytes_to_sequences(corpus.heldout, args.seq_len)
    calibration = bytes_to_sequences(corpus.calibration, args.seq_len)

    config = DecoderConfig(hidden_size=args.hidden, intermediate_size=args.ffn, num_layers=args.layers,
                           num_heads=args.heads, num_kv_heads=args.kv_heads)
    teacher = DecoderForCausalLM(config)
    init_weights(teacher, std=0.02, seed=args.seed)
    teacher.to(device)
    log(f"config: {dataclasses.asdict(config)}; parameters {count_parameters(teacher)}")
    metrics["train"] = train(teacher, data, args, device)
    bpb = {"intact": bits_per_byte(teacher, heldout, device),
           "intact_calibration": bits_per_byte(teacher, calibration, device)}
    log(f"held-out bits/byte, intact model (the parent): {bpb['intact']:.4f} "
        f"(calibration text: {bpb['intact_calibration']:.4f})")
    # The parent is kept as trained: healing only changes the student (a deep copy).
    parent = copy.deepcopy(teacher).eval()
    save_checkpoint(parent, os.path.join(args.out_dir, "parent-checkpoint.pt"), "trained")

    removed = layer_range(args.remove_attention)
    student = copy.deepcopy(teacher)
    student.remove_attention(removed)
    bpb["attention_removed"] = bits_per_byte(student, heldout, device)
    log(f"held-out bits/byte, attention removed from layers {removed}: {bpb['attention_removed']:.4f}")
    metrics["heal"] = heal(student, teacher, data, args, device)
    bpb["healed"] = bits_per_byte(student, heldout, device)
    bpb["healed_calibration"] = bits_per_byte(student, calibration, device)
    log(f"held-out bits/byte, healed: {bpb['healed']:.4f} (calibration text: {bpb['healed_calibration']:.4f})")
    metrics.update(bits_per_byte=bpb, attention_free_layers=removed,
                   parameters=count_parameters(student), config=dataclasses.asdict(student.config),
                   parent={"parameters": count_parameters(parent), "config": dataclasses.asdict(parent.config),
                           "bits_per_byte": {"heldout": bpb["intact"], "calibration": bpb["intact_calibration"]}})
    save_checkpoint(student, os.path.join(args.out_dir, "checkpoint.pt"), "healed")

    metrics["onnx"] = export_and_verify(student, heldout, args.out_dir)
    analysis = reference_analysis(copy.deepcopy(student).float().cpu(), calibration[:16])
    dump_json(os.path.join(args.out_dir, "reference-analysis.json"), analysis)
    log("dependency matrix row maxima: " + ", ".join(
        f"{i}:{max((v for v in row if v is not None), default=0):.3g}"
        for i, row in enumerate(analysis["matrix"])))
    # The export fixtures' tokens: PREFILL + CHUNK bytes of heldout.txt from offsets 0 and 256.
    text = np.frombuffer(corpus.heldout, dtype=np.uint8)
    fixture_ids = torch.from_numpy(np.stack([text[o:o + PREFILL + CHUNK] for o in (0, 256)]).astype(np.int64))
    run_parent_and_exports(args, parent, student, heldout, calibration, removed, fixture_ids, metrics, failures)


def run_parent_and_exports(args, parent, student, heldout, calibration, removed, ids, metrics, failures) -> None:
    out_dir = args.out_dir
    metrics["parent"]["onnx"] = step("parent export", failures, lambda: export_and_verify(
        parent, heldout, out_dir, "parent-decoder.onnx"))
    scores = step("attention scores", failures, lambda: attention_scores(parent, calibration[:16], removed))
    if scores is not None:
        dump_json(os.path.join(out_dir, "parent-attention-scores.json"), scores)
        ranked = sorted(scores["blocks"], key=lambda b: -b["noOp"]["kl"])
        log("attention no-op KL by layer: " + ", ".join(
            f"{b['index']}:{b['noOp']['kl']:.4g}" for b in scores["blocks"]))
        log("highest KL: " + ", ".join(f"{b['index']}" for b in ranked[:6]) +
            f"; layers {removed} together: {scores['removedTogether']['noOp']}")
        metrics["parent"]["attention_scores"] = {"full_cross_entropy": scores["fullCrossEntropy"],
                                                 "removed_together": scores["removedTogether"]}

    exports_dir = os.path.join(out_dir, "exports")
    os.makedirs(exports_dir, exist_ok=True)
    demo_path = os.path.join(out_dir, "demo-decoder.onnx")
    exports: dict = {"versions": versions()}
    exports["fp16"] = export_half_safely(student, torch.float16, ids[:, :PREFILL], exports_dir, "demo-fp16", log)
    if not exports["fp16"].get("exported") or "ort_error" in exports["fp16"] or "failed" in exports["fp16"]:
        failures.append(f"fp16 export: {json.dumps({k: v for k, v in exports['fp16'].items() if 'error' in k or k == 'failed'})}")
    # bf16 is optional: whatever the exporter or onnxruntime says is recorded, not a failure.
    exports["bf16"] = export_half_safely(student, torch.bfloat16, ids[:, :PREFILL], exports_dir, "demo-bf16", log)
    exports["kv_cache"] = step("KV-cache export", failures, lambda: export_kv_cache(
        student, ids, exports_dir, "demo-kv-cache", log))

    for key, name in [("kv_cache", "demo-kv-cache"), ("bf16", "demo-bf16")]:
        full = os.path.join(exports_dir, f"{name}.onnx")
        entry = exports.get(key)
        if not entry or not entry.get("exported", True) or "failed" in entry or not os.path.exists(full):
            continue
        def externalize(full=full, name=name):
            os.makedirs(os.path.join(exports_dir, "external"), exist_ok=True)
            target = os.path.join(exports_dir, "external", f"{name}.onnx")
            mapping = externalize_from_demo(full, demo_path, target)
            mapping["initializers"] = check_round_trip(full, target)
            dump_json(os.path.join(exports_dir, "external", f"{name}.external-data.json"), mapping)
            log(f"{name}: graph {mapping['graphBytes']} bytes + data {mapping['dataBytes']} bytes from the demo "
                f"({len(mapping['tensors'])} tensors; {mapping['inlineInitializerBytes']} bytes left inline)")
            return {k: v for k, v in mapping.items() if k != "tensors"}
        exports[key]["external"] = step(f"externalize {name}", failures, externalize)
    if exports.get("kv_cache") and exports["kv_cache"].get("external"):
        step("KV-cache externalized runs as inline", failures, lambda: check_same_outputs(
            os.path.join(exports_dir, "demo-kv-cache.onnx"), os.path.join(exports_dir, "external", "demo-kv-cache.onnx"),
            ids[:, :PREFILL].numpy()))
    dump_json(os.path.join(exports_dir, "exports.json"), exports)
    metrics["exports"] = {k: summary_of(v) for k, v in exports.items()}


def check_same_outputs(inline_path: str, external_path: str, ids: np.ndarray) -> None:
    feeds = empty_past_feeds(inline_path, ids)
    a = ort_logits(inline_path, feeds)
    b = ort_logits(external_path, feeds)
    if not np.array_equal(a, b):
        raise AssertionError(f"externalized KV export differs from the inline one: {np.abs(a - b).max()}")


def summary_of(value):
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k not in ("graph", "input_ids", "calls", "traceback", "dynamic_axes")}


def versions() -> dict:
    import onnx
    import onnxruntime
    import onnxscript
    return {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__,
            "onnxscript": onnxscript.__version__, "exporter": "torch.onnx.export(dynamo=False), TorchScript, opset 17"}


if __name__ == "__main__":
    main()
