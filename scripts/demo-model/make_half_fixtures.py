"""Half-precision exports of a tiny Hugging Face Llama, as users make them: model.to(float16 or
bfloat16), then PyTorch's TorchScript (opset 17) or dynamo (opset 18) exporter, inputs
input_ids / attention_mask / position_ids, output logits. With untied and tied embeddings.

Writes to --out-dir, for NAME = hf-llama[-tied]-{fp16,bf16}:
  NAME-{torchscript,dynamo}.onnx   the exports;
  NAME-upcast-logits.f32           logits of the same half weights (and buffers) run in float32 by
                                   PyTorch, little-endian float32 [2, 8, 256]: what an engine that
                                   casts weights to float32 when it loads them must reproduce;
  input-ids.i64                    the input ids, little-endian int64 [2, 8] (mask all ones,
                                   positions 0..7).
The model is make_fixtures.py's hf_llama (same seeds) with tie_word_embeddings as given.
"""
from __future__ import annotations

import argparse
import os

import numpy as np
import torch

from onnx_checks import export_dynamo, export_torchscript

INPUT_NAMES = ["input_ids", "attention_mask", "position_ids"]
AXES = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES + ["logits"]}


def hf_llama(tied: bool):
    from transformers import LlamaConfig, LlamaForCausalLM

    class LlamaLogits(LlamaForCausalLM):
        def forward(self, input_ids, attention_mask, position_ids):
            return super().forward(input_ids=input_ids, attention_mask=attention_mask,
                                   position_ids=position_ids, use_cache=False).logits

    torch.manual_seed(3)
    config = LlamaConfig(vocab_size=256, hidden_size=32, intermediate_size=80, num_hidden_layers=3,
                         num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-5,
                         tie_word_embeddings=tied, use_cache=False, initializer_range=0.1,
                         attn_implementation="eager")
    model = LlamaLogits(config)
    generator = torch.Generator().manual_seed(4)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "norm" in name:  # scales of 1 would hide mistakes in reading them
                param.copy_(1 + 0.1 * torch.randn(param.shape, generator=generator))
    return model.eval()


def upcast_logits(half, tied: bool, inputs) -> np.ndarray:
    """The half model's weights and buffers (rotary inv_freq is rounded by .to(dtype) too) in float32."""
    upcast = hf_llama(tied)
    upcast.load_state_dict({k: v.float() for k, v in half.state_dict().items()})
    with torch.no_grad():
        for (_, stored), (_, widened) in zip(half.named_buffers(), upcast.named_buffers()):
            if stored.is_floating_point():
                widened.copy_(stored.float())
        return upcast(*inputs).float().numpy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    out = parser.parse_args().out_dir
    os.makedirs(out, exist_ok=True)
    ids = torch.randint(0, 256, (2, 8), generator=torch.Generator().manual_seed(7))
    inputs = (ids, torch.ones(2, 8, dtype=torch.int64), torch.arange(8).unsqueeze(0).repeat(2, 1))
    for tied in (False, True):
        for label, dtype in (("fp16", torch.float16), ("bf16", torch.bfloat16)):
            half = hf_llama(tied).to(dtype)
            name = f"hf-llama{'-tied' if tied else ''}-{label}"
            upcast_logits(half, tied, inputs).astype(np.float32).tofile(os.path.join(out, f"{name}-upcast-logits.f32"))
            with torch.no_grad():
                export_torchscript(half, inputs, os.path.join(out, f"{name}-torchscript.onnx"), INPUT_NAMES, AXES, opset=17)
                export_dynamo(half, inputs, os.path.join(out, f"{name}-dynamo.onnx"), INPUT_NAMES, opset=18)
            print(name, "written")
    ids.numpy().astype(np.int64).tofile(os.path.join(out, "input-ids.i64"))


if __name__ == "__main__":
    main()
