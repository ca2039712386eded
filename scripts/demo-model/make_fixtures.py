"""Tiny ONNX decoder exports from the real exporters, with expected logits.

For each fixture: NAME.onnx and NAME.json (fixed inputs, onnxruntime logits,
the largest difference from PyTorch, and a graph summary).

    python3 make_fixtures.py --out-dir /tmp/fixtures
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decoder import DecoderConfig, DecoderForCausalLM, init_weights  # noqa: E402
from onnx_checks import check_model, dump_json, export_dynamo, export_torchscript, graph_summary, ort_logits  # noqa: E402

BATCH, SEQ = 2, 8
AXES = {0: "batch", 1: "sequence"}


def fixed_input_ids(vocab: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(7)
    return torch.randint(0, vocab, (BATCH, SEQ), generator=generator)


def perturb_norms(model: torch.nn.Module, seed: int) -> None:
    """Norm scales of 1 would hide mistakes in how scales are folded."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name.endswith("norm.weight"):
                param.copy_(1 + 0.1 * torch.randn(param.shape, generator=generator))


def tiny_decoder() -> DecoderForCausalLM:
    config = DecoderConfig(hidden_size=32, intermediate_size=80, num_layers=4, num_heads=4, num_kv_heads=2,
                           has_attention=[True, False, True, True], has_ffn=[True, True, False, True])
    model = DecoderForCausalLM(config)
    init_weights(model, std=0.1, seed=1)
    perturb_norms(model, seed=2)
    model.set_sdpa(False)
    return model.eval()


def hf_llama():
    from transformers import LlamaConfig, LlamaForCausalLM

    class LlamaLogits(LlamaForCausalLM):
        def forward(self, input_ids, attention_mask, position_ids):
            return super().forward(input_ids=input_ids, attention_mask=attention_mask,
                                   position_ids=position_ids, use_cache=False).logits

    torch.manual_seed(3)
    config = LlamaConfig(vocab_size=256, hidden_size=32, intermediate_size=80, num_hidden_layers=3,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                         rms_norm_eps=1e-5, tie_word_embeddings=False, use_cache=False,
                         initializer_range=0.1, attn_implementation="eager")
    model = LlamaLogits(config)
    perturb_norms(model, seed=4)
    return model.eval()


def feeds_for(input_names: list[str], ids: torch.Tensor) -> dict[str, torch.Tensor]:
    values = {"input_ids": ids,
              "attention_mask": torch.ones_like(ids),
              "position_ids": torch.arange(ids.shape[1]).expand(ids.shape[0], -1).contiguous()}
    return {name: values[name] for name in input_names}


def layer_flags(model) -> list[dict]:
    flags = []
    for index, layer in enumerate(model.model.layers):
        attention = getattr(layer, "self_attn", None) is not None
        flags.append({"index": index, "attention": attention, "ffn": getattr(layer, "mlp", None) is not None})
    return flags


def rounded(values: np.ndarray) -> list[float]:
    # 9 significant digits reproduce a float32 exactly.
    return [float(f"{v:.9g}") for v in values.astype(np.float32).ravel()]


def write_fixture(out_dir, name, model, inputs, exporter, opset, note) -> None:
    with torch.no_grad():
        expected = model(*inputs.values()).float().numpy()
    path = os.path.join(out_dir, f"{name}.onnx")
    check_model(path)
    actual = ort_logits(path, {k: v.numpy() for k, v in inputs.items()})
    fixture = {
        "model": f"{name}.onnx", "exporter": exporter, "opset": opset, "note": note,
        "torch": torch.__version__, "hiddenSize": model.config.hidden_size,
        "vocabSize": model.config.vocab_size, "layers": layer_flags(model),
        "inputs": {k: {"dtype": "int64", "dims": list(v.shape), "data": v.ravel().tolist()}
                   for k, v in inputs.items()},
        "logits": {"dims": list(actual.shape), "data": rounded(actual)},
        "firstLogits": rounded(actual.ravel()[:8]),
        "maxAbsDiffTorchVsOrt": float(np.abs(expected - actual).max()),
        "graph": graph_summary(path),
    }
    dump_json(os.path.join(out_dir, f"{name}.json"), fixture)
    print(f"{name}: {os.path.getsize(path)} bytes, torch-vs-ORT {fixture['maxAbsDiffTorchVsOrt']:.3g}, "
          f"{fixture['graph']['nodes']} nodes, ops {fixture['graph']['op_counts']}", flush=True)


def make(out_dir, name, build, exporter) -> None:
    started = time.time()
    try:
        model = build()
        ids = fixed_input_ids(model.config.vocab_size)
        input_names = ["input_ids"] if isinstance(model, DecoderForCausalLM) else \
            ["input_ids", "attention_mask", "position_ids"]
        inputs = feeds_for(input_names, ids)
        path = os.path.join(out_dir, f"{name}.onnx")
        if exporter == "torchscript":
            axes = {n: AXES for n in input_names} | {"logits": AXES}
            export_torchscript(model, tuple(inputs.values()), path, input_names, axes, opset=17)
            write_fixture(out_dir, name, model, inputs, exporter, 17, "dynamic batch and sequence")
        else:
            shapes = export_dynamo(model, tuple(inputs.values()), path, input_names, opset=18)
            write_fixture(out_dir, name, model, inputs, exporter, 18, f"shapes declared as {shapes}")
    except Exception:
        print(f"{name}: FAILED\n{traceback.format_exc()}", flush=True)
    print(f"{name}: {time.time() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--only", default="", help="comma-separated fixture names")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(4)
    print(f"torch {torch.__version__}", flush=True)
    plan = [("tiny-torchscript", tiny_decoder, "torchscript"), ("tiny-dynamo", tiny_decoder, "dynamo"),
            ("hf-llama-torchscript", hf_llama, "torchscript"), ("hf-llama-dynamo", hf_llama, "dynamo")]
    wanted = set(filter(None, args.only.split(",")))
    for name, build, exporter in plan:
        if not wanted or name in wanted:
            make(args.out_dir, name, build, exporter)


if __name__ == "__main__":
    main()
