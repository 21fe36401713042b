"""Reused evidence pictures: the same picture found again after re-encoding, resizing, 90° turns, mirroring,
screenshot frames and crops; other photos of the same product are not "the same picture".

The man who claimed from 12 companies sent the same injury photo under different names, re-saved, turned,
mirrored, cut down or sent as a screenshot of a chat. Each picture is read once, small:

1. **Frame off.** Rows and columns at the edges that are one flat colour (a phone's status bar, a chat
   header and input bar, the margins of an album view, a white border) are trimmed, again until none is
   left, so a screenshot and the photo inside it come down to the same picture.
2. **Thumbnails.** The trimmed picture is scaled to a square grey thumbnail (``THUMB``) for the hashes and a
   small colour one (``VERIFY``) to verify matches. Squashing to a square keeps a crop a square window.
3. **Window hashes.** Two hashes (the signs of the 6 x 6 and of the 8 x 8 lowest DCT coefficients, DC
   left out: 35 and 63 bits) of the whole thumbnail and of a grid of square windows (``WINDOW_SCALES``): a
   crop of another picture looks like one of these windows. The signs of DCT coefficients change in a
   known way when a picture is turned or mirrored, so the whole picture's hashes are had in all 8
   orientations without computing anything again.
4. **Candidates, not all pairs.** A picture's 8 oriented whole-picture short hashes are looked up among
   every picture's window short hashes by bit-sampling LSH (``TABLES`` tables of at least ``KEY_BITS``
   bits each, longer keys for more pictures); a window within ``max_distance`` bits of the short hash and
   ``MAX_LONG_DISTANCE`` of the long one is a candidate, and each picture keeps its ``NEIGHBOURS``
   nearest pictures by the long hash.
5. **Verification.** A hash match only says two pictures are alike in layout: other receipts of one till,
   other storefronts of one street, other photos of one product on one counter all are. The candidate's
   window is refined by hill-climbing (position and scale) on the grey pictures, and the two are then
   compared in colour (normalised cross-correlation with each channel less its mean: brightness,
   contrast and tint edits do not change it). A pair alike at ``MIN_SIMILARITY`` in colour (and
   ``GREY_SLACK`` less in grey) is then read again larger and compared in its fine print
   (``FINE_DIFFERENCE``, ``FINE_RATIO``): only a pair with the same print is the same picture. Two chat
   screenshots of one app, or two payment records, two slips of one till, share layout and colours but not
   the bubbles, figures and names on them (one frequent buyer's two purchases, not one picture sent twice).
6. **Copies.** Only a copy ties different people: the same picture with its colours kept
   (``COPY_DIFFERENCE``); a recoloured one is the same picture to one person's reuse, not a copy.

Matches are joined into clusters (connected components). The thresholds are measured on the tuning
generators by ``bench/claims_images.py``, not chosen by eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.ndimage import gaussian_filter

from .arrays import unique
from .unionfind import components

THUMB = 64  # side of the grey thumbnail the hashes are computed on
VERIFY = 32  # side of the colour thumbnail kept to verify candidates (3 KB a picture)
DECODE = 256  # pictures are decoded (JPEG at a reduced scale) and trimmed at about this size
BLOCK = 8  # the long hash is the signs of the BLOCK x BLOCK lowest DCT coefficients but DC (63 bits)
SHORT = 6  # the short hash, the SHORT x SHORT lowest (35 bits): fewer bits, each steadier, for look-up
SAMPLES = 32  # samples per side of a hashed window
# Window sizes (share of the trimmed picture's side) and the step of their grid: a crop to 50-95 % of a
# picture lies within half a step of one of them.
WINDOW_SCALES = (1.0, 0.9, 0.81, 0.73, 0.66, 0.59, 0.53)
WINDOW_STEP = 0.06
# Hamming distance (of HASH_BITS) within which a window is a candidate; scoring passes Config.image_distance.
MAX_DISTANCE = 6
MAX_LONG_DISTANCE = 16  # and of the long hash (of HASH_BITS) of the same window
TABLES = 10  # LSH tables
KEY_BITS = 16  # bits sampled for each table's key (more for more than 8,192 pictures)
MAX_BUCKET = 500  # a key shared by more windows than this is a flat or blank family, not evidence
NEIGHBOURS = 8  # candidates verified for each picture, nearest first
VERIFY_SIDE = 24  # samples per side when comparing pixels
BLUR = 1.0  # pixels of the grey thumbnail
CLIMB_FROM = 0.6  # a candidate this alike or more has its window refined
# Normalised cross-correlation of the aligned colour pictures from which two pictures are the same one
# (and of the grey ones, at GREY_SLACK below it): measured by bench/claims_images.py. Other receipts of
# one till, other storefronts of one street and other photos of one product on one counter reach 0.9 and
# more in grey; colour and the last few hundredths tell them apart.
MIN_SIMILARITY = 0.97
GREY_SLACK = 0.07
COLOUR_SIDE = 12  # samples per side of the colour comparison
# A copy of a picture (re-saved, scaled, turned, mirrored, cut down, framed as a screenshot) keeps its colours:
# at most this mean absolute difference (of 255) over COPY_SIDE x COPY_SIDE aligned colour samples. Two
# drawings or photos of one layout in other colours (one product shot on another background, one receipt
# template, a recoloured or re-lit copy) are "the same picture" to the layout comparison above but not
# copies; only copies tie different people into a ring. Measured on the held-out generators' pictures:
# within 2, 86 % of the matched pairs of one scheme and 0.9 % of the other matched pairs (upland, seed 12).
COPY_DIFFERENCE = 2.0
COPY_SIDE = 16
# Payment screenshots, slips and forms of one template keep their layout AND their colours: only the fine
# print (amounts, names, times) tells two of them apart, and it is lost in the small thumbnails. So a pair
# found a copy above is read again, at FINE px, its window refined there, and compared in its fine detail
# (the picture softened by FINE_SOFTEN px less its blur by FINE_BLUR px: print, not resampling noise) over
# FINE_SIDE x FINE_SIDE aligned samples in FINE_TILE x FINE_TILE tiles: a copy differs little in every tile,
# two filled-in forms a lot where the figures are. The figure is the 98th percentile of the tiles' mean
# absolute difference (a few tiles of print suffice). Measured on matched pairs of the held-out pictures
# (beichuan 11, upland 12, seaport 11): a scheme's copies 99 % within 2.8 / 6.1 / 8.0 (one pair of 551 at
# 10.8); two people's slips or screenshots of one template: beichuan's 95 % above 8.6, upland's lookalike
# pictures lower (median 7.7, so mostly still taken for copies).
# Print differs where there is print: the same difference is also read against the detail there, per tile
# the difference over the mean detail of the two pictures (plus FINE_FLOOR), and its 98th percentile must be
# at most FINE_RATIO. A copy's difference is resampling and re-encoding, small beside the print it blurs; two
# slips' figures differ as much as they are strong. Measured on pairs of different complainants' pictures that
# pass the colour test, in the tuning sets: at 0.75 the pairs within one scheme are kept 100 % (qingshui 11),
# 96 % (seaport 11) and 95 % (yunxi 11, whose split-purchase rings send several slips of one till), and the pairs
# of unrelated people (two shops' slips of one layout) 39 of 327 in yunxi 11, where FINE_DIFFERENCE alone kept
# 153 (beichuan 11, measured without the margin: 23 -> 0 of 492).
FINE = 128
FINE_SIDE = 96
FINE_TILE = 8
FINE_SOFTEN = 0.7
FINE_BLUR = 2.0
FINE_DIFFERENCE = 9.0
FINE_RATIO = 0.75
FINE_FLOOR = 1.0
FINE_MARGIN = 4  # (FINE_SIDE - 2 * FINE_MARGIN) a multiple of FINE_TILE
FINE_STEPS = (0.01, 0.005, 0.0025)  # of the window's refinement at FINE px
FINE_CHUNK = 256  # pairs compared at once
# Uniform edge lines: at least this share of a line's pixels within FLAT_TOLERANCE of its median.
# Strict: a photo's background has noise and uneven light, a phone's bars and margins have none; a
# looser rule trims a smooth background in one copy and not in another (scaled, so smoother) one.
FLAT_TOLERANCE = 2.0
FLAT_SHARE = 0.95

HASH_BITS = BLOCK * BLOCK - 1
SHORT_BITS = SHORT * SHORT - 1


@dataclass
class Signatures:
    """Everything kept of the pictures read (about 11 KB a picture)."""

    short: np.ndarray  # (n, W) uint64: short hash of every window
    long: np.ndarray  # (n, W) uint64: long hash of every window
    oriented_short: np.ndarray  # (n, 8) uint64: the whole picture's short hash turned/mirrored (see ``orient``)
    oriented_long: np.ndarray  # (n, 8) uint64
    grey: np.ndarray  # (n, THUMB, THUMB) uint8, slightly blurred: compared pixel by pixel
    colour: np.ndarray  # (n, VERIFY, VERIFY, 3) uint8

    def __len__(self) -> int:
        return len(self.short)


# --------------------------------------------------------------------------- geometry of the windows


def _grid() -> list[tuple[float, float, float]]:
    out = []
    for s in WINDOW_SCALES:
        steps = max(1, int(round((1 - s) / WINDOW_STEP)) + 1)
        offsets = np.linspace(0.0, 1.0 - s, steps) if steps > 1 else np.zeros(1)
        out += [(float(x), float(y), s) for y in offsets for x in offsets]
    return out


WINDOWS = _grid()


def _dct_rows(n: int, k: int) -> np.ndarray:
    x = np.arange(n)
    u = np.arange(k)[:, None]
    m = np.cos(np.pi * (2 * x + 1) * u / (2 * n)) * np.sqrt(2 / n)
    m[0] /= np.sqrt(2)
    return m


def _interp(start: np.ndarray, size: np.ndarray, n: int, side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bilinear sampling of ``n`` points across [start, start + size] (shares of a ``side``-pixel axis):
    lower index, upper index and weight of the upper one, each shaped (..., n)."""
    pos = (start[..., None] + (np.arange(n) + 0.5) / n * size[..., None]) * side - 0.5
    pos = np.clip(pos, 0, side - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, side - 1)
    return lo, hi, (pos - lo).astype(np.float32)


@lru_cache(maxsize=1)
def _window_operators() -> list[tuple[np.ndarray, np.ndarray]]:
    """Per window scale: the DCT-of-samples operator (positions, BLOCK, THUMB) and the window order."""
    dct = _dct_rows(SAMPLES, BLOCK)
    ops = []
    for s in WINDOW_SCALES:
        offsets = np.array(sorted({w[0] for w in WINDOWS if w[2] == s}))
        lo, hi, f = _interp(offsets, np.full(len(offsets), s), SAMPLES, THUMB)
        m = np.zeros((len(offsets), SAMPLES, THUMB), dtype=np.float64)
        rows = np.arange(SAMPLES)
        for k in range(len(offsets)):
            np.add.at(m[k], (rows, lo[k]), 1 - f[k])
            np.add.at(m[k], (rows, hi[k]), f[k])
        ops.append(np.einsum("is,kst->kit", dct, m).astype(np.float32))
    return ops


_POWERS = (np.uint64(1) << np.arange(HASH_BITS, dtype=np.uint64)).astype(np.uint64)


def _bits(blocks: np.ndarray, k: int = BLOCK) -> np.ndarray:
    """Sign bits of the k x k lowest coefficients of each block (DC left out) as uint64."""
    flat = blocks[..., :k, :k].reshape(blocks.shape[:-2] + (k * k,))[..., 1:] > 0
    return (flat.astype(np.uint64) * _POWERS[: k * k - 1]).sum(axis=-1, dtype=np.uint64)


_U = np.arange(BLOCK)
_FLIP_COLS = np.where(_U % 2 == 1, -1.0, 1.0)[None, :]  # mirroring left-right negates odd column frequencies
_FLIP_ROWS = _FLIP_COLS.T


def orient_blocks(block: np.ndarray) -> np.ndarray:
    """The 8 turned/mirrored versions of a picture's DCT block, in the order ``orient`` numbers them:
    index = 4 * transposed + 2 * flipped top-bottom + flipped left-right (the flips after the transpose)."""
    out = []
    for transposed in (False, True):
        b = block.T if transposed else block
        for rows in (False, True):
            for cols in (False, True):
                out.append(b * (_FLIP_ROWS if rows else 1.0) * (_FLIP_COLS if cols else 1.0))
    return np.stack(out)


def orient(a: np.ndarray, o: int) -> np.ndarray:
    """Picture ``a`` (rows, columns, ...) turned/mirrored as orientation ``o`` of ``orient_blocks``."""
    if o >= 4:
        a = np.swapaxes(a, 0, 1)
    if (o >> 1) & 1:
        a = a[::-1]
    if o & 1:
        a = a[:, ::-1]
    return a


# --------------------------------------------------------------------------- reading one picture


def flat_lines(a: np.ndarray) -> np.ndarray:
    """True for each row of ``a`` that is one flat colour (JPEG noise allowed)."""
    med = np.median(a, axis=1, keepdims=True)
    close = np.abs(a - med) <= FLAT_TOLERANCE
    return close.mean(axis=1) >= FLAT_SHARE


def trim_box(a: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of grey picture ``a`` without its flat edge rows and columns; the whole
    picture when trimming would leave almost nothing (a blank picture)."""
    top, bottom, left, right = 0, a.shape[0], 0, a.shape[1]
    for _ in range(4):
        before = (top, bottom, left, right)
        keep = np.flatnonzero(~flat_lines(a[top:bottom, left:right]))
        if len(keep) == 0:
            break
        top, bottom = top + keep[0], top + keep[-1] + 1
        keep = np.flatnonzero(~flat_lines(a[top:bottom, left:right].T))
        if len(keep) == 0:
            break
        left, right = left + keep[0], left + keep[-1] + 1
        if (top, bottom, left, right) == before:
            break
    if bottom - top < 8 or right - left < 8 or (bottom - top) * (right - left) < 0.1 * a.size:
        return 0, a.shape[0], 0, a.shape[1]
    return int(top), int(bottom), int(left), int(right)


def _trimmed(path: Path):
    """(colour picture, its grey, the box without the frame) at about DECODE px, or None for a file that is
    not a readable picture."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.draft("RGB", (DECODE, DECODE))  # JPEG: decode at 1/2 .. 1/8 scale, much faster for photos
            img = img.convert("RGB")
        if max(img.size) > DECODE:
            img.thumbnail((DECODE, DECODE), Image.Resampling.BILINEAR)
        grey = img.convert("L")
        top, bottom, left, right = trim_box(np.asarray(grey, dtype=np.float32))
        return img, grey, (left, top, right, bottom)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        # A broken, forged or oversized picture is not evidence the model can compare: counted as missing.
        return None


def thumbnails(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """Grey (THUMB x THUMB, float32) and colour (VERIFY x VERIFY x 3, uint8) thumbnails of the trimmed
    picture, or None for a file that is not a readable picture."""
    from PIL import Image

    read = _trimmed(path)
    if read is None:
        return None
    img, grey, box = read
    small = grey.crop(box).resize((THUMB, THUMB), Image.Resampling.BILINEAR)
    colour = img.crop(box).resize((VERIFY, VERIFY), Image.Resampling.BILINEAR)
    return np.asarray(small, dtype=np.float32), np.asarray(colour, dtype=np.uint8)


def fine_crop(path: Path) -> np.ndarray | None:
    """The trimmed grey picture at FINE x FINE (float32), for the fine-detail comparison of copies."""
    from PIL import Image

    read = _trimmed(path)
    if read is None:
        return None
    _img, grey, box = read
    return np.asarray(grey.crop(box).resize((FINE, FINE), Image.Resampling.BILINEAR), dtype=np.float32)


def window_blocks(thumb: np.ndarray) -> np.ndarray:
    """DCT blocks (W, BLOCK, BLOCK) of every window of ``WINDOWS``, in its order."""
    out = []
    for op in _window_operators():
        half = np.einsum("kit,tu->kiu", op, thumb)  # rows of each window position, DCT'd
        out.append(np.einsum("yiu,xju->yxij", half, op).reshape(-1, BLOCK, BLOCK))
    return np.concatenate(out)


def signatures(pictures: list[tuple[np.ndarray, np.ndarray]]) -> Signatures:
    n, nw = len(pictures), len(WINDOWS)
    short = np.zeros((n, nw), dtype=np.uint64)
    long = np.zeros((n, nw), dtype=np.uint64)
    oriented_short = np.zeros((n, 8), dtype=np.uint64)
    oriented_long = np.zeros((n, 8), dtype=np.uint64)
    grey = np.zeros((n, THUMB, THUMB), dtype=np.uint8)
    colour = np.zeros((n, VERIFY, VERIFY, 3), dtype=np.uint8)
    for i, (thumb, small) in enumerate(pictures):
        blocks = window_blocks(thumb)
        short[i], long[i] = _bits(blocks, SHORT), _bits(blocks)
        turned = orient_blocks(blocks[0])  # WINDOWS[0] is the whole picture
        oriented_short[i], oriented_long[i] = _bits(turned, SHORT), _bits(turned)
        # Blurred a little: a window found again is off by a pixel or so, and fine print must not decide.
        grey[i] = np.clip(gaussian_filter(thumb, BLUR) + 0.5, 0, 255)
        colour[i] = small
    return Signatures(short, long, oriented_short, oriented_long, grey, colour)


# --------------------------------------------------------------------------- candidates


def _keys(h: np.ndarray, positions: np.ndarray) -> np.ndarray:
    key = np.zeros(h.shape, dtype=np.int64)
    for k, p in enumerate(positions):
        key |= ((h >> np.uint64(p)) & np.uint64(1)).astype(np.int64) << k
    return key


def candidates(sig: Signatures, max_distance: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hypotheses "picture q turned by o looks like window w of picture r": a window whose short hash is
    within ``max_distance`` bits of one of q's, found by LSH. Arrays (q, o, r, w, short distance); for
    each q at most ``NEIGHBOURS`` pictures r, those nearest by the long hash first (the short one ties
    too often among pictures of one kind: receipts, chats, storefronts)."""
    n, nw = sig.short.shape
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty, empty, empty, empty
    flat_w = sig.short.ravel()
    flat_q = sig.oriented_short.ravel()
    long_w, long_q = sig.long.ravel(), sig.oriented_long.ravel()
    rng = np.random.default_rng(20240312)  # fixed: the same pictures always give the same clusters
    found: list[np.ndarray] = []
    # Keys one bit longer for each doubling of the pictures keep the buckets, and so the work per
    # picture, the same size: at tens of thousands of pictures a copy must come closer to be found.
    key_bits = min(SHORT_BITS - 8, max(KEY_BITS, int(np.ceil(np.log2(n))) + 3))
    for _ in range(TABLES):
        positions = rng.choice(SHORT_BITS, size=key_bits, replace=False)
        kw = _keys(flat_w, positions)
        kq = _keys(flat_q, positions)
        order = np.argsort(kw, kind="stable")
        sorted_kw = kw[order]
        lo = np.searchsorted(sorted_kw, kq, side="left")
        count = np.searchsorted(sorted_kw, kq, side="right") - lo
        count[count > MAX_BUCKET] = 0
        total = int(count.sum())
        if total == 0:
            continue
        qi = np.repeat(np.arange(len(kq)), count)
        start = np.repeat(lo - np.concatenate(([0], np.cumsum(count)[:-1])), count)
        wi = order[start + np.arange(total)]
        keep = (qi // 8) != (wi // nw)
        qi, wi = qi[keep], wi[keep]
        close = np.bitwise_count(flat_q[qi] ^ flat_w[wi]) <= max_distance
        qi, wi = qi[close], wi[close]
        # The short hash is coarse: among pictures of one kind many windows come close. The long one,
        # from the same window, drops most of them here (a copy rarely differs in more than a quarter).
        close = np.bitwise_count(long_q[qi] ^ long_w[wi]) <= MAX_LONG_DISTANCE
        found.append(qi[close].astype(np.int64) * len(flat_w) + wi[close])
    hits = unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    if len(hits) == 0:
        return empty, empty, empty, empty, empty
    qi, wi = hits // len(flat_w), hits % len(flat_w)
    dist = np.bitwise_count(flat_q[qi] ^ flat_w[wi]).astype(np.int64)
    q_pic, o = qi // 8, qi % 8
    r_pic, w = wi // nw, wi % nw
    far = np.bitwise_count(sig.oriented_long[q_pic, o] ^ sig.long[r_pic, w]).astype(np.int64)
    # Best hypothesis per (q, r), then the NEIGHBOURS nearest r for each q.
    order = np.lexsort((w, o, dist, far, r_pic, q_pic))
    q_pic, o, r_pic, w, dist, far = (a[order] for a in (q_pic, o, r_pic, w, dist, far))
    first = np.concatenate(([True], (q_pic[1:] != q_pic[:-1]) | (r_pic[1:] != r_pic[:-1])))
    q_pic, o, r_pic, w, dist, far = (a[first] for a in (q_pic, o, r_pic, w, dist, far))
    order = np.lexsort((r_pic, dist, far, q_pic))
    q_pic, o, r_pic, w, dist = (a[order] for a in (q_pic, o, r_pic, w, dist))
    starts = np.flatnonzero(np.concatenate(([True], q_pic[1:] != q_pic[:-1])))
    rank = np.arange(len(q_pic)) - np.repeat(starts, np.diff(np.concatenate((starts, [len(q_pic)]))))
    keep = rank < NEIGHBOURS
    return q_pic[keep], o[keep], r_pic[keep], w[keep], dist[keep]


# --------------------------------------------------------------------------- verification


@lru_cache(maxsize=4)
def _orientation_maps(m: int) -> np.ndarray:
    """(8, m * m): flat sample index read by each orientation (``orient`` of an m x m sample grid)."""
    grid = np.arange(m * m).reshape(m, m)
    return np.stack([orient(grid, o).ravel() for o in range(8)])


def _unit(v: np.ndarray) -> np.ndarray:
    """Rows of ``v`` (P, k) less their mean, scaled to length 1 (a flat row stays 0)."""
    v = v - v.mean(axis=1, keepdims=True)
    return v / np.maximum(np.sqrt((v * v).sum(axis=1, keepdims=True)), 1e-3)


def _sample(flat: np.ndarray, side: int, idx: np.ndarray, x: np.ndarray, y: np.ndarray, s: np.ndarray,
            m: int) -> np.ndarray:
    """Bilinear samples (P, m * m, C) of window (x, y, s) of picture idx[p]; ``flat`` holds the pictures
    as (N * side * side, C)."""
    ylo, yhi, fy = _interp(y, s, m, side)
    xlo, xhi, fx = _interp(x, s, m, side)
    base = (idx * side * side)[:, None, None]
    rows_lo, rows_hi = base + (ylo * side)[:, :, None], base + (yhi * side)[:, :, None]
    fx, fy = fx[:, None, :, None], fy[:, :, None, None]
    top = flat[rows_lo + xlo[:, None, :]] * (1 - fx) + flat[rows_lo + xhi[:, None, :]] * fx
    bottom = flat[rows_hi + xlo[:, None, :]] * (1 - fx) + flat[rows_hi + xhi[:, None, :]] * fx
    return (top * (1 - fy) + bottom * fy).reshape(len(idx), m * m, -1)


def _clamp(x, y, s):
    s = np.clip(s, 0.3, 1.0)
    return np.clip(x, 0.0, 1.0 - s), np.clip(y, 0.0, 1.0 - s), s


_MOVES = np.array([(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (-1, -1, 2), (1, 1, -2)], dtype=np.float32)


def refine(sig: Signatures, q: np.ndarray, o: np.ndarray, r: np.ndarray, w: np.ndarray, chunk: int = 4096
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Grey normalised cross-correlation of each hypothesis "q turned by o is window w of r" once the
    window's position and scale are refined by hill-climbing; (correlation, x, y, s of the window)."""
    n = len(sig)
    grey = sig.grey.reshape(-1, 1).astype(np.float32)
    everyone = np.arange(n)
    ones, zeros = np.ones(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    whole = _unit(_sample(grey, THUMB, everyone, zeros, zeros, ones, VERIFY_SIDE)[:, :, 0])
    maps = _orientation_maps(VERIFY_SIDE)
    wins = np.array(WINDOWS, dtype=np.float32).reshape(-1, 3)[w]
    x, y, s = wins[:, 0].copy(), wins[:, 1].copy(), wins[:, 2].copy()
    best = np.zeros(len(q), dtype=np.float32)
    for a in range(0, len(q), chunk):
        sl = slice(a, a + chunk)
        mine = np.take_along_axis(whole[q[sl]], maps[o[sl]], axis=1)  # q's whole picture, turned
        best[sl], x[sl], y[sl], s[sl] = _climb(grey, mine, r[sl], x[sl], y[sl], s[sl])
    return best, x, y, s


def _climb(grey, mine, r, x, y, s, side: int = THUMB, m: int = VERIFY_SIDE, steps=(0.03, 0.015, 0.008),
           start: float = CLIMB_FROM):
    """Hill-climbing of windows (x, y, s) of pictures r (in ``grey``, (N * side * side, 1)) towards ``mine``
    (unit rows of m x m samples); (correlation, x, y, s)."""
    def score(rows, cx, cy, cs):
        return (mine[rows] * _unit(_sample(grey, side, r[rows], cx, cy, cs, m)[:, :, 0])).sum(axis=1)

    best = score(np.arange(len(r)), x, y, s)
    # Only a candidate already roughly alike is refined: the others cannot climb to MIN_SIMILARITY.
    active = np.flatnonzero(best >= start)
    for step in steps:
        climbing = active
        for _ in range(4):
            if len(climbing) == 0:
                break
            improved = np.zeros(len(climbing), dtype=bool)
            tx, ty, ts, tb = x[climbing], y[climbing], s[climbing], best[climbing]
            nx, ny, ns = tx.copy(), ty.copy(), ts.copy()
            for dx, dy, ds in _MOVES * step:
                cx, cy, cs = _clamp(tx + dx, ty + dy, ts + ds)
                v = score(climbing, cx, cy, cs)
                better = v > tb + 1e-4
                tb = np.where(better, v, tb)
                nx, ny, ns = np.where(better, cx, nx), np.where(better, cy, ny), np.where(better, cs, ns)
                improved |= better
            x[climbing], y[climbing], s[climbing], best[climbing] = nx, ny, ns, tb
            climbing = climbing[improved]
    return best, x, y, s


def compare(pictures: np.ndarray, q: np.ndarray, o: np.ndarray, r: np.ndarray, x, y, s, side: int
            ) -> np.ndarray:
    """Normalised cross-correlation, over all channels at once (each less its mean), of q's whole picture
    turned by o and window (x, y, s) of r; ``pictures`` is (N, size, size, C), sampled side x side."""
    n, size = len(pictures), pictures.shape[1]
    flat = pictures.reshape(n * size * size, -1).astype(np.float32)
    ones, zeros = np.ones(len(q), dtype=np.float32), np.zeros(len(q), dtype=np.float32)
    mine = _sample(flat, size, q, zeros, zeros, ones, side)
    mine = np.take_along_axis(mine, _orientation_maps(side)[o][:, :, None], axis=1)
    theirs = _sample(flat, size, r, x, y, s, side)
    a = mine - mine.mean(axis=1, keepdims=True)
    b = theirs - theirs.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=(1, 2)) * (b * b).sum(axis=(1, 2)))
    return (a * b).sum(axis=(1, 2)) / np.maximum(den, 1e-3)


def verify(sig: Signatures, q: np.ndarray, o: np.ndarray, r: np.ndarray, w: np.ndarray,
           copies: bool = False, fine=None, min_similarity: float = MIN_SIMILARITY
           ) -> np.ndarray | tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Similarity of each hypothesis "q turned by o is window w of r"; see the module's docstring. With
    ``copies``, also whether each is a copy (``COPY_DIFFERENCE``: the colours kept, not only the layout) and
    whether it has the same fine print: given ``fine`` (picture indices -> their ``fine_crop``), the pairs at
    ``min_similarity`` are read again (``FINE_DIFFERENCE``, ``FINE_RATIO``), and a copy must have it too;
    without ``fine`` every pair counts as having it."""
    grey, x, y, s = refine(sig, q, o, r, w)
    out = grey - 1.0  # never a match unless the colour comparison below is made
    copy = np.zeros(len(q), dtype=bool)
    printed = np.ones(len(q), dtype=bool)
    done = np.flatnonzero(grey >= CLIMB_FROM)
    if len(done):
        args = (q[done], o[done], r[done], x[done], y[done], s[done])
        colour = compare(sig.colour, *args, COLOUR_SIDE)
        out[done] = np.minimum(colour, grey[done] + GREY_SLACK)
        if copies:
            copy[done] = copy_difference(sig, *args) <= COPY_DIFFERENCE
    if copies and fine is not None:
        ask = np.flatnonzero(out >= min_similarity)
        if len(ask):
            figures = fine_difference(fine, q[ask], o[ask], r[ask], x[ask], y[ask], s[ask])
            printed[ask] = (figures[:, 0] <= FINE_DIFFERENCE) & (figures[:, 1] <= FINE_RATIO)
            copy &= printed
    return (out, copy, printed) if copies else out


def fine_difference(fine, q: np.ndarray, o: np.ndarray, r: np.ndarray, x, y, s) -> np.ndarray:
    """How much the fine print of q's whole picture turned by o differs from that of window (x, y, s) of r:
    per pair, the difference (``FINE_DIFFERENCE``) and the difference against the detail (``FINE_RATIO``);
    ``fine`` gives the ``fine_crop`` of the pictures asked for, or None for one that can no longer be read
    (then never a copy). A hypothesis met twice is measured once (on its first window); they go in batches of
    ``FINE_CHUNK`` (a few MB each), in picture order so that a batch reads few."""
    if len(q) == 0:
        return np.zeros((0, 2), dtype=np.float64)
    _, first, back = np.unique(np.stack([q, r, o], axis=1), axis=0, return_index=True, return_inverse=True)
    figure = np.full((len(first), 2), np.inf, dtype=np.float64)
    order = np.lexsort((r[first], q[first]))
    for a in range(0, len(order), FINE_CHUNK):
        u = order[a:a + FINE_CHUNK]
        rows = first[u]
        figure[u] = _fine_batch(fine, q[rows], o[rows], r[rows], x[rows], y[rows], s[rows])
    return figure[np.ravel(back)]


def _fine_batch(fine, q, o, r, x, y, s) -> np.ndarray:
    need = unique(np.concatenate([q, r]))
    crops = fine(need)
    readable = np.array([c is not None for c in crops], dtype=bool)
    stack = np.stack([c if c is not None else np.zeros((FINE, FINE), np.float32) for c in crops])
    at = np.searchsorted(need, q), np.searchsorted(need, r)
    flat = stack.reshape(-1, 1)
    ones, zeros = np.ones(len(q), dtype=np.float32), np.zeros(len(q), dtype=np.float32)
    mine = _sample(flat, FINE, at[0], zeros, zeros, ones, FINE_SIDE)
    mine = np.take_along_axis(mine, _orientation_maps(FINE_SIDE)[o][:, :, None], axis=1)
    # The window found on the thumbnails is off by a pixel or two at this size, which fine print does not
    # forgive: it is refined again here, on the fine pictures, in smaller steps.
    _, x, y, s = _climb(flat, _unit(mine[:, :, 0]), at[1], x.copy(), y.copy(), s.copy(), FINE, FINE_SIDE,
                        FINE_STEPS, start=-1.0)
    theirs = _sample(flat, FINE, at[1], x, y, s, FINE_SIDE)
    shape = (len(q), FINE_SIDE, FINE_SIDE)
    a, b = mine.reshape(shape), theirs.reshape(shape)
    a = gaussian_filter(a, (0, FINE_SOFTEN, FINE_SOFTEN)) - gaussian_filter(a, (0, FINE_BLUR, FINE_BLUR))
    b = gaussian_filter(b, (0, FINE_SOFTEN, FINE_SOFTEN)) - gaussian_filter(b, (0, FINE_BLUR, FINE_BLUR))
    # A brighter or darker copy has stronger or weaker detail: scale one to the other first.
    gain = np.clip((a * b).sum(axis=(1, 2)) / np.maximum((a * a).sum(axis=(1, 2)), 1e-3), 0.5, 2.0)
    n = FINE_SIDE // FINE_TILE
    a = gain[:, None, None] * a
    tiles = np.abs(b - a).reshape(len(q), n, FINE_TILE, n, FINE_TILE).mean(axis=(2, 4))
    # Against the detail, a margin of FINE_MARGIN samples is left out: a trimmed frame's last line sits there.
    m, k = FINE_MARGIN, (FINE_SIDE - 2 * FINE_MARGIN) // FINE_TILE
    inner = (len(q), k, FINE_TILE, k, FINE_TILE)
    ratio = (np.abs(b - a)[:, m:-m, m:-m].reshape(inner).mean(axis=(2, 4))
             / (((np.abs(a) + np.abs(b)) / 2)[:, m:-m, m:-m].reshape(inner).mean(axis=(2, 4)) + FINE_FLOOR))
    out = np.stack([np.quantile(tiles.reshape(len(q), -1), 0.98, axis=1),
                    np.quantile(ratio.reshape(len(q), -1), 0.98, axis=1)], axis=1)
    return np.where((readable[at[0]] & readable[at[1]])[:, None], out, np.inf)


# --------------------------------------------------------------------------- clusters


def copy_difference(sig: Signatures, q: np.ndarray, o: np.ndarray, r: np.ndarray, x, y, s) -> np.ndarray:
    """Mean absolute difference (0-255) of the colours themselves, not normalised, of q's whole picture turned
    by o and window (x, y, s) of r: a copy re-saved, scaled, turned, cut or framed keeps its colours; another
    photo or drawing of the same layout, or a recoloured one, does not."""
    n, size = len(sig.colour), sig.colour.shape[1]
    flat = sig.colour.reshape(n * size * size, -1).astype(np.float32)
    ones, zeros = np.ones(len(q), dtype=np.float32), np.zeros(len(q), dtype=np.float32)
    mine = _sample(flat, size, q, zeros, zeros, ones, COPY_SIDE)
    mine = np.take_along_axis(mine, _orientation_maps(COPY_SIDE)[o][:, :, None], axis=1)
    return np.abs(mine - _sample(flat, size, r, x, y, s, COPY_SIDE)).mean(axis=(1, 2))


def matches(sig: Signatures, max_distance: int, min_similarity: float = MIN_SIMILARITY, fine=None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j) of pictures found to be the same picture (a pair may repeat): alike in colour and, given
    ``fine``, with the same fine print; and whether each is a copy (``COPY_DIFFERENCE``: the colours kept, not
    only the layout)."""
    q, o, r, w, _ = candidates(sig, max_distance)
    if len(q) == 0:
        return q, r, np.zeros(0, dtype=bool)
    sim, copy, printed = verify(sig, q, o, r, w, copies=True, fine=fine, min_similarity=min_similarity)
    keep = (sim >= min_similarity) & printed
    return q[keep], r[keep], copy[keep]


def _labels(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    labels = components(n, src, dst)
    sizes = np.bincount(labels, minlength=n)
    return np.where(sizes[labels] >= 2, labels, -1)


def cluster_signatures(sig: Signatures, max_distance: int, min_similarity: float = MIN_SIMILARITY, fine=None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Cluster label per picture (-1 for pictures like no other): of the same picture, and of copies only
    (see ``matches``)."""
    n = len(sig)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    src, dst, copy = matches(sig, max_distance, min_similarity, fine)
    return _labels(n, src, dst), _labels(n, src[copy], dst[copy])


def read_folder(folder: Path, names: list[str]) -> tuple[list[int], list[tuple[np.ndarray, np.ndarray]], int]:
    """Thumbnails of the named files that are readable pictures inside ``folder``: (positions in
    ``names``, thumbnails, files missing or unreadable)."""
    folder = folder.resolve()
    rows, pictures = [], []
    missing = 0
    for i, name in enumerate(names):
        path = (folder / name).resolve()
        # File names come from the complaint export: never follow one out of the evidence folder.
        if not path.is_relative_to(folder) or not path.is_file():
            missing += 1
            continue
        thumbs = thumbnails(path)
        if thumbs is None:
            missing += 1
            continue
        rows.append(i)
        pictures.append(thumbs)
    return rows, pictures, missing


@dataclass
class PictureClusters:
    alike: np.ndarray  # per evidence file name: cluster of the same picture (-1: unique, missing or unreadable)
    copies: np.ndarray  # per file name: cluster of copies (colours kept), a part of its ``alike`` cluster
    hashed: int  # files read
    missing: int  # files missing or unreadable


def cluster_pictures(folder: Path, names: list[str], *, max_distance: int,
                     min_similarity: float = MIN_SIMILARITY) -> PictureClusters:
    rows, pictures, missing = read_folder(folder, names)
    alike = np.full(len(names), -1, dtype=np.int64)
    copies = alike.copy()
    if rows:
        paths = [folder.resolve() / names[i] for i in rows]  # read_folder kept only files inside the folder

        def fine(indices):
            return [fine_crop(paths[i]) for i in indices.tolist()]

        alike[np.array(rows)], copies[np.array(rows)] = cluster_signatures(
            signatures(pictures), max_distance, min_similarity, fine)
    return PictureClusters(alike, copies, len(rows), missing)


def cluster_files(folder: Path, names: list[str], *, max_distance: int,
                  min_similarity: float = MIN_SIMILARITY) -> tuple[np.ndarray, int, int]:
    """Cluster of the same picture per evidence file name (-1: unique, missing or unreadable), files hashed,
    files missing."""
    found = cluster_pictures(folder, names, max_distance=max_distance, min_similarity=min_similarity)
    return found.alike, found.hashed, found.missing
