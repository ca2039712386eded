"""KV-cache export of the demo, named as Optimum names Llama exports (use_cache=True):

inputs   input_ids [batch_size, sequence_length], attention_mask [batch_size,
         past_sequence_length + sequence_length], position_ids [batch_size, sequence_length],
         past_key_values.{layer}.key / .value [batch_size, kv_heads, past_sequence_length, head_dim]
         for every layer that has attention (the attention-free layers have no cache);
outputs  logits, present.{layer}.key / .value [batch_size, kv_heads, past + sequence, head_dim].

Float32, TorchScript exporter, opset 17. References (PyTorch, float32 CPU) for three calls:
prefill (past length 0), decode (one token after the prefill's presents) and chunk (eight tokens
after them); onnxruntime runs the same calls feeding its own presents back.
"""
from __future__ import annotations

import dataclasses
import os

import numpy as np
import torch

from decoder import DecoderConfig, DecoderForCausalLM
from onnx_checks import check_model, differences, export_torchscript, graph_summary, ort_session

PREFILL, CHUNK = 64, 8


class KVCacheDecoder(DecoderForCausalLM):
    """forward() takes the cache as flat arguments (key, value per attention layer), as the
    exporter wants positional tensors; module names stay those of the plain model."""

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[i], past_flat[i + 1]) for i in range(0, len(past_flat), 2)]
        logits, presents = self.forward_cached(input_ids, attention_mask, position_ids, past)
        return (logits, *[tensor for pair in presents for tensor in pair])


def kv_model(demo) -> KVCacheDecoder:
    config = DecoderConfig(**dataclasses.asdict(demo.config))
    model = KVCacheDecoder(config)
    model.load_state_dict({k: v.float().cpu() for k, v in demo.state_dict().items()}, strict=True)
    return model.eval()


def names(layers: list[int]) -> tuple[list[str], list[str]]:
    past = [f"past_key_values.{l}.{kind}" for l in layers for kind in ("key", "value")]
    present = [f"present.{l}.{kind}" for l in layers for kind in ("key", "value")]
    return past, present


def call_inputs(ids: torch.Tensor, start: int, stop: int, past: list[np.ndarray]) -> list[np.ndarray]:
    """input_ids, attention_mask, position_ids for tokens start..stop-1 after `start` cached ones."""
    batch = ids.shape[0]
    positions = np.tile(np.arange(start, stop, dtype=np.int64), (batch, 1))
    return [np.ascontiguousarray(ids[:, start:stop].numpy()), np.ones((batch, stop), dtype=np.int64), positions, *past]


def torch_call(model, inputs: list[np.ndarray]) -> list[np.ndarray]:
    with torch.no_grad():
        outputs = model(*[torch.from_numpy(np.ascontiguousarray(a)) for a in inputs])
    return [o.numpy() for o in outputs]


def empty_past(model, batch: int) -> list[np.ndarray]:
    config = model.config
    shape = (batch, config.num_kv_heads, 0, config.head_dim)
    return [np.zeros(shape, dtype=np.float32) for _ in range(2 * len(model.attention_layers()))]


def empty_past_feeds(path: str, ids: np.ndarray) -> dict[str, np.ndarray]:
    """Feeds for an exported cache model: ids [batch, seq], ones mask, arange positions, empty past."""
    import onnxruntime as ort
    batch, seq = ids.shape
    feeds: dict[str, np.ndarray] = {}
    for spec in ort.InferenceSession(path, providers=["CPUExecutionProvider"]).get_inputs():
        if spec.name == "input_ids":
            feeds[spec.name] = ids.astype(np.int64)
        elif spec.name == "attention_mask":
            feeds[spec.name] = np.ones((batch, seq), dtype=np.int64)
        elif spec.name == "position_ids":
            feeds[spec.name] = np.tile(np.arange(seq, dtype=np.int64), (batch, 1))
        else:
            dims = [batch if axis == 0 else 0 if isinstance(d, str) else d for axis, d in enumerate(spec.shape)]
            feeds[spec.name] = np.zeros(dims, dtype=np.float32)
    return feeds


def tensor_summary(array: np.ndarray) -> dict:
    flat = array.astype(np.float64).ravel()
    return {"dims": list(array.shape), "sum": float(flat.sum()), "maxAbs": float(np.abs(flat).max()),
            "first": [float(x) for x in array.ravel()[:8]]}


def export_kv_cache(demo, ids: torch.Tensor, out_dir: str, name: str, log) -> dict:
    """ids: [batch, PREFILL + CHUNK] tokens. Writes NAME.onnx and NAME-*-logits.npy."""
    model = kv_model(demo)
    layers = model.attention_layers()
    past_names, present_names = names(layers)
    input_names = ["input_ids", "attention_mask", "position_ids", *past_names]
    output_names = ["logits", *present_names]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({n: {0: "batch_size", 2: "past_sequence_length"} for n in past_names})
    axes.update({n: {0: "batch_size", 2: "past_sequence_length + sequence_length"} for n in present_names})

    # Traced with a non-empty past of another length than any call below, so that nothing
    # about the cache length can be baked in unnoticed.
    batch = ids.shape[0]
    trace_past = [np.random.default_rng(0).standard_normal(p.shape[:2] + (5,) + p.shape[3:]).astype(np.float32)
                  for p in empty_past(model, batch)]
    trace_inputs = call_inputs(ids, 5, 9, trace_past)
    path = os.path.join(out_dir, f"{name}.onnx")
    export_torchscript(model, tuple(torch.from_numpy(a) for a in trace_inputs), path, input_names, axes,
                       opset=17, output_names=output_names)
    check_model(path)

    calls = {}
    prefill_in = call_inputs(ids, 0, PREFILL, empty_past(model, batch))
    calls["prefill"] = (prefill_in, torch_call(model, prefill_in))
    prefill_presents = calls["prefill"][1][1:]
    for label, stop in [("decode", PREFILL + 1), ("chunk", PREFILL + CHUNK)]:
        inputs = call_inputs(ids, PREFILL, stop, prefill_presents)
        calls[label] = (inputs, torch_call(model, inputs))

    # The cache path against the plain model on the whole prefix: the same logits.
    plain_model = DecoderForCausalLM(DecoderConfig(**dataclasses.asdict(demo.config)))
    plain_model.load_state_dict(model.state_dict())
    plain_model.eval().set_sdpa(False)
    with torch.no_grad():
        whole = plain_model(ids).numpy()
    vs_plain = {"prefill": differences(calls["prefill"][1][0], whole[:, :PREFILL]),
                "decode": differences(calls["decode"][1][0], whole[:, PREFILL:PREFILL + 1]),
                "chunk": differences(calls["chunk"][1][0], whole[:, PREFILL:PREFILL + CHUNK])}

    session = ort_session(path)
    ort_results, ort_presents = {}, None
    for label in ["prefill", "decode", "chunk"]:
        inputs, expected = calls[label]
        if label != "prefill":
            inputs = inputs[:3] + list(ort_presents)  # ORT's own cache, as a decoding loop would
        outputs = session.run(output_names, dict(zip(input_names, inputs)))
        if label == "prefill":
            ort_presents = outputs[1:]
        ort_results[label] = {"logits": differences(outputs[0], expected[0]),
                              "presents_max": max(differences(a, b)["max"] for a, b in zip(outputs[1:], expected[1:])),
                              "present_dims": list(outputs[1].shape)}

    for label, (_, expected) in calls.items():
        np.save(os.path.join(out_dir, f"{name}-{label}-logits.npy"), expected[0].astype(np.float32))
    result = {
        "file": f"{name}.onnx", "bytes": os.path.getsize(path), "attention_layers": layers,
        "inputs": input_names, "outputs": output_names, "dynamic_axes": axes,
        "input_ids": {"dims": list(ids.shape), "data": ids.flatten().tolist()},
        "calls": {label: {"tokens": [int(inputs[2][0, 0]), int(inputs[2][0, -1]) + 1],
                          "past_length": int(inputs[3].shape[2]),
                          "logits_dims": list(outputs[0].shape),
                          "presents": {n: tensor_summary(a) for n, a in zip(present_names, outputs[1:])}}
                  for label, (inputs, outputs) in calls.items()},
        "torch_cache_vs_plain_forward": vs_plain,
        "ort_vs_torch": ort_results,
        "graph": graph_summary(path),
    }
    log(f"{name}: {result['bytes']} bytes, {len(input_names)} inputs; cache vs plain {vs_plain}; ORT vs PyTorch {ort_results}")
    return result
