"""Connected components over integer edge lists, in C (scipy) rather than a Python union-find loop."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Component label (0..k-1) for each of ``n`` nodes joined by the undirected edges src[i]–dst[i]."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n)).tocsr()
    _count, labels = connected_components(graph, directed=False)
    return labels.astype(np.int64)


def link_by_values(n: int, values: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Edges that join every row to the first row carrying the same value (values < 0 mean "none").

    ``rows`` gives the row of each value when a row may carry several (accounts, evidence images).
    """
    values = np.asarray(values, dtype=np.int64)
    rows = np.arange(len(values), dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    keep = values >= 0
    values, rows = values[keep], rows[keep]
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    v, r = values[order], rows[order]
    first = np.concatenate(([True], v[1:] != v[:-1]))
    head = r[np.maximum.accumulate(np.where(first, np.arange(len(v)), 0))]
    mask = ~first
    return head[mask], r[mask]
