"""Helpers shared by the demo-model and fixture scripts: export, ORT parity, summaries."""
from __future__ import annotations

import collections
import json

import numpy as np
import onnx
import onnxruntime as ort
import torch


def export_torchscript(model, args, path, input_names, dynamic_axes, opset=17, output_names=("logits",)) -> None:
    torch.onnx.export(
        model, args, path,
        input_names=input_names, output_names=list(output_names),
        dynamic_axes=dynamic_axes, opset_version=opset,
        do_constant_folding=True, dynamo=False,
    )


def export_dynamo(model, args, path, input_names, opset=18) -> str:
    """Dynamo export with dynamic batch/sequence; returns how shapes were declared."""
    batch = torch.export.Dim("batch", min=1, max=1024)
    sequence = torch.export.Dim("sequence", min=2, max=4096)
    attempts = [
        ("named dims", tuple({0: batch, 1: sequence} for _ in input_names)),
        ("Dim.AUTO", tuple({0: torch.export.Dim.AUTO, 1: torch.export.Dim.AUTO} for _ in input_names)),
        ("static", None),
    ]
    errors = []
    for label, shapes in attempts:
        try:
            program = torch.onnx.export(
                model, args, dynamo=True, opset_version=opset,
                input_names=input_names, output_names=["logits"],
                dynamic_shapes=shapes, external_data=False,
            )
            program.save(path, external_data=False)
            return label
        except Exception as error:  # keep going: the next declaration may succeed
            errors.append(f"{label}: {type(error).__name__}: {str(error)[:400]}")
    raise RuntimeError("dynamo export failed: " + " | ".join(errors))


def ort_session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 4
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def ort_logits(path: str, feeds: dict[str, np.ndarray]) -> np.ndarray:
    return ort_session(path).run(["logits"], feeds)[0]


def differences(actual: np.ndarray, expected: np.ndarray) -> dict:
    """Largest and mean absolute difference, computed in float64."""
    gap = np.abs(np.asarray(actual, dtype=np.float64) - np.asarray(expected, dtype=np.float64))
    return {"max": float(gap.max()), "mean": float(gap.mean())}


def graph_summary(path: str) -> dict:
    model = onnx.load(path)
    graph = model.graph
    ops = collections.Counter(node.op_type for node in graph.node)
    return {
        "ir_version": model.ir_version,
        "opsets": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "producer": f"{model.producer_name} {model.producer_version}",
        "inputs": [value_info(v) for v in graph.input],
        "outputs": [value_info(v) for v in graph.output],
        "nodes": len(graph.node),
        "op_counts": dict(sorted(ops.items())),
        "first_node_names": [n.name for n in graph.node[:12]],
        "matmul_node_names": [n.name for n in graph.node if n.op_type == "MatMul"][:12],
        "initializers": [
            {"name": t.name, "dims": list(t.dims)} for t in graph.initializer[:16]
        ],
        "initializer_count": len(graph.initializer),
    }


def value_info(value) -> dict:
    dims = []
    for dim in value.type.tensor_type.shape.dim:
        dims.append(dim.dim_param if dim.dim_param else dim.dim_value)
    return {"name": value.name, "elem_type": value.type.tensor_type.elem_type, "dims": dims}


def check_model(path: str) -> None:
    onnx.checker.check_model(path, full_check=True)


def dump_json(path: str, data) -> None:
    with open(path, "w") as handle:
        json.dump(data, handle, indent=1)
        handle.write("\n")
