"""PyTorch references for attention-removal scores (Puzzle's "replace-1", no-op variant).

For each layer k of the parent, the attention sublayer's branch is removed (a forward hook
makes its output zero, so X_k' = X_k + 0 = X_k exactly) and the block's FFN runs as before.
Scores against the intact parent, on the same tokens:

- kl: mean over every position (batch x seq) of sum_v p_full log(p_full / p_removed),
  the next-token distributions, reduced in float64 (as the engine's drop-one KL);
- crossEntropyDelta: mean next-byte NLL in nats (positions 0..T-2 predicting token t+1)
  with the attention removed, minus the same for the intact model.

The forward passes are float32 on CPU with the explicit attention (the exported graph's).
"""
from __future__ import annotations

import copy
from contextlib import contextmanager

import torch
import torch.nn.functional as F


@contextmanager
def attention_removed(model, layers: list[int]):
    """Inside the block, the attention sublayers of `layers` contribute exactly zero."""
    handles = [model.model.layers[k].self_attn.register_forward_hook(lambda _m, _i, out: torch.zeros_like(out))
               for k in layers]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def next_token_kl(reference_logits: torch.Tensor, logits: torch.Tensor) -> float:
    p_log = F.log_softmax(reference_logits.double(), -1)
    q_log = F.log_softmax(logits.double(), -1)
    return float((p_log.exp() * (p_log - q_log)).sum(-1).mean())


def cross_entropy(logits: torch.Tensor, ids: torch.Tensor) -> float:
    """Mean next-token NLL in nats, float64."""
    log_probs = F.log_softmax(logits[:, :-1].double(), -1)
    return float(-log_probs.gather(-1, ids[:, 1:, None]).mean())


def score(model, ids, full_logits, full_ce, layers: list[int]) -> dict:
    with attention_removed(model, layers), torch.no_grad():
        logits = model(ids)
    return {"kl": next_token_kl(full_logits, logits), "crossEntropyDelta": cross_entropy(logits, ids) - full_ce}


def attention_scores(parent, ids: torch.Tensor, removed_together: list[int]) -> dict:
    model = copy.deepcopy(parent).float().cpu().eval()
    model.set_sdpa(False)
    with torch.no_grad():
        full_logits = model(ids)
    full_ce = cross_entropy(full_logits, ids)
    blocks = [{"index": k, "noOp": score(model, ids, full_logits, full_ce, [k])} for k in model.attention_layers()]
    return {
        "description": "PyTorch reference for attention removal (no-op): float32 CPU forward with the explicit "
                       "attention, forward hooks zeroing the attention output, float64 reductions",
        "model": "parent-decoder.onnx",
        "tokens": {"source": "calibration.txt", "sequences": int(ids.shape[0]), "seqLen": int(ids.shape[1]),
                   "firstIds": ids[0, :8].tolist()},
        "klPositions": "every position of every sequence (sequences x seqLen next-token distributions)",
        "crossEntropyPositions": "positions 0..seqLen-2 of every sequence, each predicting the next token; nats",
        "fullCrossEntropy": full_ce,
        "blocks": blocks,
        "removedTogether": {"blocks": removed_together,
                            "noOp": score(model, ids, full_logits, full_ce, removed_together)},
    }
