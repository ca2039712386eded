"""Dependency matrix and per-block metrics computed naively in PyTorch (one full
pass per dropped block), as a cross-check for the ONNX engine.

M[i][j] = mean over tokens of 1 - cos(h_j, h~_j^i), j > i (None otherwise), where
h_j is block j's contribution (output minus input) in the intact model and
h~_j^i the same with block i skipped. Reductions are done in float64.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def stream_pairs(model, ids, skip_layer=None):
    """Logits, each block's contribution (float64) and its (input, output) stream pair."""
    pairs: list[tuple[torch.Tensor, torch.Tensor]] = []
    model.eval()
    with torch.no_grad():
        logits = model.forward_with(ids, skip_layer=skip_layer, collect=pairs)
    contributions = [out.double() - x.double() for x, out in pairs]
    return logits, contributions, pairs


def mean_cosine_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((1 - F.cosine_similarity(a.double(), b.double(), dim=-1, eps=1e-30)).mean())


def next_token_kl(reference_logits: torch.Tensor, logits: torch.Tensor) -> float:
    p_log = F.log_softmax(reference_logits.double(), -1)
    q_log = F.log_softmax(logits.double(), -1)
    return float((p_log.exp() * (p_log - q_log)).sum(-1).mean())


def reference_analysis(model, ids: torch.Tensor) -> dict:
    layers = len(model.model.layers)
    full_logits, full_h, pairs = stream_pairs(model, ids)
    matrix: list[list[float | None]] = []
    drop_one_kl: list[float] = []
    for i in range(layers):
        logits, dropped_h, _ = stream_pairs(model, ids, skip_layer=i)
        row = [mean_cosine_distance(full_h[j], dropped_h[j]) if j > i else None for j in range(layers)]
        matrix.append(row)
        drop_one_kl.append(next_token_kl(full_logits, logits))
    io_distance = [mean_cosine_distance(x, y) for x, y in pairs]
    norm_ratio = [float((h.norm(dim=-1) / x.double().norm(dim=-1)).mean()) for h, (x, _) in zip(full_h, pairs)]
    return {
        "description": "naive PyTorch reference (float32 forward, float64 reductions)",
        "tokens": {"source": "calibration.txt", "sequences": ids.shape[0], "seq_len": ids.shape[1],
                   "first_ids": ids[0, :8].tolist()},
        "blocks": [{"index": i, "attention": layer.self_attn is not None, "ffn": layer.mlp is not None}
                   for i, layer in enumerate(model.model.layers)],
        "matrix": matrix,
        "blockMetrics": {
            "inputOutputCosineDistance": io_distance,
            "blockInfluence": io_distance,
            "contributionNormRatio": norm_ratio,
            "dropOneKL": drop_one_kl,
        },
    }
