"""Who is behind the complaints: identity groups ("subjects") and the rings that join them.

A *subject* is the set of complaints joined by the complainant's own identifiers (resident ID number,
phone): one person, whatever names they gave. A *ring* joins subjects only through **strong ties**, things
different people should not share:

- ``account``: the same bank/Alipay/WeChat account (the money goes to one place);
- ``text``: the same script — a near-duplicate text cluster written by at least ``text_min_subjects``
  different subjects (two strangers' short complaints can coincide; three copies are a template);
- ``evidence``: the same evidence picture used against at least two different merchants;
- ``contact``: the same phone written in complaint texts ("请联系 139…", a coordinator's number) by at least
  two subjects about at least two merchants — or written by one and given as another's own phone. A number
  the words before it call a merchant's or an office's does not count, nor one written about one merchant
  only (its customers quoting the shop's number).
- ``phone_block``: complainants' own mobile phones crowded into one block of 10,000 numbers (the first seven
  digits, 137 2644 ····) in a file where phones are otherwise spread out: phone cards bought together. How
  crowded counts is measured on the file itself (``crowded_blocks``): a real city's subscribers fill the blocks
  of its few carriers' ranges, so where a block of twenty strangers is ordinary no block ties anyone.
- ``claimant_address``: an address that two *punitive claimants* of one kind or more give (each with at least
  two complaints demanding punitive damages, most of their own: in set phrases, or by sums of their own,
  ``rules.sum_claims``): relatives' or bought identities run from one flat, or a household that lives on claims.
  Ordinary neighbours, households and dormitories file ordinary complaints, so their shared address stays weak;
  one punitive complaint from a claimant's flat is a coincidence (a rotated identity that once gives the flat of
  a buyer who cites the law), and a buyer who cites the law is no claimant together with a neighbour who asks
  sums of their own. At a dwelling (an address with a building, unit or room number after its door number:
  ``cols["flat"]``) where two claimants of a kind live, or one claimant and two more identities whose complaints
  are mostly of that kind, those identities' complaints are the flat's too (identities rotated in for one claim
  each); at a village group's or a dormitory's address, which many households share, they are not, nor are
  complaints filed on someone's behalf (a volunteer station's members' one-off demands).
- ``paid_address``: one address given in complaints that were withdrawn after a private payment (``paid``) by
  at least two subjects, paid by at least two merchants: identities run from one flat, each collecting. One
  family's settlement with the restaurant where they all ate is one merchant's and ties nobody.
- ``demand``: one *fixed* sum (at least three times the price paid, and none the law derives from it: ten or
  three times the price, the refund with either, the 500 and 1,000 yuan floors), or the refund plus one fixed
  sum, asked of one merchant, or about one product, by at least three subjects who paid different prices,
  within weeks (``fixed_demands``): a sum agreed beforehand, which a ring that paraphrases its script still
  asks. Complaints filed on someone's behalf are left out (a lawyer's clients each ask their own damages).

Weak coincidences — a shared address, one similar picture at one merchant (photos of the same product by
different buyers look alike) — never join a ring: the rules may report them as context inside a ring that
strong ties already made, but they do not chain innocent people in. Nor do the strong ties form a chain:
a ring is a **core** of people bound to each other more than once, with those on a value the core holds
(see ``rings``), so one sentence of ordinary complaint language or one photo like another that a single
member shares with strangers does not draw the strangers in. Complaints filed on someone's behalf are left
out of the wording ties (a filer's letterhead, an operator's formula). Every member is tied to another
member by one of the kinds above; ``ties`` keeps, per kind, which rows carry which tie value, so a report
lists each member with the tie that brought it in.

An identifier that dozens of unrelated names carry (a switchboard number, a merchant's own phone, a factory
dormitory, a placeholder like 13800000000) would glue half the file together; such hubs are not used for
linking and are counted in the summary instead. A wording is the one exception, when it is a *campaign*: a
claim script (most of its complaints demand punitive damages) whose use bunches in time, as a
script passed round a ring does, is linked again for the complaints of each burst (``_campaigns``). The same
wording spread evenly over the file's months (honest buyers who all looked up the same article of law, a
volunteer station's letterhead, a recall notice quoted by a batch's buyers) stays a hub.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .arrays import dense, unique
from .reading import DAY, MOBILE_HIGH, MOBILE_LOW, TEXT_PHONE_OTHERS, Complaints
from .unionfind import components, link_by_values

STRONG_TIES = ("account", "text", "evidence", "contact", "phone_block", "claimant_address", "paid_address", "demand")
# Ties that are a person or money, not a coincidence of words or pictures: never peeled from a ring's core.
PERMANENT_TIES = ("account", "contact", "phone_block", "claimant_address", "paid_address")
_BLOCK = 10_000  # numbers in a block of mobiles: their first seven digits


@dataclass
class Links:
    subject: np.ndarray  # subject id per row
    ring: np.ndarray  # ring id per row (a component of the strong-tie graph; most are a single subject)
    subjects_in_ring: np.ndarray  # per ring id: number of distinct subjects
    text_cluster: np.ndarray  # near-duplicate text cluster per row, -1 for none
    evidence_cluster: np.ndarray  # per (evidence_rows[i], evidence_codes[i]) pair: image cluster, -1 for none
    evidence_copy: np.ndarray  # the same pairs: cluster of copies (colours kept; images.COPY_DIFFERENCE)
    hubs: dict[str, int] = field(default_factory=dict)  # identifier kind -> number of values not linked
    # Text clusters that are campaigns: a claim script's complaints in one burst (``_campaigns``).
    campaigns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Strong tie kind -> (rows, values): the row carries that tie value, shared with another subject.
    ties: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # Per row: one fixed total (not the refund plus a sum) that several who paid different prices ask of one
    # merchant or about one product (``fixed_demands``): scheme conduct for the contaminated-batch guard.
    fixed_total: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Per row, with ``link(repeats=…)``: the same complaint filed again on another channel (``duplicates``), and
    # the same grievance sent again, saying so (``sent_again``); empty without it.
    duplicate: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    sent_again: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def member_ties(self, rows: np.ndarray) -> dict[int, list[tuple[str, np.ndarray]]]:
        """For the rows of one ring: per subject, the ties (kind, rows sharing the value) that join it to
        another subject of the ring."""
        out: dict[int, list[tuple[str, np.ndarray]]] = {}
        rows = np.asarray(rows)
        for kind, (trows, tvalues) in self.ties.items():
            m = np.isin(trows, rows)
            if not m.any():
                continue
            r, v = trows[m], tvalues[m]
            order = np.argsort(v, kind="stable")
            r, v = r[order], v[order]
            bounds = np.flatnonzero(np.concatenate(([True], v[1:] != v[:-1], [True])))
            for a, b in zip(bounds[:-1], bounds[1:], strict=True):
                group = unique(r[a:b])
                subjects = self.subject[group]
                if len(unique(subjects)) < 2:
                    continue
                for s in unique(subjects).tolist():
                    out.setdefault(int(s), []).append((kind, group))
        return out


def distinct_per_value(values: np.ndarray, names: np.ndarray) -> np.ndarray:
    """For each value code, how many distinct names carry it (values < 0 ignored)."""
    keep = values >= 0
    if not keep.any():
        return np.zeros(0, dtype=np.int64)
    v = values[keep].astype(np.int64)
    nm = names[keep].astype(np.int64) + 1  # -1 (no name) becomes 0 and still counts as one "name"
    pairs = unique(v * (int(nm.max()) + 1) + nm)
    return np.bincount(pairs // (int(nm.max()) + 1), minlength=int(v.max()) + 1)


def _without_hubs(values: np.ndarray, names: np.ndarray, limit: int) -> tuple[np.ndarray, int]:
    counts = distinct_per_value(values, names)
    if len(counts) == 0:
        return values, 0
    hub = counts > limit
    out = values.copy()
    mask = out >= 0
    out[mask & hub[np.where(mask, out, 0)]] = -1
    return out, int(hub.sum())


PACE_ROUNDS = 3  # how often a script's pace is measured again without the bursts found so far


def _campaigns(before: np.ndarray, after: np.ndarray, punitive: np.ndarray, received: np.ndarray, *,
               share: float, days: int, ratio: float, minimum: int, asking: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """``after`` (text clusters, hubs dropped) with the campaigns of claim scripts put back, and the cluster ids
    of those campaigns.

    A text cluster that was dropped as a hub (``before``: the clusters as found) is a claim script when at
    least ``share`` of its complaints demand punitive damages (``punitive``). Its complaints
    in a burst — at least ``minimum`` of the script's complaints within ``days`` days either side, and at
    least ``ratio`` times as many as the script's own rate over the file's span would give there — are a
    campaign: each run of burst complaints (no two in a row further apart than ``days``) becomes a cluster
    of its own, new ids after the existing ones. A script used at an even pace has no burst, however many
    use it, and stays a hub. The script's pace is measured on its complaints outside the bursts found so far
    (``PACE_ROUNDS`` times), and a run takes the script's complaints within ``days`` of its bursting ones: the
    first and last filings of a campaign are sparser than its middle. Given ``asking`` (per row: the complaint
    claims a sum of its own, ``rules.claiming_rows``), only the complaints that claim with the script are counted
    and taken: the same words in an ordinary refund request, at any time, are how buyers describe the defect.
    """
    none = np.zeros(0, dtype=np.int64)
    dropped = (before >= 0) & (after < 0)
    if not dropped.any():
        return after, none
    size = np.bincount(before[dropped])
    claims = np.bincount(before[dropped], weights=punitive[dropped].astype(float), minlength=len(size))
    t = received.astype(np.int64)
    dated = t > 0
    span = max(int(t[dated].max() - t[dated].min()) if dated.any() else 0, 1)
    width = days * DAY
    out = after.copy()
    first = fresh = int(max(before.max(initial=-1), after.max(initial=-1))) + 1
    # Hubs are few (a handful a file): one pass over each is cheap.
    for cluster in np.flatnonzero((size > 0) & (claims >= share * np.maximum(size, 1))):
        rows = np.flatnonzero(dropped & (before == cluster) & dated & (True if asking is None else asking))
        if len(rows) < minimum:
            continue
        rows = rows[np.argsort(t[rows], kind="stable")]
        ts = t[rows]
        near = np.searchsorted(ts, ts + width, side="right") - np.searchsorted(ts, ts - width, side="left")
        # The script's own pace is measured on its complaints outside its bursts: a script used in three
        # bursts and little else would otherwise set a pace its quieter bursts never beat.
        burst = np.zeros(len(rows), dtype=bool)
        for _ in range(PACE_ROUNDS):
            at_even_pace = max(int((~burst).sum()), 1) * 2 * width / span
            found = near >= max(minimum, ratio * at_even_pace)
            if (found == burst).all():
                break
            burst = found
        if burst.any():
            # The script's complaints within ``days`` of a bursting one: the campaign's edges.
            hit = ts[burst]
            at = np.searchsorted(hit, ts)
            gap = np.minimum(np.abs(ts - hit[np.minimum(at, len(hit) - 1)]), np.abs(ts - hit[np.maximum(at - 1, 0)]))
            burst |= gap <= width
        rows, ts = rows[burst], ts[burst]
        run = np.concatenate(([0], np.cumsum(np.diff(ts) > width))) if len(ts) else ts
        for r in unique(run):
            members = rows[run == r]
            if len(members) >= minimum:
                out[members] = fresh
                fresh += 1
    return out, np.arange(first, fresh, dtype=np.int64)


# What the law sets from the price paid: the refund, three times it (consumer law) or ten times it (food safety
# law), each with or without the refund on top; and the floors of those two (500 and 1,000 yuan), likewise.
STATUTORY_MULTIPLES = (1, 2, 3, 4, 10, 11)
STATUTORY_FLOORS = (500, 1000)


def non_statutory_sums(c: Complaints, factor: float) -> np.ndarray:
    """Per row: the claim is at least ``factor`` times the price paid and no sum the law derives from that price
    (``STATUTORY_MULTIPLES``, ``STATUTORY_FLOORS``)."""
    claim, price = c.cols["claim"], c.cols["amount"]
    ok = np.isfinite(claim) & np.isfinite(price) & (price > 0) & (claim >= factor * price)
    for k in STATUTORY_MULTIPLES:
        ok &= np.abs(claim - k * price) > 0.02 * k * price + 1
    for floor in STATUTORY_FLOORS:
        ok &= (np.abs(claim - floor) > 0.5) & (np.abs(claim - price - floor) > 0.5)
    return ok


def fixed_demands(c: Complaints, by: np.ndarray, *, days: int, factor: float, over_price: bool = False) -> np.ndarray:
    """Per row, a code for the sum it demands of one ``by`` (a merchant, a product) when that sum is a *fixed*
    one (-1 otherwise): at least ``factor`` times the price paid and no sum the law derives from that price
    (``STATUTORY_MULTIPLES``, ``STATUTORY_FLOORS``). Equal sums of one ``by`` are one code per run in time (no
    two in a row further apart than ``days``), and a code counts only when its complaints paid at least two
    different prices: the buyers of one bad lot at one price, each asking ten times it, ask the same sum by
    law, not by agreement. With ``over_price`` the sum compared is what the claim asks beyond the price (the
    refund plus a fixed 3,000 yuan: 3,510 on a 510-yuan room, 3,960 on a 960-yuan one)."""
    n = len(c)
    out = np.full(n, -1, dtype=np.int64)
    claim, price, t = c.cols["claim"], c.cols["amount"], c.cols["received"].astype(np.int64)
    rows = np.flatnonzero(non_statutory_sums(c, factor) & (t > 0) & (by >= 0))
    if not len(rows):
        return out
    amount = np.round(claim[rows] - (price[rows] if over_price else 0)).astype(np.int64)
    order = np.lexsort((t[rows], by[rows], amount))
    rows, amount, owner, ts = rows[order], amount[order], by[rows[order]], t[rows[order]]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (amount[1:] != amount[:-1]) | (owner[1:] != owner[:-1]) | (ts[1:] - ts[:-1] > days * DAY)
    run = np.cumsum(new) - 1
    prices = distinct_per_value(run, np.round(price[rows] * 100).astype(np.int64))
    keep = prices[run] >= 2
    out[rows[keep]] = run[keep]
    return out


def _spanning(values: np.ndarray, by: np.ndarray, minimum: int) -> np.ndarray:
    """``values`` with -1 where the value is carried by fewer than ``minimum`` distinct ``by``."""
    values = np.asarray(values, dtype=np.int64)
    keep = values >= 0
    if not keep.any():
        return values
    counts = distinct_per_value(values, np.asarray(by, dtype=np.int64))
    out = values.copy()
    out[keep & (counts[np.where(keep, values, 0)] < minimum)] = -1
    return out


def _shared_by_subjects(rows: np.ndarray, values: np.ndarray, subject: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (row, value) entries whose value at least two subjects carry."""
    values = _spanning(values, subject[rows], 2)
    keep = values >= 0
    return rows[keep], values[keep]


def _contact_phones(c: Complaints, subject: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, phone code) of the phones written in complaint texts that may tie strangers: not said to be a
    merchant's or an office's, written about at least two merchants; with the rows whose own phone is such a
    number (the coordinator complaining too)."""
    rows = c.text_phone_rows
    if rows is None or not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keep = c.text_phone_roles != TEXT_PHONE_OTHERS
    rows, codes = rows[keep].astype(np.int64), c.text_phone_codes[keep].astype(np.int64)
    codes = _spanning(codes, c.cols["merchant"][rows], 2)
    rows, codes = rows[codes >= 0], codes[codes >= 0]
    if not len(codes):
        return rows, codes
    own = c.cols["phone"].astype(np.int64)
    givers = np.flatnonzero(np.isin(own, codes))
    return np.concatenate((rows, givers)), np.concatenate((codes, own[givers]))


def phone_block_of(keys: np.ndarray) -> np.ndarray:
    """Per phone key: its block of 10,000 mobile numbers (the key without its last four digits), -1 for a
    landline, a foreign number or none."""
    keys = np.asarray(keys, dtype=np.int64)
    return np.where((keys >= MOBILE_LOW) & (keys < MOBILE_HIGH), keys // _BLOCK, -1)


def crowded_blocks(c: Complaints, minimum: int, factor: float) -> np.ndarray:
    """Per row, the block of its own phone if that block is crowded, else -1.

    Crowded means at least ``minimum`` different numbers, and at least ``factor`` times what the file's own
    phones show: the block size that 99 % of its numbers do not exceed (counted per number, so a file of
    scattered numbers has 1 or 2 there and a city's export, whose subscribers fill a few carriers' ranges,
    has tens). A limit measured on the file, not fixed: nobody is tied by a block that holds as many people as
    the blocks around it."""
    own = c.cols["phone"].astype(np.int64)
    none = np.full(len(own), -1, dtype=np.int64)
    keys = c.keys.get("phone")
    if keys is None or not len(keys):
        return none
    code_block = phone_block_of(keys)
    blocks, size = np.unique(code_block[code_block >= 0], return_counts=True)
    if not len(blocks):
        return none
    usual = float(np.quantile(np.repeat(size, size), 0.99))
    crowded = blocks[size >= max(minimum, int(np.ceil(factor * usual)))]
    row_block = np.where(own >= 0, code_block[np.maximum(own, 0)], -1)
    return np.where(np.isin(row_block, crowded), row_block, -1)


def sent_again(c: Complaints, subject: np.ndarray, days: int) -> np.ndarray:
    """Rows that say they follow up an earlier complaint (``follow_up``: "上次反映的问题到现在没解决") about the same
    product at the same price by the same subject, within ``days`` of it, whatever the shop is called this time
    (its signboard name, "蜀香那家店"): the same grievance sent again, not another one."""
    out = np.zeros(len(c), dtype=bool)
    follow = c.cols.get("follow_up")
    if follow is None or not follow.any():
        return out
    price = np.round(np.nan_to_num(c.cols["amount"], nan=-1.0) * 100).astype(np.int64)
    sel = np.flatnonzero((c.cols["product"] >= 0) & (price > 0))
    key = dense(subject[sel], c.cols["product"][sel], price[sel])
    t = c.cols["received"].astype(np.int64)[sel]
    order = np.lexsort((t, key))
    k, ts = key[order], t[order]
    again = (k[1:] == k[:-1]) & (ts[1:] - ts[:-1] <= days * DAY) & (follow[sel[order[1:]]] != 0)
    out[sel[order[1:]][again]] = True
    return out


def duplicates(c: Complaints, subject: np.ndarray, days: int) -> np.ndarray:
    """Rows that repeat an earlier complaint by the same subject about the same merchant and product on another
    channel within ``days``: one grievance filed twice (hotline and platform), not two complaints. Two purchases
    on days, or with order numbers, both written down are two grievances, whatever channels they came by; and a
    buyer who files one order after another, then each again elsewhere, filed each order twice."""
    n = len(c)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    key = dense(subject, c.cols["merchant"], c.cols["product"])
    t = c.cols["received"].astype(np.int64)
    orders = c.cols["order"]
    # Each complaint against the one before it in time, and against the one before it of the same order.
    for order in (np.lexsort((t, key)), np.lexsort((t, orders, key))):
        k, ts, ch, bought, said = (key[order], t[order], c.cols["channel"][order], c.cols["purchase_day"][order],
                                   orders[order])
        other_purchase = (((bought[1:] >= 0) & (bought[:-1] >= 0) & (bought[1:] != bought[:-1]))
                          | ((said[1:] >= 0) & (said[:-1] >= 0) & (said[1:] != said[:-1])))
        same = (k[1:] == k[:-1]) & (ts[1:] - ts[:-1] <= days * DAY) & (ch[1:] != ch[:-1]) & ~other_purchase
        out[order[1:][same]] = True
    return out


def mostly(gid: np.ndarray, rows: np.ndarray, minimum: int, share: float, ngroups: int) -> np.ndarray:
    """Per group: at least ``minimum`` of its rows, and ``share`` of them, are marked in ``rows`` (gid -1: none)."""
    valid = gid >= 0
    k = np.bincount(gid[valid], weights=rows[valid].astype(np.float64), minlength=ngroups)
    n = np.bincount(gid[valid], minlength=ngroups)
    return (k >= minimum) & (k >= share * n)


def rings(subject: np.ndarray, ties: dict[str, tuple[np.ndarray, np.ndarray]],
          claims: np.ndarray | None = None, core_share: float = 0.2, asking: np.ndarray | None = None,
          incidental: tuple[int, float] | None = None) -> np.ndarray:
    """Ring id per row: subjects joined by their strong ties to a ring's core, not by a chain.

    Subjects and tie values (one wording cluster, one picture cluster, one account, one contact phone) make a
    two-sided graph. The **core** is what is left after peeling, again and again, every subject with fewer
    than two tie values left and every wording or picture with fewer than two subjects left: people bound to
    each other more than once. A ring is its core with the subjects hanging on a value that the core holds
    (one script passed round the gang, a coordinator's number). An account or a contact phone is money or a
    person, not a coincidence of words or photos: it is never peeled and joins everyone who carries it.

    A subject that meets the core only through a wording or a picture one core member shares (one sentence
    of ordinary complaint language, one photo like another) is not drawn in; subjects left outside every core
    are joined among themselves by the values they share and judged as a group of their own (a template ring
    of single complaints has no core, and is judged whole, as before).

    Given ``claims`` (per row: a punitive demand, ``rules.punitive_claims``), a wording the core holds draws in only
    when it is the core's own — at least ``core_share`` of the subjects who wrote it are core members — or a claim
    script (at least half of its complaints punitive demands). An ordinary sentence that a few members of a ring share
    with dozens of ordinary complainants ("瓶盖没封好漏了一箱子") ties those complainants to nothing.
    Given ``asking`` (per row: the complaint asks a sum of its own rather than the price back, or cites the law or
    a multiple in set phrases: ``rules.claiming_rows``), a wording — a claim script or the core's own — draws in
    only the subjects who claim with it: the script's account of a defect in a complaint that asks a refund (one
    of a frequent buyer's many purchases, a hotline's record of a buyer of the same honey) is the defect's
    ordinary description, not the script.

    Given ``incidental`` (``minimum``, ``share``): a subject with at least ``minimum`` complaints, fewer than
    ``share`` of which carry a wording, picture or sum another subject shares, is tied by none of them (a frequent
    buyer whose one complaint in twenty reads like a ring's script); accounts, contacts and flats still tie."""
    n = len(subject)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ns = int(subject.max()) + 1
    subj_parts, value_parts, permanent_parts, claim_parts, row_parts = [], [], [], [], []
    offset = 0
    wordings = scripts = np.zeros(0, dtype=np.int64)  # wording values, and those that are claim scripts
    for kind, (trows, tvalues) in ties.items():
        if not len(trows):
            continue
        subj_parts.append(subject[trows].astype(np.int64))
        row_parts.append(trows.astype(np.int64))
        value_parts.append(tvalues.astype(np.int64) + offset)
        permanent_parts.append(np.full(len(trows), kind in PERMANENT_TIES))
        claim_parts.append(asking[trows] if asking is not None else np.ones(len(trows), dtype=bool))
        if kind == "text" and claims is not None:
            codes, index = np.unique(tvalues.astype(np.int64), return_inverse=True)
            claimed = np.bincount(index, weights=claims[trows].astype(float), minlength=len(codes))
            wordings = codes + offset
            scripts = wordings[2 * claimed >= np.bincount(index, minlength=len(codes))]
        offset += int(tvalues.max()) + 1
    if not subj_parts:
        return subject.astype(np.int64)
    entries = np.stack((np.concatenate(subj_parts), np.concatenate(value_parts),
                        np.concatenate(permanent_parts).astype(np.int64)), axis=1)
    claimed_entry = np.concatenate(claim_parts)
    if incidental is not None:
        # Ties of wording, pictures or sums that are a small share of a frequent complainant's complaints are
        # coincidences among many purchases, not the ring's: that subject meets rings only through the
        # permanent ties (an account, a contact, a flat).
        minimum, share = incidental
        erows = np.concatenate(row_parts)
        soft = entries[:, 2] == 0
        tied = np.bincount(subject[unique(erows[soft])], minlength=ns)
        own = np.bincount(subject, minlength=ns)
        keep = ~(soft & ((own >= minimum) & (tied < share * own))[entries[:, 0]])
        entries, claimed_entry = entries[keep], claimed_entry[keep]
        if not len(entries):
            return subject.astype(np.int64)
    key, pair_of = np.unique(entries, axis=0, return_inverse=True)
    ps, values, permanent_pair = key[:, 0], key[:, 1], key[:, 2].astype(bool)
    claimed_pair = np.bincount(pair_of.ravel(), weights=claimed_entry.astype(float),
                               minlength=len(key)) > 0  # the subject claims in one of its rows carrying the value
    uniq, pv = np.unique(values, return_inverse=True)
    nv = len(uniq)
    permanent = np.zeros(nv, dtype=bool)
    permanent[pv[permanent_pair]] = True
    alive_s = np.ones(ns, dtype=bool)
    alive_v = np.ones(nv, dtype=bool)
    while True:
        live = alive_s[ps] & alive_v[pv]
        new_s = alive_s & (np.bincount(ps[live], minlength=ns) >= 2)
        live = new_s[ps] & alive_v[pv]
        new_v = permanent | (alive_v & (np.bincount(pv[live], minlength=nv) >= 2))
        if (new_s == alive_s).all() and (new_v == alive_v).all():
            break
        alive_s, alive_v = new_s, new_v
    # Values that join: those the core holds, and accounts and contact phones. A subject on one of them is
    # in that ring; the others (outside every core, on no such value) are joined by the values they share.
    joins = alive_v[pv]
    if len(wordings):
        # A wording draws subjects in only when it is the core's own or a claim script (see above); core
        # members themselves stay where they are.
        carriers = np.bincount(pv, minlength=nv)
        in_core = np.bincount(pv[alive_s[ps]], minlength=nv)
        ordinary = np.isin(uniq, wordings) & ~np.isin(uniq, scripts) & (in_core < core_share * carriers)
        joins &= ~ordinary[pv] | alive_s[ps]
        # A wording draws in only those who claim a sum of their own with it (see above).
        joins &= ~np.isin(uniq, wordings)[pv] | claimed_pair | alive_s[ps]
    attached = np.zeros(ns, dtype=bool)
    attached[ps[joins]] = True
    free = ~alive_s & ~attached
    keep = joins | (free[ps] & ~alive_v[pv])
    # Subject s and value v are one graph: value node ids follow the subjects'.
    labels = components(ns + nv, ps[keep], pv[keep] + ns)
    return labels[subject]


def link(c: Complaints, *, hub_names: int, text_cluster: np.ndarray,
         evidence_cluster: np.ndarray | None = None, evidence_copy: np.ndarray | None = None,
         text_min_subjects: int = 3, punitive: np.ndarray | None = None, claimant_min: int = 2,
         claimant_share: float = 0.5, campaign: dict | None = None, wording_core_share: float = 0.2,
         phone_block: tuple[int, float] | None = None, demand: tuple[int, float, int] | None = None,
         paid: np.ndarray | None = None, asking: np.ndarray | None = None,
         incidental: tuple[int, float] | None = None, repeats: tuple[int, int] | None = None,
         claims: np.ndarray | None = None, sum_claims: np.ndarray | None = None) -> Links:
    """Subjects and rings of the complaints ``c``; ``punitive`` marks the rows that demand punitive damages in
    set phrases (``rules.punitive_rows``), for the ``claimant_address`` tie: a subject with at least
    ``claimant_min`` such rows, ``claimant_share`` of its own, is a punitive claimant; so is one with as many rows
    of ``sum_claims`` (a punitive sum asked without set phrases, or one no law derives from the price:
    ``rules.sum_claims``; read only beside ``punitive``), and claimants of one kind tie at a flat (tie values:
    the address code times two, plus the kind). ``campaign``: the
    keyword settings of ``_campaigns`` (share, days, ratio, minimum), which needs ``claims``; without it a
    wording hub stays a hub. ``claims``: the rows that demand punitive damages in set phrases or by the sum
    (``rules.punitive_claims``; default ``punitive``), for campaigns and the wordings that draw subjects into
    rings. ``wording_core_share``: see ``rings``. ``phone_block``: the ``minimum`` and
    ``factor`` of ``crowded_blocks``; without it phone blocks tie nobody. ``paid``: per row, withdrawn after a
    private payment (``rules.paid_withdrawals``), for the ``paid_address`` tie. ``asking``: per row, the complaint
    claims a sum of its own (``rules.claiming_rows``), for campaigns and for the wordings that draw subjects into
    rings; ``incidental``: see ``rings``. ``repeats``: the days of ``duplicates`` and ``sent_again``: a
    grievance filed again on another channel, or sent again saying so, is no second complaint of a punitive
    claimant."""
    n = len(c)
    # Per row: filed on someone's behalf (a volunteer station, a lawyer, a relative: ``reading.REPRESENTATION``).
    on_behalf = c.cols.get("representative", np.zeros(n, dtype=np.int8)) != 0
    claims = punitive if claims is None else claims
    hubs: dict[str, int] = {}
    campaigns = np.zeros(0, dtype=np.int64)
    fixed_total = np.zeros(n, dtype=bool)
    duplicate = again = np.zeros(0, dtype=bool)
    # 1. Subjects: rows of one person, through ID numbers and phones.
    src, dst = [], []
    for kind in ("id_number", "phone"):
        values, hubs[kind] = _without_hubs(c.cols[kind], c.cols["name"], hub_names)
        s, d = link_by_values(n, values)
        src.append(s)
        dst.append(d)
    subject = components(n, np.concatenate(src), np.concatenate(dst))
    if repeats is not None:
        again = sent_again(c, subject, repeats[1])
        duplicate = duplicates(c, subject, repeats[0]) | again

    # 2. Rings: subjects joined by strong ties only. The address is weak: counted for hubs, never linked.
    _address, hubs["address"] = _without_hubs(c.cols["address"], c.cols["name"], hub_names)
    ties: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if len(c.account_rows):
        acc_names = c.cols["name"][c.account_rows]
        accounts, hubs["account"] = _without_hubs(c.account_codes, acc_names, hub_names)
        # Written about one merchant only, an account is that merchant's (its customers quoting where they paid).
        accounts = _spanning(accounts, c.cols["merchant"][c.account_rows], 2)
        ties["account"] = _shared_by_subjects(c.account_rows, accounts, subject)
    rows_all = np.arange(n, dtype=np.int64)
    # A wording or picture that dozens of unrelated names share is a hub too (a form letter, a stock photo, a
    # receipt layout): it is no evidence of anything, for the ring graph or for the rules.
    if n:
        found = text_cluster
        text_cluster, hubs["text"] = _without_hubs(text_cluster, c.cols["name"], hub_names)
        if claims is not None and campaign is not None:
            text_cluster, campaigns = _campaigns(found, text_cluster, claims, c.cols["received"], **campaign,
                                                 asking=asking)
        # Complaints filed on someone's behalf share their filer's letterhead or an operator's formula
        # ("代家里老人反映：…"): the same wording there is one filer's style, not a script passed round.
        text_cluster = np.where(on_behalf, -1, text_cluster)
    script = _spanning(text_cluster, subject, text_min_subjects) if n else text_cluster
    ties["text"] = _shared_by_subjects(rows_all, script, subject)
    if evidence_cluster is None:
        evidence_cluster = np.full(len(c.evidence_rows), -1, dtype=np.int64)
    # Only copies of a picture tie different people; the same layout in other colours is a coincidence.
    evidence_copy = evidence_cluster if evidence_copy is None else np.asarray(evidence_copy, dtype=np.int64)
    if len(evidence_cluster):
        names = c.cols["name"][c.evidence_rows]
        evidence_cluster, hubs["evidence"] = _without_hubs(np.asarray(evidence_cluster, dtype=np.int64), names,
                                                           hub_names)
        evidence_copy, _copy_hubs = _without_hubs(evidence_copy, names, hub_names)
        across = _spanning(evidence_copy, c.cols["merchant"][c.evidence_rows], 2)
        ties["evidence"] = _shared_by_subjects(c.evidence_rows, across, subject)
    contact_rows, contact_values = _contact_phones(c, subject)
    if len(contact_rows):
        contact_values, hubs["contact"] = _without_hubs(contact_values, c.cols["name"][contact_rows], hub_names)
        ties["contact"] = _shared_by_subjects(contact_rows, contact_values, subject)
    if phone_block is not None and n:
        ties["phone_block"] = _shared_by_subjects(rows_all, crowded_blocks(c, *phone_block), subject)
    if punitive is not None and n:
        # An address that two punitive claimants of one kind share (each with at least claimant_min such
        # complaints, most of their own): one punitive complaint from a claimant's flat is a coincidence (a rotated
        # identity that once gives the flat of a buyer who cites the law, or a buyer who cited it once), and so is
        # a buyer who cites the law beside someone who asks sums of their own.
        ns = int(subject.max()) + 1
        once = np.where(duplicate, -1, subject) if len(duplicate) else subject
        parts_rows, parts_values = [], []
        flat = c.cols.get("flat", np.zeros(n, dtype=np.int8))
        for kind, marked in enumerate((punitive, sum_claims)):
            if marked is None:
                continue
            claimant = mostly(once, marked, claimant_min, claimant_share, ns)
            rows = np.flatnonzero(claimant[subject] & (_address >= 0))
            # Other identities of a dwelling (not an address many share) whose complaints are mostly of this kind:
            # the flat's too where two claimants live, or one claimant and two such identities (a rotated identity
            # that files once); one claimant and one such identity is the coincidence above.
            filer = mostly(once, marked, 1, 0.5, ns) & ~claimant
            # A volunteer station's or a lawyer's complaints are their members' and clients' one-off demands.
            at = np.flatnonzero(marked & (_address >= 0) & (flat != 0) & (once >= 0) & (claimant | filer)[subject]
                                & ~on_behalf)
            if len(at):
                code = _address[at].astype(np.int64)
                there = distinct_per_value(code, subject[at])
                claimants_there = distinct_per_value(np.where(claimant[subject[at]], code, -1), subject[at])
                claimants_there = np.pad(claimants_there, (0, len(there) - len(claimants_there)))
                dwelling = (claimants_there >= 2) | ((claimants_there >= 1) & (there >= 3))
                rows = np.concatenate((rows, at[dwelling[code] & filer[subject[at]]]))
            rows, values = _shared_by_subjects(rows, _address[rows].astype(np.int64) * 2 + kind, subject)
            parts_rows.append(rows)
            parts_values.append(values)
        rows, values = np.concatenate(parts_rows), np.concatenate(parts_values)
        order = np.argsort(rows, kind="stable")
        ties["claimant_address"] = (rows[order], values[order])
    if paid is not None and n:
        rows = np.flatnonzero(paid & (_address >= 0))
        values = _spanning(_address[rows].astype(np.int64), c.cols["merchant"][rows], 2)
        ties["paid_address"] = _shared_by_subjects(rows, values, subject)
    if demand is not None and n:
        days, factor, minimum = demand
        # The same sum of one merchant or of one product: a round sum many ask of anyone chains strangers.
        parts, codes, offset = [], [], 0
        for by, over_price in (("merchant", False), ("product", False), ("merchant", True), ("product", True)):
            fixed = fixed_demands(c, c.cols[by].astype(np.int64), days=days, factor=factor, over_price=over_price)
            # A lawyer or an agent files for clients hurt in different ways: their sums are the filer's.
            fixed = np.where(on_behalf, -1, fixed)
            fixed = _spanning(fixed, subject, minimum)
            keep = fixed >= 0
            if not over_price:
                fixed_total |= keep
            parts.append(rows_all[keep])
            codes.append(fixed[keep] + offset)
            offset += int(fixed.max(initial=-1)) + 1
        ties["demand"] = _shared_by_subjects(np.concatenate(parts), np.concatenate(codes), subject)
    ring = rings(subject, ties, claims, wording_core_share, asking=asking, incidental=incidental)

    pairs = unique(ring.astype(np.int64) * (int(subject.max(initial=0)) + 1) + subject)
    subjects_in_ring = np.bincount(pairs // (int(subject.max(initial=0)) + 1), minlength=int(ring.max(initial=-1)) + 1)
    return Links(subject=subject, ring=ring, subjects_in_ring=subjects_in_ring, text_cluster=text_cluster,
                 evidence_cluster=evidence_cluster, evidence_copy=evidence_copy, hubs=hubs, ties=ties,
                 campaigns=campaigns, fixed_total=fixed_total, duplicate=duplicate, sent_again=again)
