"""Training corpus: the Python sources of the local site-packages, as bytes.

Two held-out texts (calibration and evaluation) are made of whole files that
never enter the training stream (also not as exact duplicates elsewhere).
"""
from __future__ import annotations

import hashlib
import os
import random
import site
import sysconfig
import time
from dataclasses import dataclass

HELD_OUT_BYTES = 65536
FILE_SEPARATOR = b"\n\n"


@dataclass
class Corpus:
    train: bytes
    calibration: bytes
    heldout: bytes
    train_files: int
    roots: list[str]


def source_roots() -> list[str]:
    roots = list(site.getsitepackages()) + [sysconfig.get_paths()["purelib"]]
    seen: list[str] = []
    for root in roots:
        real = os.path.realpath(root)
        if os.path.isdir(real) and real not in seen:
            seen.append(real)
    return seen


def list_python_files(roots: list[str], max_file_bytes: int) -> list[str]:
    paths: list[str] = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    try:
                        size = os.path.getsize(path)
                    except OSError:
                        continue
                    if 0 < size <= max_file_bytes:
                        paths.append(path)
    return paths


def read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def is_plain_ascii(data: bytes) -> bool:
    return all(b < 128 for b in data) and b"\r" not in data


def take_held_out(paths, start, used_hashes) -> tuple[bytes, int]:
    """Whole ASCII files of 4-32 KB from paths[start:], until HELD_OUT_BYTES."""
    chunks: list[bytes] = []
    total, index = 0, start
    while total < HELD_OUT_BYTES and index < len(paths):
        data = read_bytes(paths[index])
        index += 1
        if data is None or not 4096 <= len(data) <= 32768 or not is_plain_ascii(data):
            continue
        digest = hashlib.sha1(data).digest()
        if digest in used_hashes:
            continue
        used_hashes.add(digest)
        chunks.append(data + FILE_SEPARATOR)
        total += len(data) + len(FILE_SEPARATOR)
    return b"".join(chunks)[:HELD_OUT_BYTES], index


def build_corpus(max_train_bytes: int, max_seconds: float, seed: int = 0) -> Corpus:
    started = time.time()
    roots = source_roots()
    paths = list_python_files(roots, max_file_bytes=1 << 20)
    random.Random(seed).shuffle(paths)
    held_hashes: set[bytes] = set()
    calibration, next_index = take_held_out(paths, 0, held_hashes)
    heldout, next_index = take_held_out(paths, next_index, held_hashes)
    seen = set(held_hashes)
    chunks: list[bytes] = []
    total = files = 0
    for path in paths[next_index:]:
        if total >= max_train_bytes or time.time() - started > max_seconds:
            break
        data = read_bytes(path)
        if not data:
            continue
        digest = hashlib.sha1(data).digest()
        if digest in seen:
            continue
        seen.add(digest)
        chunks.append(data + FILE_SEPARATOR)
        total += len(data) + len(FILE_SEPARATOR)
        files += 1
    return Corpus(b"".join(chunks), calibration, heldout, files, roots)
