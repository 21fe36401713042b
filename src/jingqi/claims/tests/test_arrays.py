"""The engine's distinct-values helper gives what np.unique gives, by sorting."""

import numpy as np
import pytest

from jingqi.claims.engine.arrays import unique


@pytest.mark.parametrize("values", [
    np.zeros(0, dtype=np.int64),
    np.array([7], dtype=np.int64),
    np.array([3, -1, 3, 3, -1, 0], dtype=np.int64),
    np.array([[5, 2], [2, 9]], dtype=np.int64),  # any shape, flattened like np.unique
    np.random.default_rng(1).integers(-(2**62), 2**62, size=50_000),
    np.random.default_rng(2).integers(0, 40, size=50_000).astype(np.int32),
])
def test_unique_equals_numpy_unique(values):
    got, want = unique(values), np.unique(values)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)


def test_unique_leaves_its_input_as_it_was():
    values = np.array([4, 1, 4, 2], dtype=np.int64)
    unique(values)
    assert values.tolist() == [4, 1, 4, 2]


def test_window_counts_counts_each_rows_earlier_neighbours_like_a_loop():
    from jingqi.claims.engine.rules import window_counts

    rng = np.random.default_rng(3)
    key, t = rng.integers(0, 30, size=2_000), rng.integers(0, 500, size=2_000)
    want = [int(((key == key[i]) & (t >= t[i] - 20) & (t <= t[i])).sum()) for i in range(len(key))]
    assert window_counts(key, t, 20).tolist() == want
    assert window_counts(key[:0], t[:0], 20).tolist() == []
