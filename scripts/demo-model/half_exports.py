"""Half-precision exports of the demo as users make them: model.half() (or .to(bfloat16)),
then PyTorch's TorchScript exporter, opset 17, input_ids -> logits.

For each dtype: NAME.onnx and two PyTorch references on the fixture's input ids,
  NAME-logits.npy         the half model run in its own dtype (what the export computes),
  NAME-logits-upcast.npy  the half model's weights run in float32 (what an engine that casts
                          weights to float32 on load computes),
both stored as float32 (the half logits exactly). onnxruntime (CPU) runs the export when it can;
its failure to, if any, is recorded word for word.
"""
from __future__ import annotations

import copy
import os
import traceback

import numpy as np
import torch

from onnx_checks import check_model, differences, export_torchscript, graph_summary, ort_session

AXES = {"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}


def error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error).strip()[:2000]}"


def forward_on(model, ids: torch.Tensor, device: str) -> np.ndarray:
    with torch.no_grad():
        return model.to(device)(ids.to(device)).float().cpu().numpy()


def export_half(demo, dtype: torch.dtype, ids: torch.Tensor, out_dir: str, name: str, log) -> dict:
    """Exports demo in dtype; returns what happened (errors included) for metrics.json."""
    ids = ids.contiguous()
    base = copy.deepcopy(demo).float().cpu().eval()
    base.set_sdpa(False)
    half = copy.deepcopy(base).to(dtype)
    path = os.path.join(out_dir, f"{name}.onnx")
    result: dict = {"dtype": str(dtype).replace("torch.", ""), "file": f"{name}.onnx",
                    "input_ids": {"dims": list(ids.shape), "data": ids.flatten().tolist()}}
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])

    export_errors = {}
    for device in devices:
        try:
            export_torchscript(half.to(device), (ids.to(device),), path, ["input_ids"], AXES, opset=17)
            result["export_device"] = device
            break
        except Exception as error:  # CPU half tracing may lack kernels: the next device may have them
            export_errors[device] = error_text(error)
            log(f"{name}: export on {device} failed: {export_errors[device]}")
    result["export_errors"] = export_errors
    if "export_device" not in result:
        result["exported"] = False
        return result
    result["exported"] = True
    result["bytes"] = os.path.getsize(path)
    try:
        check_model(path)
        result["onnx_checker"] = "ok"
    except Exception as error:
        result["onnx_checker"] = error_text(error)
    result["graph"] = graph_summary(path)

    reference_errors = {}
    for device in devices:
        try:
            native = forward_on(half, ids, device)
            result["reference_device"] = device
            break
        except Exception as error:
            reference_errors[device] = error_text(error)
    result["reference_errors"] = reference_errors
    if "reference_device" not in result:
        raise RuntimeError(f"{name}: no device ran the {dtype} model: {reference_errors}")
    upcast = forward_on(copy.deepcopy(half).float(), ids, "cpu")
    fp32 = forward_on(base, ids, "cpu")
    np.save(os.path.join(out_dir, f"{name}-logits.npy"), native.astype(np.float32))
    np.save(os.path.join(out_dir, f"{name}-logits-upcast.npy"), upcast.astype(np.float32))
    result["torch_native_vs_float32_model"] = differences(native, fp32)
    result["torch_upcast_vs_float32_model"] = differences(upcast, fp32)
    result["torch_native_vs_upcast"] = differences(native, upcast)
    if result["reference_device"] != "cpu":
        result["torch_native_cpu_note"] = "the half model did not run on CPU; reference from " + result["reference_device"]

    try:
        session = ort_session(path)
        actual = session.run(["logits"], {"input_ids": ids.numpy()})[0]
        result["ort_output_dtype"] = str(actual.dtype)
        result["ort_vs_torch_native"] = differences(actual, native)
        result["ort_vs_torch_upcast"] = differences(actual, upcast)
        result["ort_vs_float32_model"] = differences(actual, fp32)
    except Exception as error:  # onnxruntime's CPU provider has no kernels for some dtypes
        result["ort_error"] = error_text(error)
        log(f"{name}: onnxruntime CPU: {result['ort_error'][:300]}")
    log(f"{name}: {result.get('bytes')} bytes, exported on {result['export_device']}, reference on "
        f"{result['reference_device']}; ORT vs PyTorch {result.get('ort_vs_torch_native', result.get('ort_error', '')[:120])}")
    return result


def export_half_safely(demo, dtype, ids, out_dir, name, log) -> dict:
    try:
        return export_half(demo, dtype, ids, out_dir, name, log)
    except Exception as error:
        log(f"{name}: failed: {error_text(error)}\n{traceback.format_exc()}")
        return {"dtype": str(dtype), "failed": error_text(error), "traceback": traceback.format_exc()}
