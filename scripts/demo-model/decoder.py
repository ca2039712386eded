"""Byte-level Llama-style decoder in plain PyTorch.

Module names mirror Hugging Face's LlamaForCausalLM (model.embed_tokens,
model.layers.N.self_attn.q_proj, model.layers.N.mlp.down_proj, model.norm,
lm_head) so that the TorchScript ONNX exporter names nodes the way it does
for real Llama exports (/model/layers.N/mlp/down_proj/MatMul).

A layer may lack its attention sublayer (has_attention=False: no
input_layernorm, no self_attn) or its FFN sublayer (has_ffn=False: no
post_attention_layernorm, no mlp), as in Puzzle-derived models.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class DecoderConfig:
    vocab_size: int = 256
    hidden_size: int = 128
    intermediate_size: int = 384
    num_layers: int = 24
    num_heads: int = 4
    num_kv_heads: int = 2
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-5
    has_attention: list[bool] = field(default_factory=list)
    has_ffn: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.has_attention:
            self.has_attention = [True] * self.num_layers
        if not self.has_ffn:
            self.has_ffn = [True] * self.num_layers

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_heads


class RMSNorm(nn.Module):
    def __init__(self, size: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        x = x.float()
        variance = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(variance + self.eps)
        return self.weight * x.to(dtype)


class RotaryEmbedding(nn.Module):
    def __init__(self, head_dim: int, theta: float) -> None:
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, seq_len: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        positions = torch.arange(seq_len, device=device, dtype=torch.float32)
        freqs = positions[:, None] * self.inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos(), emb.sin()

    def at_positions(self, position_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Tables for explicit positions [batch, seq] -> [batch, 1, seq, head_dim] (KV-cache path).

        Same products as forward() for the same positions, so the same values."""
        freqs = position_ids[:, :, None].float() * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos()[:, None], emb.sin()[:, None]


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    return x * cos.to(x.dtype) + rotate_half(x) * sin.to(x.dtype)


def repeat_kv(x: torch.Tensor, groups: int) -> torch.Tensor:
    if groups == 1:
        return x
    batch, kv_heads, seq, dim = x.shape
    x = x[:, :, None, :, :].expand(batch, kv_heads, groups, seq, dim)
    return x.reshape(batch, kv_heads * groups, seq, dim)


class Attention(nn.Module):
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.num_heads = config.num_heads
        self.num_kv_heads = config.num_kv_heads
        self.head_dim = config.head_dim
        hidden, kv_width = config.hidden_size, config.num_kv_heads * config.head_dim
        self.q_proj = nn.Linear(hidden, config.num_heads * config.head_dim, bias=False)
        self.k_proj = nn.Linear(hidden, kv_width, bias=False)
        self.v_proj = nn.Linear(hidden, kv_width, bias=False)
        self.o_proj = nn.Linear(config.num_heads * config.head_dim, hidden, bias=False)
        # Training uses fused SDPA; export uses explicit MatMul/Softmax like eager HF Llama.
        self.use_sdpa = True

    def forward(self, x, cos, sin, causal_mask):
        batch, seq = x.shape[0], x.shape[1]
        q = self.q_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        groups = self.num_heads // self.num_kv_heads
        k, v = repeat_kv(k, groups), repeat_kv(v, groups)
        if self.use_sdpa:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim)
            scores = scores + causal_mask
            probs = torch.softmax(scores.float(), dim=-1).to(q.dtype)
            out = torch.matmul(probs, v)
        out = out.transpose(1, 2).reshape(batch, seq, -1)
        return self.o_proj(out)

    def forward_cached(self, x, cos, sin, mask, past_key, past_value):
        """Attention over past + new keys/values, always explicit (it is only exported).

        past_key/past_value and the returned present: [batch, kv_heads, length, head_dim],
        after rotary, before the kv heads are repeated (Hugging Face's cache layout).
        forward() is left as it was so that the no-cache export keeps its numerics."""
        batch, seq = x.shape[0], x.shape[1]
        q = self.q_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(batch, seq, -1, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        k = torch.cat((past_key, k), dim=2)
        v = torch.cat((past_value, v), dim=2)
        groups = self.num_heads // self.num_kv_heads
        k_all, v_all = repeat_kv(k, groups), repeat_kv(v, groups)
        scores = torch.matmul(q, k_all.transpose(2, 3)) / math.sqrt(self.head_dim)
        scores = scores + mask
        probs = torch.softmax(scores.float(), dim=-1).to(q.dtype)
        out = torch.matmul(probs, v_all)
        out = out.transpose(1, 2).reshape(batch, seq, -1)
        return self.o_proj(out), (k, v)


class MLP(nn.Module):
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, config: DecoderConfig, index: int) -> None:
        super().__init__()
        self.has_attention = config.has_attention[index]
        self.has_ffn = config.has_ffn[index]
        eps = config.rms_norm_eps
        self.input_layernorm = RMSNorm(config.hidden_size, eps) if self.has_attention else None
        self.self_attn = Attention(config) if self.has_attention else None
        self.post_attention_layernorm = RMSNorm(config.hidden_size, eps) if self.has_ffn else None
        self.mlp = MLP(config) if self.has_ffn else None

    def remove_attention(self) -> None:
        self.has_attention = False
        self.input_layernorm = None
        self.self_attn = None

    def forward(self, x, cos, sin, causal_mask):
        if self.self_attn is not None:
            x = x + self.self_attn(self.input_layernorm(x), cos, sin, causal_mask)
        if self.mlp is not None:
            x = x + self.mlp(self.post_attention_layernorm(x))
        return x

    def forward_cached(self, x, cos, sin, mask, past_key, past_value):
        """An attention layer with its cache: (stream out, (present key, present value))."""
        attention, present = self.self_attn.forward_cached(
            self.input_layernorm(x), cos, sin, mask, past_key, past_value)
        x = x + attention
        if self.mlp is not None:
            x = x + self.mlp(self.post_attention_layernorm(x))
        return x, present


class DecoderModel(nn.Module):
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(config, i) for i in range(config.num_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.rotary_emb = RotaryEmbedding(config.head_dim, config.rope_theta)

    def causal_mask(self, seq_len: int, device: torch.device) -> torch.Tensor:
        full = torch.full((seq_len, seq_len), float("-inf"), device=device)
        return torch.triu(full, diagonal=1)

    def forward(self, input_ids: torch.Tensor, skip_layer: int | None = None,
                collect: list | None = None) -> torch.Tensor:
        x = self.embed_tokens(input_ids)
        seq_len = input_ids.shape[1]
        cos, sin = self.rotary_emb(seq_len, input_ids.device)
        mask = self.causal_mask(seq_len, input_ids.device)
        for index, layer in enumerate(self.layers):
            out = x if index == skip_layer else layer(x, cos, sin, mask)
            if collect is not None:
                collect.append((x, out))
            x = out
        return self.norm(x)

    def cached_mask(self, attention_mask: torch.Tensor, seq_len, dtype) -> torch.Tensor:
        """Additive mask [batch, 1, seq, past + seq]: causal over absolute positions, and
        padding from attention_mask [batch, past + seq]. The dtype's minimum rather than -inf
        (as Hugging Face does) so that a fully padded row gives no NaN."""
        total = attention_mask.shape[1]
        key_positions = torch.arange(total, device=attention_mask.device)
        query_positions = torch.arange(seq_len, device=attention_mask.device) + (total - seq_len)
        allowed = key_positions[None, :] <= query_positions[:, None]
        allowed = allowed[None, None, :, :] & (attention_mask[:, None, None, :] > 0)
        zeros = torch.zeros(allowed.shape, dtype=dtype, device=attention_mask.device)
        return zeros.masked_fill(~allowed, torch.finfo(dtype).min)

    def forward_cached(self, input_ids, attention_mask, position_ids, past):
        """Forward with a KV cache. past: one (key, value) per attention layer, in layer order
        (length 0 on axis 2 for an empty cache). Returns (normed stream, presents)."""
        x = self.embed_tokens(input_ids)
        cos, sin = self.rotary_emb.at_positions(position_ids)
        mask = self.cached_mask(attention_mask, input_ids.shape[1], x.dtype)
        presents = []
        pasts = iter(past)
        for layer in self.layers:
            if layer.self_attn is not None:
                past_key, past_value = next(pasts)
                x, present = layer.forward_cached(x, cos, sin, mask, past_key, past_value)
                presents.append(present)
            else:
                x = layer(x, cos, sin, mask)
        return self.norm(x), presents


class DecoderForCausalLM(nn.Module):
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.config = config
        self.model = DecoderModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.lm_head(self.model(input_ids))

    def forward_with(self, input_ids, skip_layer=None, collect=None) -> torch.Tensor:
        return self.lm_head(self.model(input_ids, skip_layer, collect))

    def forward_cached(self, input_ids, attention_mask, position_ids, past):
        hidden, presents = self.model.forward_cached(input_ids, attention_mask, position_ids, past)
        return self.lm_head(hidden), presents

    def attention_layers(self) -> list[int]:
        return [i for i, layer in enumerate(self.model.layers) if layer.self_attn is not None]

    def set_sdpa(self, enabled: bool) -> None:
        for layer in self.model.layers:
            if layer.self_attn is not None:
                layer.self_attn.use_sdpa = enabled

    def remove_attention(self, layers: list[int]) -> None:
        for index in layers:
            self.model.layers[index].remove_attention()
            self.config.has_attention[index] = False


def init_weights(model: DecoderForCausalLM, std: float, seed: int) -> None:
    generator = torch.Generator().manual_seed(seed)
    residual_std = std / math.sqrt(2 * model.config.num_layers)
    for name, param in model.named_parameters():
        if name.endswith("layernorm.weight") or name.endswith("norm.weight"):
            continue
        scale = residual_std if name.endswith(("o_proj.weight", "down_proj.weight")) else std
        with torch.no_grad():
            param.copy_(torch.randn(param.shape, generator=generator) * scale)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
