"""Reused evidence pictures: perceptual hashes that survive re-encoding, resizing and small crops.

The man who claimed from 12 companies sent the same injury photo and receipt under different names,
re-saved and trimmed. Each picture gets two 64-bit hashes (pHash from the DCT, dHash from gradients);
two pictures are "the same" when both hashes are within ``max_distance`` bits (either alone lets
unrelated pictures of similar layout through). Candidates come from
multi-index hashing — pictures sharing an exact byte of either hash — so pictures are never compared
all against all; a near copy misses every byte of both hashes only rarely, and a picture reused in
several complaints has several chances.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .unionfind import components

HASH_BYTES = 8
# A bucket this full is a flat or blank image family, not evidence; comparing inside it would be quadratic.
MAX_BUCKET = 4000


def hashes_of(path: Path) -> tuple[int, int] | None:
    import imagehash
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img = img.convert("L")
            return _to_int(imagehash.phash(img)), _to_int(imagehash.dhash(img))
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        # A broken, forged or oversized picture is not evidence the model can compare: counted as missing.
        return None


def _to_int(h) -> int:
    bits = h.hash.flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def popcount(x: np.ndarray) -> np.ndarray:
    return np.bitwise_count(x.astype(np.uint64)).astype(np.int64)


def near_pairs(hashes: np.ndarray, max_distance: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) of rows of ``hashes`` (n × k uint64, one column per hash kind) within ``max_distance``
    on every column, found through byte buckets of every column (a pair may repeat)."""
    n = len(hashes)
    src, dst = [], []
    for col in range(hashes.shape[1]):
        h = hashes[:, col]
        for b in range(HASH_BYTES):
            chunk = ((h >> np.uint64(8 * b)) & np.uint64(0xFF)).astype(np.int64)
            order = np.argsort(chunk, kind="stable")
            sorted_chunk = chunk[order]
            starts = np.flatnonzero(np.concatenate(([True], sorted_chunk[1:] != sorted_chunk[:-1])))
            ends = np.concatenate((starts[1:], [n]))
            for a, e in zip(starts, ends, strict=True):
                m = e - a
                if m < 2 or m > MAX_BUCKET:
                    continue
                members = order[a:e]
                i, j = np.triu_indices(m, k=1)
                pi, pj = members[i], members[j]
                close = np.ones(len(pi), dtype=bool)
                for c2 in range(hashes.shape[1]):
                    close &= popcount(hashes[pi, c2] ^ hashes[pj, c2]) <= max_distance
                src.append(pi[close])
                dst.append(pj[close])
    if not src:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(src), np.concatenate(dst)


def cluster_hashes(hashes: np.ndarray, max_distance: int) -> np.ndarray:
    """Cluster label per row, -1 for pictures like no other."""
    n = len(hashes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    src, dst = near_pairs(hashes, max_distance)
    labels = components(n, src, dst)
    sizes = np.bincount(labels, minlength=n)
    return np.where(sizes[labels] >= 2, labels, -1)


def cluster_files(folder: Path, names: list[str], *, max_distance: int) -> tuple[np.ndarray, int, int]:
    """Cluster per evidence file name (-1: unique, missing or unreadable), files hashed, files missing."""
    folder = folder.resolve()
    rows, values = [], []
    missing = 0
    for i, name in enumerate(names):
        path = (folder / name).resolve()
        # File names come from the complaint export: never follow one out of the evidence folder.
        if not path.is_relative_to(folder) or not path.is_file():
            missing += 1
            continue
        h = hashes_of(path)
        if h is None:
            missing += 1
            continue
        rows.append(i)
        values.append(h)
    out = np.full(len(names), -1, dtype=np.int64)
    if rows:
        labels = cluster_hashes(np.array(values, dtype=np.uint64), max_distance)
        out[np.array(rows)] = labels
    return out, len(rows), missing
