"""Store an export's weights as external data that can be rebuilt from the demo model.

The repository (and the device's working-tree limit) cannot hold a second and third copy of the
demo's weights, so exports whose initializers are the demo's own tensors (the KV-cache export,
float32) or their bfloat16 roundings (the bf16 export) are committed as the exporter's graph with
those initializers moved to external data, plus a map: for each moved tensor its source
initializer in demo-decoder.onnx, the conversion (float32: a copy; bfloat16: round to nearest
even, as torch's .to(torch.bfloat16)), and its offset and length in the data file. The tests
rebuild the data file from the demo and check its SHA-256 against the one recorded here.
"""
from __future__ import annotations

import hashlib
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, external_data_helper

MIN_BYTES = 1024
ALIGN = 64


def bfloat16_bytes(raw: bytes) -> bytes:
    values = torch.from_numpy(np.frombuffer(raw, dtype="<f4").copy())
    return values.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()


def demo_sources(demo_path: str) -> dict[tuple, str]:
    """(data type, dims, bytes) -> demo initializer name, for float32 and its bfloat16 rounding."""
    sources: dict[tuple, str] = {}
    for tensor in onnx.load(demo_path).graph.initializer:
        if tensor.data_type != TensorProto.FLOAT or not tensor.HasField("raw_data"):
            continue
        dims = tuple(tensor.dims)
        sources.setdefault((TensorProto.FLOAT, dims, tensor.raw_data), tensor.name)
        sources.setdefault((TensorProto.BFLOAT16, dims, bfloat16_bytes(tensor.raw_data)), tensor.name)
    return sources


def externalize_from_demo(model_path: str, demo_path: str, out_path: str) -> dict:
    """Writes out_path (graph) and out_path + '.data'; returns the map (JSON-ready)."""
    sources = demo_sources(demo_path)
    model = onnx.load(model_path)
    location = os.path.basename(out_path) + ".data"
    data = bytearray()
    tensors = []
    for tensor in model.graph.initializer:
        if not tensor.HasField("raw_data") or len(tensor.raw_data) < MIN_BYTES:
            continue
        source = sources.get((tensor.data_type, tuple(tensor.dims), tensor.raw_data))
        if source is None:
            continue
        data.extend(b"\0" * (-len(data) % ALIGN))
        offset, length = len(data), len(tensor.raw_data)
        data.extend(tensor.raw_data)
        tensors.append({"name": tensor.name, "source": source, "dims": list(tensor.dims),
                        "conversion": "bfloat16" if tensor.data_type == TensorProto.BFLOAT16 else "float32",
                        "offset": offset, "length": length})
        external_data_helper.set_external_data(tensor, location=location, offset=offset, length=length)
        tensor.ClearField("raw_data")
    with open(out_path, "wb") as handle:
        handle.write(model.SerializeToString())
    with open(os.path.join(os.path.dirname(out_path), location), "wb") as handle:
        handle.write(bytes(data))
    inline = sum(len(t.raw_data) for t in model.graph.initializer if t.HasField("raw_data"))
    return {"graph": os.path.basename(out_path), "graphBytes": os.path.getsize(out_path),
            "data": location, "dataBytes": len(data), "dataSha256": hashlib.sha256(bytes(data)).hexdigest(),
            "source": "models/demo/demo-decoder.onnx", "sourceSha256": sha256_file(demo_path),
            "align": ALIGN, "inlineInitializerBytes": inline, "tensors": tensors}


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_round_trip(original_path: str, out_path: str) -> int:
    """The externalized model loads (data beside it) with every initializer byte-identical."""
    original = {t.name: t for t in onnx.load(original_path).graph.initializer}
    reloaded = onnx.load(out_path).graph.initializer
    if len(reloaded) != len(original):
        raise AssertionError(f"{out_path}: {len(reloaded)} initializers, expected {len(original)}")
    for tensor in reloaded:
        before = original[tensor.name]
        if tensor.raw_data != before.raw_data or list(tensor.dims) != list(before.dims):
            raise AssertionError(f"{out_path}: initializer {tensor.name} differs after externalizing")
    onnx.checker.check_model(out_path, full_check=True)
    return len(reloaded)
