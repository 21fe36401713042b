"""Near-duplicate complaint texts: the same script however it was retyped, found with MinHash and LSH in numpy.

Professional claimants and rings pass one script round ("食品里有塑料把手指割破了"), and each member retypes
it: synonyms swapped (商家/店家/卖家), clauses moved, traditional characters, full-width digits, typos, other
dates and amounts. So each text is first normalised as a whole batch of code points in numpy, never per
character in Python:

- traditional → simplified (the reader's character table), full-width → half-width, lower case;
- punctuation and whitespace out; every digit (Arabic, full-width or Chinese numeral) becomes ``#``, a run of
  them one ``#``, and the date and money units after a number go too, so ``2024年3月5日``, ``3月5号`` and
  ``2024-03-05`` all read ``#``, ``1000元`` and ``壹仟元`` both ``#``;
- words of complaint language that mean the same are folded to one token (``PHRASES``), common typos
  included (够买, 陪偿, 保值期).

The merchant's name and the product (``masks``) are cut out first: what complainants of one shop share
because it is one shop is not a script. The normalised text is cut into character 2-grams: a moved clause
changes only the few grams at its two edges, a swapped word only its own. Each text gets ``NUM_PERM``
MinHash minima of 16 bits.

Texts that many unrelated people share — an official recall notice quoted by every buyer of a bad lot, a
hotline's formula, a volunteer station's letterhead — are weak evidence of a common script. MinHash keeps
the shingle that gave each minimum, so a minimum that a large share of the file's texts hold in the same
slot marks a very common shingle; ``near_duplicate_clusters`` leaves such slots out of the comparison
(document frequency counted across the whole file, after all batches are signed). Two texts left with
too few other slots share little but boilerplate: they are linked only as near-verbatim copies. One script
that many people retype is held as often as common language in a small file; when the scan says what each
complaint is about (``bought``), minima whose holders agree on most other slots and bought different things
stay in (``_scripts_kept``), and, when it also says which complaints demand punitive damages (``claims``), the
minima of a reworded claim script: nearly all its holders make such demands, about different purchases.

The similarity threshold is measured on held-out data by ``bench/claims_texts.py``, not chosen by eye.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from .arrays import unique
from .unionfind import components

# 32 minima of 16 bits each: 64 bytes a row. Minimising over 32-bit hashes and keeping the low 16 bits
# of each minimum: unrelated minima agree with probability 1/65536, negligible against the 1/32
# resolution of the estimate itself.
NUM_PERM = 32
ROWS_PER_BAND = 2  # 2 x 16 bits = one uint32 key per band; a pair at similarity s shares a band with
BANDS = NUM_PERM // ROWS_PER_BAND  # probability 1 - (1 - s^2)^16: 0.64 at s = 0.25, 0.94 at 0.4, 0.997 at 0.5
NGRAM = 2
# A text with fewer tokens than this after normalisation says too little to call two complainants'
# wording "the same": genuine short complaints ("买的面包发霉了，要求退款") resemble each other.
MIN_TOKENS = 30
# A minimum held in one slot by at least this share of the file's texts (and at least COMMON_MIN of
# them) comes from boilerplate; such slots do not count. A pair left with fewer than MIN_SLOTS other
# slots is linked only as a copy: when its similarity over all slots reaches COPY. (A share, not a count:
# ordinary complaint language grows with the file, one ring's script or one lot's notice does not.)
COMMON_SHARE = 0.01
COMMON_MIN = 30
MIN_SLOTS = 24
COPY = 0.9
# A boilerplate minimum whose holders (up to SCRIPT_SAMPLE of them) agree on this share of all slots on average
# is one script's, not common language (``_scripts_kept``). Tuned on the tuning sets without pictures
# (2026-12-05, bench/claims_heldout.py TUNE_SETS, pooled precision and recall): 0.35 loses precision (0.979 ->
# 0.975), 0.4 and 0.45 keep it (0.979, 0.980) and lift recall 0.870 -> 0.882 (upland's template rings 4 -> 82 of
# 99 complaints found on its seed 11); at 0.5 most of the gain is gone (0.876).
SCRIPT_AGREE = 0.45
SCRIPT_SAMPLE = 48
# ... and when the sampled holders bought at least this many different things (merchant and product) per holder:
# a recall notice is quoted by the buyers of one lot, a script is used about whatever each member bought.
SCRIPT_SPREAD = 0.5
# ... or, however little else they agree on (a script retyped in other words), when at least SCRIPT_CLAIMS of
# the sampled holders demand punitive damages in set phrases and the minimum is held by no more than
# SCRIPT_CLAIMS_HELD times the boilerplate line: a claim script passed round. Beyond that the phrase is how a
# whole region words a complaint (one file's buyers there demand "退一赔十" in a tenth of all texts). Tuned on
# the tuning sets without pictures (2026-12-07, pooled): recall 0.932 -> 0.945 at 0.8 with no limit, but one
# file's bad lots were then tied through such a phrase (7 of 191 flagged, 2 before); at 0.9 with the limit at
# 2: 0.942, at 3: 0.944, the lots as before.
SCRIPT_CLAIMS = 0.9
SCRIPT_CLAIMS_HELD = 3
NEIGHBOURS = 1  # in one LSH bucket, each member is verified against this many before it (and the first)
# Estimated similarity (over the slots that are not boilerplate) from which two texts are "the same
# script": the best complaint-level F1 of the whole model on the tuning sets (bench/claims_heldout.py TUNE_SETS),
# ``bench/claims_heldout.py --grid text_similarity=0.25,0.3,0.35,0.4`` (2026-12-02, hangzhou and parkline seeds 1
# and 2: F1 0.881, 0.910, 0.900, 0.881). Below it, complaints that share one common sentence (the generator's and real
# life's "价签上写的是促销价，结账却按原价收费") chain strangers into rings. bench/claims_texts.py measures
# the pairs themselves.
THRESHOLD = 0.3
COMPARE_SLICE = 65536  # candidate pairs verified at a time

# Complaint vocabulary that means the same thing, the canonical word first. Matching is greedy, longest
# first, after the character normalisation above (so the words are written in simplified characters and
# half-width digits only). A group whose canonical word is empty is dropped from the text.
PHRASES = (
    "购买 购入 选购 订购 购得 采购 购置 买了 买的 买到 下单购买 下单 够买 构买",
    "商家 店家 卖家 商户 经营者 经营户 被投诉人 被投诉方 该店 店铺 网店 网上店铺 线上店铺 网络店铺 店主 老板 门店",
    "赔偿 赔付 补偿 赔款 赔钱 赔偿金 陪偿 赔尝 赔常",
    "退款 退钱 退还货款 退货退款 退还价款 返还货款 退费 退回货款",
    "发霉 长毛 霉变 霉斑 长霉 生霉",
    "变质 腐败变质 发臭 发酸 馊了 腐烂",
    "过期 超过保质期 超出保质期 过了保质期 超保质期 过保质期",
    "保质期 保值期 保质日期",
    "消费者 顾客 买家 购买者",
    "要求 请求 诉求 申请 恳请 希望 要求对方",
    "根据 依据 按照 依照",
    "违反 违背 触犯 不符合",
    "构成 属于 涉嫌 已构成 已经构成",
    "欺诈 欺骗 误导 蒙骗 诱导 坑骗 忽悠",
    "虚假宣传 虚假广告 夸大宣传 虚假宣称 引人误解的宣传",
    "商品 产品 货品 货物 物品",
    "食品 食物",
    "销售 售卖 出售 贩卖",
    "发现 察觉 注意到 发觉 看到",
    "协商 沟通 交涉 联系",
    "未果 无果 没有结果 不成",
    "拒绝 拒不 不肯 不愿 不同意",
    "处理 查处 调查处理 查办 处罚 处置",
    "告知 回复 反馈 答复",
    "我 本人 投诉人 申请人",
    "尽快 立即 马上 立刻 及时 赶紧",
    "后来 随后 之后 接着 然后 事后",
    "严重 极大 明显",
    "损害 侵害 侵犯",
    "权益 合法权益 正当权益 合法权利",
    "中文标签 中文标识 中文说明 中文标志 中文标注",
    "进口 境外 国外进口 国外 海外",
    "功效 疗效 治疗作用 保健功效",
    "支付 实付 实际支付 付款 共支付 支付了 花了 付了 共计 一共 合计 总共 花费",
    "当天 当日 当时 当场",
    "明知 明明知道 明知道",
    "宣称 宣传 标注 写明 声称 号称 标称 标明 写着",
    "不足 低于 少于 不满 不到",
    "腹泻 拉肚子 上吐下泻 呕吐 肚子疼 腹痛 闹肚子",
    "小票 发票 收据 购物凭证 购物小票",
    "投诉 举报 反映 反应",
    "监管部门 市场监管部门 市场监督管理局 市场监管局 贵局 相关部门 有关部门 监管局 工商部门 主管部门",
    "依法 依照法律 按规定 依规 依照规定 按照规定",
    "食品安全法 食安法",
    "消费者权益保护法 消法 消保法 消费者保护法",
    "规定 的规定 之规定",
    "已经 以经 己经",
    " 中华人民共和国",
)
# Single characters folded in the character table: common typos and interchangeable pronouns.
CHAR_FOLDS = {"再": "在", "得": "的", "地": "的", "帐": "账", "她": "他", "它": "他", "哪": "那", "象": "像"}
NUMERALS = "0123456789零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
UNITS = "年月日号元块圆"  # dropped after a number: the parts of a date or an amount

_DIGIT = ord("#")
_CANON = 0xF0000  # canonical phrase tokens: supplementary private use plane, one code point each
_CODES = 0x110000
_PRIME = np.uint64(0x100000001B3)  # odd, so invertible modulo 2^64
_Q = pow(int(_PRIME), -1, 2**64)
_PREFIXES = 1 << 22
_MAX_PHRASE = 8  # tokens: the lengths 2..8 are bits 1..7 of a uint8 prefix mask


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads n-gram codes over all 64 bits (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _simplified() -> dict[int, str]:
    # The reader's table (zhconv's dictionary, single characters); imported here because the reader
    # imports this module.
    from .reading import _to_simplified

    return _to_simplified()


@lru_cache(maxsize=1)
def _tables():
    """The character table (code point → token, 0 = dropped), the unit flags, and the phrase dictionary."""
    simplified = _simplified()
    numerals = set(NUMERALS)
    bmp = []
    for code in range(0x10000):
        ch = simplified.get(code) or chr(code)
        wide = unicodedata.normalize("NFKC", ch)
        ch = (wide if len(wide) == 1 else ch).lower()
        if len(ch) != 1:
            bmp.append(code)
            continue
        ch = CHAR_FOLDS.get(ch, ch)
        bmp.append(_DIGIT if ch in numerals or ch.isdigit() else ord(ch) if ch.isalnum() else 0)
    lut = np.arange(_CODES, dtype=np.uint32)
    lut[:0x10000] = bmp
    units = np.zeros(_CODES, dtype=bool)
    units[[ord(u) for u in UNITS]] = True

    words, canon = [], []
    for i, group in enumerate(PHRASES):
        names = group.split(" ")
        token = _CANON + i if names[0] else 0
        for word in names if names[0] else names[1:]:
            words.append(word)
            canon.append(token)
    # A one-character word folds in the character table itself (我 for 本人 and 投诉人); the longer ones
    # are looked up on text already mapped through that final table.
    for seq, token in zip(_sequences(words, lut, units), canon, strict=True):
        if len(seq) == 1 and token:
            lut[lut == seq[0]] = token
    # By the hash of its first two tokens: may a phrase of length L start here (bit L - 1)?
    first = np.zeros(_PREFIXES, dtype=np.uint8)
    by_length: dict[int, tuple[list[int], list[int]]] = {}
    for word, seq, token in zip(words, _sequences(words, lut, units), canon, strict=True):
        if len(seq) == 1 and not token:
            raise ValueError(f"a dropped phrase must be longer than one character: {word}")
        if len(seq) > _MAX_PHRASE:
            raise ValueError(f"a phrase may have at most {_MAX_PHRASE} tokens: {word}")
        if len(seq) > 1:
            keys, tokens = by_length.setdefault(len(seq), ([], []))
            keys.append(_phrase_key(seq))
            tokens.append(token)
            first[_prefix(seq[:1], seq[1:2])[0]] |= np.uint8(1 << (len(seq) - 1))
    dictionary = []
    for length in sorted(by_length, reverse=True):
        keys = np.array(by_length[length][0], dtype=np.uint64)
        tokens = np.array(by_length[length][1], dtype=np.uint32)
        order = np.argsort(keys, kind="stable")
        dictionary.append((length, keys[order], tokens[order]))
    return lut, units, first, dictionary


def _sequences(words: list[str], lut: np.ndarray, units: np.ndarray) -> list[np.ndarray]:
    codes, tid, counts = _characters(words, lut, units)
    return np.split(codes, np.cumsum(counts)[:-1])


def _characters(texts: list[str], lut: np.ndarray, units: np.ndarray):
    """Token codes of all texts end to end, the text of each token, and the tokens per text: mapped
    through ``lut``, punctuation dropped, numbers and their date or money units collapsed to one ``#``."""
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    raw = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    tid = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    codes = lut[raw]
    keep = codes != 0
    codes, tid = codes[keep], tid[keep]
    if len(codes) > 1:
        same = tid[1:] == tid[:-1]
        digit = codes == _DIGIT
        keep = np.ones(len(codes), dtype=bool)
        keep[1:] = ~(same & digit[:-1] & units[codes[1:]])
        codes, tid = codes[keep], tid[keep]
        same = tid[1:] == tid[:-1]
        digit = codes == _DIGIT
        keep = np.ones(len(codes), dtype=bool)
        keep[1:] = ~(same & digit[:-1] & digit[1:])
        codes, tid = codes[keep], tid[keep]
    return codes, tid, np.bincount(tid, minlength=len(texts))


def _prefix(c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
    """A 22-bit hash of two consecutive tokens: which phrase lengths may start here (false hits are checked)."""
    return ((c0.astype(np.uint32) * np.uint32(2654435761)) ^ c1.astype(np.uint32)) & np.uint32(_PREFIXES - 1)


def _window_keys(codes: np.ndarray):
    """A function (start positions, length) → a 64-bit key of each window of ``codes``, whatever its position.

    Prefix sums of c_j Q^j (wrapping): the window [i, i+L) sums to Q^i (c_i + c_{i+1} Q + ...), and
    multiplying by P^i = Q^-i leaves the key of the window alone, the same as ``_phrase_key`` of its codes.
    """
    n = len(codes)
    p_pow, q_pow = _powers(n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * q_pow[:n], out=prefix[1:])

    def keys(starts: np.ndarray, length: int) -> np.ndarray:
        return (prefix[starts + length] - prefix[starts]) * p_pow[starts]

    return keys


def _phrase_key(seq) -> int:
    return sum(int(c) * pow(_Q, j, 2**64) for j, c in enumerate(seq)) % 2**64


_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P^i and Q^i (mod 2^64) for i < n, kept between calls and grown as needed."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]) if _POWERS else 1 << 16)
        p_pow = np.full(size, _PRIME, dtype=np.uint64)
        q_pow = np.full(size, np.uint64(_Q), dtype=np.uint64)
        p_pow[0] = q_pow[0] = 1
        _POWERS[:] = [np.cumprod(p_pow), np.cumprod(q_pow)]
    return _POWERS[0], _POWERS[1]


def _fold(codes: np.ndarray, tid: np.ndarray, first: np.ndarray, dictionary) -> tuple[np.ndarray, np.ndarray]:
    """Replace dictionary phrases by their canonical token, longest first, never two overlapping."""
    n = len(codes)
    if n < 2:
        return codes, tid
    lengths = first[_prefix(codes[:-1], codes[1:])]
    cand = np.flatnonzero(lengths)
    if not len(cand):
        return codes, tid
    lengths = lengths[cand]
    window = _window_keys(codes)
    taken_at = np.zeros(0, dtype=np.int64)  # phrases taken so far: start, end, token; disjoint, by start
    taken_end = np.zeros(0, dtype=np.int64)
    taken_tok = np.zeros(0, dtype=np.uint32)
    for length, keys, canon in dictionary:
        p = cand[(lengths & np.uint8(1 << (length - 1))) != 0]
        p = p[p + length <= n]
        p = p[tid[p + length - 1] == tid[p]]
        if not len(p):
            continue
        key = window(p, length)
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = keys[at] == key
        p, tok = p[hit], canon[at[hit]]
        if not len(p):
            continue
        # Not over a longer phrase already taken (the taken phrase starting last before this one ends
        # is the only one that can overlap it), nor over the previous hit of this length.
        if len(taken_at):
            j = np.searchsorted(taken_at, p + length) - 1
            free = (j < 0) | (taken_end[np.maximum(j, 0)] <= p)
            p, tok = p[free], tok[free]
        if len(p) > 1:
            apart = np.concatenate(([True], np.diff(p) >= length))
            p, tok = p[apart], tok[apart]
        order = np.argsort(np.concatenate((taken_at, p)), kind="stable")
        taken_at = np.concatenate((taken_at, p))[order]
        taken_end = np.concatenate((taken_end, p + length))[order]
        taken_tok = np.concatenate((taken_tok, tok))[order]
    if not len(taken_at):
        return codes, tid
    codes = codes.copy()
    codes[taken_at] = taken_tok
    rest = taken_end - taken_at - 1
    first_rest = np.repeat(np.cumsum(rest) - rest, rest)
    gone = np.repeat(taken_at + 1, rest) + (np.arange(int(rest.sum())) - first_rest)
    keep = np.ones(n, dtype=bool)
    keep[gone] = False
    keep[taken_at] = taken_tok != 0  # a dropped phrase leaves nothing
    return codes[keep], tid[keep]


def tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The normalised token codes of ``texts`` end to end, the text of each token, and the tokens per text."""
    lut, units, first, dictionary = _tables()
    codes, tid, _counts = _characters(texts, lut, units)
    codes, tid = _fold(codes, tid, first, dictionary)
    return codes, tid, np.bincount(tid, minlength=len(texts))


def normalised(texts: list[str]) -> list[str]:
    """The normalised texts, readable: numbers as ``#``, a folded phrase as its canonical word in 〔〕."""
    codes, tid, counts = tokens(texts)
    names = {_CANON + i: "〔" + group.split(" ")[0] + "〕" for i, group in enumerate(PHRASES)}
    out, at = [], 0
    for count in counts:
        out.append("".join(names.get(int(c), chr(c)) for c in codes[at:at + count]))
        at += count
    return out


def _without(text: str, names: tuple[str, ...]) -> str:
    for name in names:
        if len(name) >= 2:
            text = text.replace(name, " ")
    return text


class MinHasher:
    def __init__(self, num_perm: int = NUM_PERM, ngram: int = NGRAM, seed: int = 20240601):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.ngram = ngram
        # h(x) = a x + b mod 2^32 on mixed n-gram hashes, a odd: a permutation of 32-bit values each.
        self.mul = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
        self.add = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)

    def signatures(self, texts: list[str], masks: list[tuple[str, ...]] | None = None) -> np.ndarray:
        """One row of ``num_perm`` uint16 minima per text; texts under MIN_TOKENS tokens get all zeros.

        ``texts`` may be raw or already cleaned by the reader: the normalisation is the same either way.
        ``masks[i]`` holds names cut out of ``texts[i]`` first (its merchant, its product), written the
        way the text is: what complainants of one shop share because it is one shop is not a script.
        """
        if masks is not None:
            texts = [_without(t, m) for t, m in zip(texts, masks, strict=True)]
        out = np.zeros((len(texts), self.num_perm), dtype=np.uint16)
        if not texts:
            return out
        codes, tid, counts = tokens(texts)
        n = self.ngram
        if len(codes) < n:
            return out
        # n-grams wholly inside one text, of the texts long enough to count.
        ok = (tid[n - 1:] == tid[:len(tid) - n + 1]) & (counts[tid[:len(tid) - n + 1]] >= MIN_TOKENS)
        pos = np.flatnonzero(ok)
        if not len(pos):
            return out
        gram = codes[pos].astype(np.uint64)
        for k in range(1, n):
            gram = (gram << np.uint64(21)) ^ codes[pos + k]  # code points fit in 21 bits
        base = (_mix(gram) >> np.uint64(32)).astype(np.uint32)
        owner = tid[pos]
        first = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        rows = owner[first]
        sig = np.empty((len(rows), self.num_perm), dtype=np.uint16)
        for j in range(self.num_perm):
            h = base * self.mul[j]
            h += self.add[j]
            # The low 16 bits of a*x+b depend on the low 16 bits of x alone: a fingerprint of the
            # minimum's n-gram, uniform however small the minimum is.
            sig[:, j] = np.minimum.reduceat(h, first).astype(np.uint16)
        # A real row of minima is never all-zero in practice; keep zero rows as "no text".
        sig[(sig == 0).all(axis=1), 0] = 1
        out[rows] = sig
        return out


def has_text(sig: np.ndarray) -> np.ndarray:
    return (sig != 0).any(axis=1)


def common_minima(sig: np.ndarray, share: float = COMMON_SHARE, at_least: int = COMMON_MIN,
                  bought: np.ndarray | None = None, claims: np.ndarray | None = None) -> np.ndarray:
    """Per row and slot: is this minimum held in its slot by a large share of the file's texts (boilerplate)?

    Given ``bought`` (a code per row for what the complaint is about: merchant and product), not when its
    holders are near-duplicates of each other about different purchases, or (given ``claims``) nearly all
    demand punitive damages about different purchases (``_scripts_kept``): one script."""
    common = np.zeros(sig.shape, dtype=bool)
    valid = has_text(sig)
    limit = max(at_least, share * int(valid.sum()))
    if valid.sum() <= limit:
        return common
    rows = np.flatnonzero(valid)
    for j in range(sig.shape[1]):
        counts = np.bincount(sig[valid, j], minlength=65536)
        common[:, j] = counts[sig[:, j]] >= limit
        if bought is not None:
            _scripts_kept(sig, rows, j, counts, limit, common, bought, claims)
    common[~valid] = False
    return common


def _scripts_kept(sig: np.ndarray, rows: np.ndarray, j: int, counts: np.ndarray, limit: float,
                  common: np.ndarray, bought: np.ndarray, claims: np.ndarray | None = None) -> None:
    """Clear the boilerplate flag of slot ``j`` for the minima that one script's users hold.

    A minimum that many texts hold is ordinary language when its holders have little else in common, but one script's
    when they agree on most other slots too and wrote about different purchases: a ring of forty retyping one script, in
    a file of a few thousand texts, holds its minima as often as common phrases are held. Up to SCRIPT_SAMPLE holders,
    spread over the file, are compared: at a mean agreement of SCRIPT_AGREE over all slots, with SCRIPT_SPREAD different
    purchases (``bought``: merchant and product) per holder, the minimum is no boilerplate. Buyers of one bad lot
    quoting its recall notice agree as much, but bought one thing: the notice stays boilerplate. Given ``claims`` (per
    row: the complaint demands punitive damages, in set phrases or by the sum), a minimum that not too many hold
    (SCRIPT_CLAIMS_HELD times ``limit``) is a claim script's too when nearly all its sampled holders (SCRIPT_CLAIMS)
    make such demands about different purchases: members who reword the script agree on few slots, but an ordinary
    phrase is used in refund requests as well.
    """
    values = np.flatnonzero(counts >= limit)
    if not len(values):
        return
    col = sig[rows, j]
    order = np.argsort(col, kind="stable")
    sorted_vals = col[order]
    lo = np.searchsorted(sorted_vals, values, side="left")
    hi = np.searchsorted(sorted_vals, values, side="right")
    for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
        holders = rows[order[a:b]]
        pick = holders[np.linspace(0, len(holders) - 1, min(SCRIPT_SAMPLE, len(holders))).astype(np.int64)]
        x = sig[pick]
        agree = (x[:, None, :] == x[None, :, :]).mean(axis=2)
        k = len(pick)
        mean = (agree.sum() - k) / max(k * (k - 1), 1)
        spread = len(unique(bought[pick])) / k
        claimed = claims is not None and b - a <= SCRIPT_CLAIMS_HELD * limit and claims[pick].mean() >= SCRIPT_CLAIMS
        if (mean >= SCRIPT_AGREE or claimed) and spread >= SCRIPT_SPREAD:
            common[holders, j] = False


_LOW15 = np.uint64(0x7FFF7FFF7FFF7FFF)


def _pack(sig: np.ndarray, common: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The signatures as 64-bit words (four 16-bit minima each), the boilerplate flags in the same lanes
    (the top bit of a lane), and whether each row has a text: the comparison then runs on whole words."""
    n = len(sig)
    words = np.ascontiguousarray(sig).view(np.uint64).reshape(n, -1)
    flags = np.ascontiguousarray(np.where(common, np.uint16(0x8000), np.uint16(0))).view(np.uint64).reshape(n, -1)
    return words, flags, has_text(sig)


def _packed_similarity(packed, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    words, flags, present = packed
    # np.take: fancy indexing of 2-D rows is several times slower.
    x = np.take(words, a, axis=0) ^ np.take(words, b, axis=0)
    # The top bit of each 16-bit lane of x set where that lane is zero: the two minima agree.
    same = ~(((x & _LOW15) + _LOW15) | x | _LOW15)
    both = np.take(flags, a, axis=0) & np.take(flags, b, axis=0)
    counts = [np.bitwise_count(m).astype(np.int32) for m in (both, same & ~both, same)]
    both_n, agree, plain = (sum(c[:, k] for k in range(c.shape[1])) for c in counts)
    slots = words.shape[1] * 4
    other = slots - both_n
    plain = plain / slots
    copy = np.where(plain >= COPY, plain, 0.0)
    sim = np.where(other >= MIN_SLOTS, agree / np.maximum(other, 1), copy)
    return np.where(present[a] & present[b], sim, 0.0)


def pair_similarity(sig: np.ndarray, common: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated similarity of rows ``a[i]`` and ``b[i]``, boilerplate left out.

    The share of agreeing minima among the slots that are not boilerplate on both sides. Two texts left
    with fewer than MIN_SLOTS such slots share little but boilerplate: they count only as copies, at
    their similarity over all slots when that reaches COPY, else 0.
    """
    return _packed_similarity(_pack(sig, common), np.asarray(a), np.asarray(b))


def estimated_similarity(sig: np.ndarray, a: int, b: int, common: np.ndarray | None = None) -> float:
    if common is None:
        common = common_minima(sig)
    return float(pair_similarity(sig, common, np.array([a]), np.array([b]))[0])


def _band_pairs(band: np.ndarray, rows: np.ndarray, max_bucket: int) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs that share this band's key: in each bucket every member with the first and with the
    NEIGHBOURS members before it (a bucket larger than ``max_bucket`` with its first only), so the work
    stays linear in the rows."""
    order = np.argsort(band, kind="stable")
    sorted_keys, rows = band[order], rows[order]
    new_group = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
    group_start = np.flatnonzero(new_group)
    sizes = np.diff(np.concatenate((group_start, [len(rows)])))
    if sizes.max() < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    start_of = np.repeat(group_start, sizes)
    size_of = np.repeat(sizes, sizes)
    idx = np.arange(len(rows))
    member = idx != start_of
    src, dst = [rows[start_of[member]]], [rows[member]]
    for d in range(1, NEIGHBOURS + 1):
        ok = (idx - d > start_of) & (size_of <= max_bucket)
        src.append(rows[idx[ok] - d])
        dst.append(rows[ok])
    return np.concatenate(src), np.concatenate(dst)


def near_duplicate_clusters(sig: np.ndarray, threshold: float = THRESHOLD, max_bucket: int = 50_000,
                            bought: np.ndarray | None = None, claims: np.ndarray | None = None) -> np.ndarray:
    """Cluster id per row (-1 for rows with no near-duplicate), from LSH candidates verified on the signature.

    Two rows are linked when their similarity (``pair_similarity``: boilerplate left out) reaches
    ``threshold``; clusters are the connected components. Candidates are the rows that agree on a whole
    band of their signatures; bands made only of boilerplate minima are not bucketed. Band by band, a
    candidate pair already in one cluster is not compared again, so a large family of near-duplicates
    costs no more than a few comparisons a row. ``bought`` and ``claims``: see ``common_minima``.
    """
    n = len(sig)
    if n == 0:
        return np.full(0, -1, dtype=np.int64)
    common = common_minima(sig, bought=bought, claims=claims)
    packed = _pack(sig, common)
    keys = np.ascontiguousarray(sig).view(np.uint32).reshape(n, BANDS)
    boiler = common.reshape(n, BANDS, ROWS_PER_BAND).all(axis=2)
    valid = has_text(sig)
    labels = np.arange(n, dtype=np.int64)
    src_parts: list[np.ndarray] = []
    dst_parts: list[np.ndarray] = []
    for b in range(BANDS):
        rows = np.flatnonzero(valid & ~boiler[:, b])
        if len(rows) < 2:
            continue
        a, c = _band_pairs(keys[rows, b], rows, max_bucket)
        fresh = labels[a] != labels[c]
        a, c = a[fresh], c[fresh]
        linked = 0
        # Compared in slices: gathering both signatures of every candidate pair at once would cost
        # 128 bytes a pair.
        for lo in range(0, len(a), COMPARE_SLICE):
            sa, sc = a[lo:lo + COMPARE_SLICE], c[lo:lo + COMPARE_SLICE]
            ok = _packed_similarity(packed, sa, sc) >= threshold
            src_parts.append(sa[ok])
            dst_parts.append(sc[ok])
            linked += int(ok.sum())
        if linked:
            labels = components(n, np.concatenate(src_parts), np.concatenate(dst_parts))
    # Singletons are not clusters.
    counts = np.bincount(labels, minlength=n)
    labels = labels.astype(np.int64)
    labels[counts[labels] < 2] = -1
    return labels
