"""Near-duplicate complaint texts: character n-gram MinHash, LSH banding, candidates only.

Professional claimants and rings reuse one script ("食品里有塑料把手指割破了") with a name or an
amount changed. Comparing every pair of a million texts is out of the question, so each text gets a
short MinHash signature (computed with numpy over whole batches, never per character in Python) and
only texts that agree on a whole band of the signature are compared.
"""

from __future__ import annotations

import numpy as np

from .unionfind import components

# 32 minima of 16 bits each: 64 bytes a row. The low 16 bits of a 64-bit mix are as good as random,
# so two unrelated texts agree on a slot with probability 1/65536 — negligible against the 1/32
# resolution of the estimate itself.
NUM_PERM = 32
BANDS = 8
ROWS_PER_BAND = NUM_PERM // BANDS  # 4 x 16 bits = one uint64 key per band
NGRAM = 3
# A text this short says too little to call two complainants' wording "the same": genuine consumers'
# short complaints ("买的面包发霉了，要求退款") resemble each other without anyone copying anyone.
MIN_CHARS = 30
COMPARE_SLICE = 65536  # candidate pairs verified at a time

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads n-gram codes over all 64 bits (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class MinHasher:
    def __init__(self, num_perm: int = NUM_PERM, ngram: int = NGRAM, seed: int = 20240601):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.ngram = ngram
        self.salts = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64)

    def signatures(self, texts: list[str]) -> np.ndarray:
        """One row of ``num_perm`` uint16 minima per text; texts shorter than MIN_CHARS get all zeros."""
        out = np.zeros((len(texts), self.num_perm), dtype=np.uint16)
        keep = [i for i, t in enumerate(texts) if len(t) >= MIN_CHARS]
        if not keep:
            return out
        chosen = [texts[i] for i in keep]
        lens = np.fromiter((len(t) for t in chosen), dtype=np.int64, count=len(chosen))
        codes = np.frombuffer("".join(chosen).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        grams_per_text = lens - self.ngram + 1
        # Start position of every n-gram that lies wholly inside its own text.
        text_of_gram = np.repeat(np.arange(len(chosen)), grams_per_text)
        first_gram = np.concatenate(([0], np.cumsum(grams_per_text)[:-1]))
        pos = starts[text_of_gram] + (np.arange(len(text_of_gram)) - first_gram[text_of_gram])
        gram = codes[pos]
        for k in range(1, self.ngram):
            gram = (gram << np.uint64(21)) ^ codes[pos + k]  # code points fit in 21 bits
        base = _mix(gram)
        sig = np.empty((len(chosen), self.num_perm), dtype=np.uint16)
        for j, salt in enumerate(self.salts):
            h = _mix(base ^ salt)
            sig[:, j] = np.minimum.reduceat(h, first_gram).astype(np.uint16)
        # A real minimum is never all-zero in practice; keep zero rows as "no text".
        sig[(sig == 0).all(axis=1), 0] = 1
        out[keep] = sig
        return out


def has_text(sig: np.ndarray) -> np.ndarray:
    return (sig != 0).any(axis=1)


def near_duplicate_clusters(sig: np.ndarray, threshold: float = 0.7, max_bucket: int = 50_000) -> np.ndarray:
    """Cluster id per row (-1 for rows with no near-duplicate), from LSH candidates verified on the signature.

    Each LSH bucket is checked as a star around its first member, so the work is linear in the number
    of rows per band. ``max_bucket`` drops buckets that only boilerplate could fill.
    """
    n = len(sig)
    if n == 0:
        return np.full(0, -1, dtype=np.int64)
    keys = np.ascontiguousarray(sig).view(np.uint64).reshape(n, BANDS)
    valid = np.flatnonzero(has_text(sig))
    src_parts, dst_parts = [], []
    for b in range(BANDS):
        band = keys[valid, b]
        order = np.argsort(band, kind="stable")
        sorted_keys = band[order]
        rows = valid[order]
        if len(rows) < 2:
            continue
        new_group = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
        group_start = np.flatnonzero(new_group)
        sizes = np.diff(np.concatenate((group_start, [len(rows)])))
        start_of = np.repeat(group_start, sizes)
        size_of = np.repeat(sizes, sizes)
        member = (np.arange(len(rows)) != start_of) & (size_of <= max_bucket)
        a, c = rows[start_of[member]], rows[member]
        # Compared in slices: gathering both signatures of every candidate pair at once would cost
        # 128 bytes a pair, over 100 MB for a million rows.
        for lo in range(0, len(a), COMPARE_SLICE):
            sa, sc = a[lo:lo + COMPARE_SLICE], c[lo:lo + COMPARE_SLICE]
            agree = (sig[sa] == sig[sc]).mean(axis=1)
            ok = agree >= threshold
            src_parts.append(sa[ok])
            dst_parts.append(sc[ok])
    if not src_parts:
        return np.full(n, -1, dtype=np.int64)
    src = np.concatenate(src_parts)
    dst = np.concatenate(dst_parts)
    labels = components(n, src, dst)
    # Singletons are not clusters.
    counts = np.bincount(labels, minlength=n)
    labels = labels.astype(np.int64)
    labels[counts[labels] < 2] = -1
    return labels


def estimated_similarity(sig: np.ndarray, a: int, b: int) -> float:
    return float((sig[a] == sig[b]).mean())
