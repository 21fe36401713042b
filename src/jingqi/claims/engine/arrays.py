"""Array helpers shared by the engine's stages."""

from __future__ import annotations

import numpy as np


def unique(values: np.ndarray) -> np.ndarray:
    """The distinct values of an array, sorted (as ``np.unique`` without options), found by sorting.

    NumPy 2.4's ``np.unique`` without options builds a hash table instead, which on a million distinct int64
    values takes about 60 times as long as sorting them (2.2 s against 0.04 s on the benchmark machine): at a
    million complaints, 10 of the scan's 50 seconds went there.
    """
    out = np.sort(np.asarray(values).ravel())
    if len(out) < 2:
        return out
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]
