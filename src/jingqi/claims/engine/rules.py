"""The rules: each looks at groups of complaints (a subject, or a ring) and says how much it suspects them.

A rule is computed for all groups at once with numpy (a million rows means several hundred thousand
subjects) and returns a weight per group; only for the groups that end up in the report does it
write its reason — a sentence, the facts behind it, and the complaint IDs that are its evidence.
Thresholds and weights live in :class:`Config`, loadable from JSON or TOML (``--config``).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jingqi.core.errors import ActionError

from .arrays import dense, unique
from .images import MAX_DISTANCE
from .linking import Links, duplicates, fixed_demands, mostly, non_statutory_sums, sent_again
from .reading import CITATION_BITS, COMPENSATED, DAY, OUTCOME_REFUND, OUTCOME_SETTLED, WITHDRAWN, Complaints
from .texts import THRESHOLD


@dataclass
class Config:
    flag_score: float = 0.5  # a complaint in a clue scoring this much is "flagged"
    report_score: float = 0.3  # clues below this are not reported at all
    hub_names: int = 30  # an identifier carried by more distinct names than this is a hub, not a link
    # A wording hub that is a claim script (this share of its complaints punitive demands) is linked again for
    # its bursts: at least campaign_min of its complaints within campaign_days either side, campaign_ratio times
    # its even pace over the file (linking._campaigns). bench/claims_heldout.py --grid campaign_ratio=1.5,2,2.5,3
    # (2026-12-05, the tuning sets without pictures): honest law citers start to be flagged at 1.5 (9 of 79 on
    # beichuan:11), recall 0.864 (no campaigns) -> 0.870 at 2.5, 0.873 at 2; 2.5 keeps a margin. Only complaints
    # that claim with the script are counted and taken (2026-12-06): then campaign_share 0.8, 0.7 and 0.6 give the
    # sixteen tuning sets unchanged, and 0.7 finds qingshui seed 12's three template rings on one script that
    # ordinary refund requests describe too (74 % punitive; recall 0.867 -> 0.923, precision 1.000; taking every
    # complaint in the bursts, 0.7 flagged 4 of its 31 hotline honorifics).
    campaign_share: float = 0.7
    campaign_days: int = 15
    campaign_ratio: float = 2.5
    campaign_min: int = 6
    text_similarity: float = THRESHOLD  # estimated similarity of normalised 2-gram sets for "the same wording"
    image_distance: int = MAX_DISTANCE  # max Hamming distance of the window hashes for a "same picture" candidate

    frequency_min: int = 5
    frequency_high: int = 10
    frequency_very_high: int = 30
    w_frequency: float = 0.25
    w_frequency_high: float = 0.4
    w_frequency_very_high: float = 0.55

    breadth_min: int = 4  # distinct merchants
    breadth_high: int = 8
    w_breadth: float = 0.25
    w_breadth_high: float = 0.4

    repeat_days: int = 30  # same product bought again within this many days
    repeat_min: int = 3
    w_repeat: float = 0.3

    script_min: int = 2  # complaints citing punitive-damage set phrases
    script_share: float = 0.5
    # A claim at most this many times the price is a refund request: an article it cites is no punitive demand.
    refund_claim_factor: float = 1.05
    w_script: float = 0.3
    # A claim of at least this many yuan and this many times the price demands punitive damages by its sum, however
    # it is worded: more than a refund with threefold damages (4x) comes to, so tenfold, a statutory floor on a
    # cheap purchase (500 or 1,000 yuan) or a sum fixed beforehand (punitive_claims: claim scripts and their
    # campaigns, and claimants of sums at one flat (sum_claims), not the script rule, which reads the words).
    punitive_sum_min: float = 500
    punitive_sum_factor: float = 5.0

    demand_min: int = 2  # complaints claiming the flat 1,000 yuan floor on a purchase under 100 yuan ...
    demand_share: float = 0.5  # ... and at least this share of the group's complaints (2 of 32 is not a habit)
    w_demand: float = 0.2
    # One complainant asking one sum of this many merchants, at least shared_demand_factor times each price and no
    # sum the law sets (rule_own_sum).
    own_sum_merchants: int = 3
    w_own_sum: float = 0.3

    withdraw_min: int = 2  # withdrawn after being paid privately
    w_withdraw: float = 0.4
    # Paid "privately" means more than a refund: a withdrawal after being paid back the price (up to this many
    # times the purchase amount) is an honest end of a complaint.
    refund_factor: float = 1.5
    # Withdrawn after asking at least shared_demand_factor times the price, with no refund said or paid: this many
    # such complaints, of as many merchants (rule_dropped, "demands_dropped").
    dropped_min: int = 3
    w_dropped: float = 0.3

    route_min: int = 3  # of the stages complaint, report, review, lawsuit
    w_route: float = 0.3

    w_identities: float = 0.35  # one ID number under several names, or one name under several ID numbers
    w_shared_phone: float = 0.15  # one phone under several names, each with its own ID: how households look too
    # Such a shared phone with at most this many complaints a person is a household (or a shared line): its
    # volume (complaints, merchants, repeat purchases, timing) is its members' added up and no family of evidence
    # (scoring._families). bench/claims_heldout.py --tune without pictures (2026-12-05): 1.0 and 1.5 alike, a
    # household of four with one complaint each no longer flagged (yunxi 12), recall unchanged; with no limit
    # (every shared phone) one person rotating names on one phone, 7 complaints under 4 names, was lost (lanjiang
    # 11, recall 0.799 -> 0.775).
    household_per_person: float = 1.5
    w_impersonation: float = 0.2  # claims to be a lawyer or a journalist
    w_threat: float = 0.3  # a price for keeping quiet, or intimidation (reading.THREAT)

    w_evidence: float = 0.55  # the same picture in complaints against different merchants
    # A picture only alike to another (not a copy) against fewer merchants than this is not confirmed by volume.
    evidence_alike_merchants: int = 3
    script_merchants: int = 3  # one person's near-identical text sent to this many merchants
    w_same_text: float = 0.25
    w_shared_text: float = 0.45  # near-identical text from different subjects ...
    shared_text_subjects: int = 3  # ... at least this many: two strangers' short complaints can coincide
    w_shared_account: float = 0.4
    w_shared_contact: float = 0.4  # one contact phone written in the texts of different complainants
    w_shared_address: float = 0.15
    # Members of a ring who each use its shared wording about two products or more: a script worked by several.
    script_reusers: int = 2
    w_script_reused: float = 0.25
    w_evidence_reused: float = 0.25  # members each using the ring's shared pictures against several merchants
    # Members filing a claim script in a campaign (a burst of it far above its own pace, linking._campaigns)
    # against at least this many merchants: coordinated timing, the group's conduct.
    campaign_merchants: int = 3
    w_campaign: float = 0.3
    # Two or more punitive claimants (script_min and script_share of their own complaints) at one address.
    w_claimants_together: float = 0.35
    # Two or more complainants at one address each withdrawing after a private payment, paid by different merchants.
    w_paid_together: float = 0.35
    # One fixed sum (no multiple of the price the law sets) demanded by several complainants within weeks.
    shared_demand_days: int = 30
    shared_demand_factor: float = 3.0
    shared_demand_subjects: int = 3
    w_shared_demand: float = 0.3
    # Members' own mobile phones crowded into one block of 10,000 numbers (phone cards bought together): at
    # least block_min numbers, and block_factor times the block size that 99 % of the file's numbers stay
    # within (linking.crowded_blocks), so that a city's export, whose numbers fill its carriers' blocks, ties
    # no one this way. Identity evidence, never enough alone: a ring needs a second family beside it.
    # Chosen on the tuning sets (2026-12-05): in every generator but hangzhou's, whose numbers are scattered,
    # every block of 5 or more was a ring's; in hangzhou's, where 99 % of numbers share their block with up to 23
    # others, none is crowded.
    block_min: int = 5
    block_factor: float = 2.5
    w_phone_block: float = 0.35

    burst_days: int = 3
    burst_min: int = 4
    burst_share: float = 0.5  # of all complaints against the merchant in the window
    w_burst: float = 0.3

    region_min_subjects: int = 3
    region_share: float = 0.8
    w_region: float = 0.15

    # Evidence, not coincidence: a clue reaches the flag line only when rules of at least two independent
    # families (see FAMILIES) agree, or one strong identity fact holds. Otherwise it is capped here, below
    # the flag line. (Volume alone — many complaints, many merchants, one region — is how an active consumer
    # looks too; one picture match or one law citation is how a single coincidence looks.)
    volume_only_cap: float = 0.45
    # In a ring, shared wording or shared pictures count as a family of evidence only when they hold for at
    # least this share of its members: a sentence or a photo two members of thirty happen to share is one
    # coincidence among many people, not the group's evidence agreeing. So is one member's own conduct (a private
    # payment, a flat demand, posing as a lawyer): a ring's family only when this share of its members show it.
    ring_tie_share: float = 0.34
    # A wording a ring's core holds draws other writers in only when core members are at least this share of its
    # writers, or it is a claim script (linking.rings). bench/claims_heldout.py --grid ring_wording_core_share=
    # 0,0.1,0.2,0.3,0.5 (2026-12-05, tuning sets without pictures): precision 0.980, 0.980, 0.985, 0.987, 0.987;
    # recall 0.881, 0.881, 0.879, 0.875, 0.865 (0 is the rule before: any wording the core holds draws in).
    ring_wording_core_share: float = 0.2
    # A complainant with at least this many complaints, fewer than this share of which share a wording, a picture
    # or a sum with anyone, is tied to no ring by them (linking.rings): a frequent buyer's one complaint in the
    # words of a ring's script. Measured on the tuning sets (2026-12-06): 0.15 and 0.2 change nothing on the
    # sixteen sets; 0.2 frees yunxi 23's frequent buyer (3 of 17); 0.25 loses 4 of parkline 1's ring members.
    ring_incidental_min: int = 6
    ring_incidental_share: float = 0.2
    # One payment account, or one contact phone written in the texts (not said to be a merchant's or an
    # office's), in complaints of this many different complainants about several merchants: a coordinator
    # collecting the money or the calls. A strong fact, enough without a second family.
    coordinator_subjects: int = 3

    # A ring inside a contaminated batch — many complaints about one merchant's product in a short window —
    # is judged on the group: unless most of it shows scheme conduct (set phrases, fixed demands, private
    # settlements) or it shares a payment account, its score is multiplied by this.
    batch_min_outsiders: int = 10
    batch_days: int = 14
    batch_damping: float = 0.4
    batch_conduct_share: float = 0.5

    # The same complaint filed on two channels (same person, merchant and product, this close) counts once.
    duplicate_days: int = 7
    # A complaint saying it follows up an earlier one (same person, product and price), this close, counts once.
    sent_again_days: int = 60

    @classmethod
    def load(cls, path: str | Path | None) -> Config:
        if not path:
            return cls()
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except (OSError, ValueError) as exc:
            raise ActionError(_("The configuration file cannot be read: %(reason)s") % {"reason": exc})
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ActionError(_("Unknown settings in the configuration: %(names)s") % {"names": ", ".join(unknown)})
        cfg = cls()
        for key, value in data.items():
            current = getattr(cfg, key)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ActionError(_("The setting %(name)s must be a number.") % {"name": key})
            setattr(cfg, key, type(current)(value))
        return cfg


@dataclass
class Reason:
    rule: str
    weight: float
    detail: str
    facts: dict
    rows: np.ndarray


Explain = Callable[[np.ndarray], Reason]


@dataclass
class Fired:
    rule: str
    weight: np.ndarray  # per group; 0 where the rule did not fire
    explain: Callable[[int, np.ndarray], Reason]  # (group, its rows) -> reason
    # Per group: the rule's strong form, which may flag without a second family; where it holds only in its
    # weak form the rule is context, no family (one phone under several people with their own ID numbers).
    strong: np.ndarray | None = None
    share: np.ndarray | None = None  # per group: the share of its members the rule holds for (ring ties)
    # Per group: strong enough to flag without a second family, and a family either way (a coordinator).
    decisive: np.ndarray | None = None
    # Per row: the complaints that make the reason, for a rule of one member's own conduct (a private payment, a
    # fixed demand, a claim to be a lawyer). In a ring it is the ring's evidence only where enough of its
    # members show it (scoring._families); otherwise it is those members' own.
    conduct_rows: np.ndarray | None = None
    # Per group: the rule's weak form, a family only beside another that is not volume (scoring._families).
    weak: np.ndarray | None = None


@dataclass
class Context:
    c: Complaints
    links: Links
    cfg: Config
    merchant_window_total: np.ndarray  # per row: complaints against its merchant in the burst window ending at it
    duplicate: np.ndarray  # per row: the same complaint already filed on another channel, or sent again (counted once)
    sent_again: np.ndarray  # per row: the same grievance sent again, saying so (``sent_again``; in ``duplicate`` too)
    real_name: np.ndarray  # per row: name code, or -1 for an honorific-only name ("宋女士"), a user name, or none
    on_behalf: np.ndarray  # per row: the text says it is filed on someone else's behalf (representative_rows)
    punitive: np.ndarray  # per row: demands punitive damages in set phrases (punitive_rows)


# Names that are no person's name: honorific-only ones (a hotline writes "宋女士" beside the caller's full name),
# and a platform's user names (快乐宝妈774, 小鱼儿88, 甜心baby: digits, or Chinese characters beside Latin
# letters), which an online shop's export gives where a hotline gives the name. Names are compared squeezed
# (lower case, no signs); a name in Latin letters alone, a pinyin or a foreign one, stays a name.
_NO_NAME = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:女士|先生|小姐|阿姨|师傅|老师|同学|大爷|大妈|某某?)$|某"
                      r"|[0-9]|[\u4e00-\u9fff].*[a-z]|[a-z].*[\u4e00-\u9fff]")


def real_names(c: Complaints) -> np.ndarray:
    """Name codes, with -1 for names that are no person's name (``_NO_NAME``)."""
    names = c.cols["name"]
    out = names.astype(np.int64)
    if not len(names) or c.name_rows is None:
        return out
    no_name = np.array([bool(_NO_NAME.search(c.value("name", k))) for k in range(len(c.name_rows))], dtype=bool)
    if no_name.any():
        out[(out >= 0) & no_name[np.where(out >= 0, out, 0)]] = -1
    return out


def representative_rows(c: Complaints) -> np.ndarray:
    """Rows whose text says the complaint is filed on someone else's behalf (``reading.REPRESENTATION``)."""
    col = c.cols.get("representative")
    return np.zeros(len(c), dtype=bool) if col is None else col != 0


def build_context(c: Complaints, links: Links, cfg: Config, punitive: np.ndarray | None = None) -> Context:
    total = window_counts(c.cols["merchant"].astype(np.int64), c.cols["received"], cfg.burst_days * DAY)
    if len(links.duplicate) == len(c):  # found while linking (``link(repeats=…)``)
        again, duplicate = links.sent_again, links.duplicate
    else:
        again = sent_again(c, links.subject, cfg.sent_again_days)
        duplicate = duplicates(c, links.subject, cfg.duplicate_days) | again
    return Context(c=c, links=links, cfg=cfg, merchant_window_total=total, sent_again=again, duplicate=duplicate,
                   real_name=real_names(c),
                   on_behalf=representative_rows(c),
                   punitive=punitive_rows(c, cfg) if punitive is None else punitive)


# --- vectorised helpers ----------------------------------------------------------------------------


def distinct_count(gid: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray:
    keep = (gid >= 0) & (values >= 0)
    if not keep.any():
        return np.zeros(ngroups, dtype=np.int64)
    g, v = gid[keep].astype(np.int64), values[keep].astype(np.int64)
    pairs = unique(g * (int(v.max()) + 1) + v)
    return np.bincount(pairs // (int(v.max()) + 1), minlength=ngroups)


def window_counts(key: np.ndarray, t: np.ndarray, width: int) -> np.ndarray:
    """For each row, how many rows with the same key have t in [t_row - width, t_row]."""
    n = len(key)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    k, ts = key.astype(np.int64), t.astype(np.int64)
    # Shift each key's times into its own band, so that one sort orders the rows by key and time (three times as
    # fast as np.lexsort on the two at a million rows) and a single searchsorted covers all keys.
    span = int(ts.max() - ts.min()) + width + 1
    packed = (k - k.min()) * span + (ts - ts.min())
    order = np.argsort(packed, kind="stable")
    base = packed[order]
    left = np.searchsorted(base, base - width, side="left")
    right = np.searchsorted(base, base, side="right")
    out = np.empty(n, dtype=np.int64)
    out[order] = right - left
    return out


def count(gid: np.ndarray, mask: np.ndarray, ngroups: int) -> np.ndarray:
    return np.bincount(gid[mask & (gid >= 0)], minlength=ngroups)


def tiers(values: np.ndarray, steps: list[tuple[float, float]]) -> np.ndarray:
    """Weight of the highest step ``(threshold, weight)`` that each value reaches."""
    w = np.zeros(len(values))
    for threshold, weight in steps:
        w = np.where(values >= threshold, weight, w)
    return w


def _ids(c: Complaints, rows) -> list[str]:
    return [c.complaint_ids[r] for r in rows]


# --- the rules -------------------------------------------------------------------------------------


def rule_frequency(ctx: Context, gid, ng) -> Fired:
    cfg = ctx.cfg
    n = count(gid, ~ctx.duplicate, ng)
    w = tiers(n, [(cfg.frequency_min, cfg.w_frequency), (cfg.frequency_high, cfg.w_frequency_high),
                  (cfg.frequency_very_high, cfg.w_frequency_very_high)])

    def explain(g, rows):
        own = rows[~ctx.duplicate[rows]]
        return Reason("frequency", float(w[g]),
                      _("%(n)d complaints filed.") % {"n": len(own)}, {"complaints": len(own)}, own)

    return Fired("frequency", w, explain)


def rule_breadth(ctx: Context, gid, ng) -> Fired:
    cfg, c = ctx.cfg, ctx.c
    # A grievance sent again under the shop's other name is one merchant complained of, not two.
    m = distinct_count(np.where(ctx.duplicate, -1, gid), c.cols["merchant"], ng)
    w = tiers(m, [(cfg.breadth_min, cfg.w_breadth), (cfg.breadth_high, cfg.w_breadth_high)])

    def explain(g, rows):
        k = len(set(c.cols["merchant"][rows[~ctx.duplicate[rows]]].tolist()) - {-1})
        return Reason("breadth", float(w[g]), _("Complaints against %(n)d different merchants.") % {"n": k},
                      {"merchants": k}, rows)

    return Fired("breadth", w, explain)


def rule_repeat(ctx: Context, gid, ng) -> Fired:
    """One person buying the same product again and again within ``repeat_days``: the test-purchase pattern.

    Counted per subject inside the group (a ring's members buying the same product are different buyers,
    not one buyer buying many times), and without the second filing of one complaint on another channel.
    """
    cfg, c, subject = ctx.cfg, ctx.c, ctx.links.subject
    sel = (gid >= 0) & (c.cols["product"] >= 0) & (c.cols["purchase_day"] >= 0) & ~ctx.duplicate
    hits = np.zeros(len(gid), dtype=bool)
    if sel.any():
        rows = np.flatnonzero(sel)
        key = dense(gid[rows], subject[rows], c.cols["product"][rows])
        wc = window_counts(key, c.cols["purchase_day"][rows], cfg.repeat_days)
        hits[rows[wc >= cfg.repeat_min]] = True
    w = np.where(count(gid, hits, ng) > 0, cfg.w_repeat, 0.0)

    def explain(g, rows):
        # The densest window of one subject's purchases of one product: the purchases that made the rule fire.
        cand = rows[sel[rows]]
        best, chosen = -1, cand[:0]
        for s_, p in sorted({(int(subject[r]), int(c.cols["product"][r])) for r in rows[hits[rows]].tolist()}):
            pr = cand[(subject[cand] == s_) & (c.cols["product"][cand] == p)]
            pr = pr[np.argsort(c.cols["purchase_day"][pr], kind="stable")]
            days = c.cols["purchase_day"][pr]
            ends = np.searchsorted(days, days + cfg.repeat_days, side="right")
            i = int(np.argmax(ends - np.arange(len(pr))))
            if ends[i] - i > len(chosen):
                best, chosen = p, pr[i:ends[i]]
        days = c.cols["purchase_day"][chosen]
        span = int(days.max() - days.min()) if len(days) else 0
        product = c.value("product", best)
        return Reason("repeat_purchase", float(w[g]),
                      _("Bought %(product)s %(n)d times within %(days)d days.")
                      % {"product": product, "n": len(chosen), "days": span},
                      {"product": product, "purchases": len(chosen), "days": span}, chosen)

    return Fired("repeat_purchase", w, explain)


def punitive_rows(c: Complaints, cfg: Config) -> np.ndarray:
    """Per row: the complaint demands punitive damages in set phrases.

    Citing an article is no punitive demand when the claim is only the price back (a lawyer or an ordinary
    buyer naming the law in a refund request); punitive demands in words count whatever the claim, and a claim
    not written down (or 0) leaves the citation standing."""
    claim = c.cols["claim"]
    with np.errstate(invalid="ignore"):
        refund_only = (claim > 0) & (claim <= c.cols["amount"] * cfg.refund_claim_factor)
    scripts = c.cols["scripts"].astype(np.int64)
    return np.where(refund_only, scripts & ~CITATION_BITS, scripts) != 0


def punitive_claims(c: Complaints, cfg: Config, punitive: np.ndarray | None = None) -> np.ndarray:
    """Per row: the complaint demands punitive damages, in set phrases (``punitive``, default
    :func:`punitive_rows`) or by its sum — at least ``punitive_sum_min`` yuan and ``punitive_sum_factor`` times
    the price, in a text that does not only ask whether the law grants it. A ring that rewords its claim script
    still asks the sums it agreed (refund and 500 yuan on a 26-yuan meal, 1,000 yuan on a 9.90 snack).

    What makes a wording a claim script: for ``texts`` (the minima of a reworded claim script) and ``linking``
    (campaigns, the wordings that draw subjects into rings). The script rule reads the words only: counting a
    sum there too would make one fact two families beside ``fixed_demand`` and ``own_sum``. At one flat
    (``claimant_address``) a sum makes a claimant of its own kind (:func:`sum_claims`): counted with the set
    phrases, that tie drew buyers who cite the law into rings through one flat they shared with a ring member."""
    punitive = punitive_rows(c, cfg) if punitive is None else punitive
    return punitive | punitive_sums(c, cfg)


def punitive_sums(c: Complaints, cfg: Config) -> np.ndarray:
    """Per row: a claim of at least ``punitive_sum_min`` yuan and ``punitive_sum_factor`` times the price, in a
    text that does not only ask whether the law grants it."""
    claim = c.cols["claim"]
    with np.errstate(invalid="ignore"):
        by_sum = ((claim >= cfg.punitive_sum_min) & (claim >= cfg.punitive_sum_factor * c.cols["amount"])
                  & (c.cols["asking"] == 0))
    return np.nan_to_num(by_sum, nan=0).astype(bool)


def sum_claims(c: Complaints, cfg: Config, punitive: np.ndarray | None = None) -> np.ndarray:
    """Per row: a punitive demand by its sum (:func:`punitive_claims`) that is the claimant's own — asked without
    citing the law in set phrases (``punitive``, default :func:`punitive_rows`), or a sum no law derives from the
    price (``linking.non_statutory_sums``): the refund and 500 yuan of a takeaway, 20,000 yuan on a 9-yuan snack.

    For claimants at one flat (``linking``'s ``claimant_address``), a kind apart from claimants in set phrases:
    two who each ask such sums are claimants together, but a buyer who cites the law and asks tenfold is not tied
    to a neighbour who asks sums of their own (on held-out data that drew law citers into rings)."""
    punitive = punitive_rows(c, cfg) if punitive is None else punitive
    return punitive_sums(c, cfg) & (~punitive | non_statutory_sums(c, cfg.punitive_sum_factor))


def claiming_rows(c: Complaints, cfg: Config) -> np.ndarray:
    """Per row: the complaint claims a sum of its own — more than the price back or less than it (beyond
    ``refund_claim_factor`` either way: a fixed sum of compensation asked whatever was paid), or, with the claim
    cell empty, a compensation sum in the text — or cites the law or a multiple in set phrases: what a claim
    script is used for, as against a refund request that describes the same defect in the same words
    (``linking.rings``, ``linking._campaigns``)."""
    claim, price = c.cols["claim"], c.cols["amount"]
    with np.errstate(invalid="ignore"):
        beyond = claim > price * cfg.refund_claim_factor
        short = (claim > 0) & (claim * cfg.refund_claim_factor < price)
        written = ~(claim > 0) & (c.cols["sum_asked"] != 0)
    return (c.cols["scripts"] != 0) | beyond | short | written


def rule_scripts(ctx: Context, gid, ng) -> Fired:
    cfg = ctx.cfg
    scripted = ctx.punitive
    w = np.where(mostly(gid, scripted, cfg.script_min, cfg.script_share, ng), cfg.w_script, 0.0)

    def explain(g, rows):
        hit = rows[scripted[rows]]
        return Reason("punitive_script", float(w[g]),
                      _("%(k)d of %(n)d complaints cite punitive damages in set phrases "
                        "(Food Safety Law art. 148, tenfold compensation, at least 1,000 yuan).")
                      % {"k": len(hit), "n": len(rows)}, {"scripted": len(hit), "complaints": len(rows)}, hit)

    return Fired("punitive_script", w, explain)


def demand_rows(c: Complaints) -> np.ndarray:
    """Per row: the 1,000-yuan floor claimed on a purchase of under 100 yuan.

    Tenfold on its own is what the law grants and genuine consumers ask for too (the script rule sees the
    wording); the professional's mark is the floor claimed on a purchase of a few yuan. A text that only asks
    whether the law grants it (reading.ASKING) makes no demand, whatever amount the hotline wrote in the claim
    cell."""
    with np.errstate(invalid="ignore"):
        demand = (c.cols["claim"] >= 1000) & (c.cols["amount"] < 100) & (c.cols["asking"] == 0)
    return np.nan_to_num(demand, nan=0).astype(bool)


def rule_demand(ctx: Context, gid, ng) -> Fired:
    cfg = ctx.cfg
    demand = demand_rows(ctx.c)
    k = count(gid, demand, ng)
    n = np.maximum(count(gid, ~ctx.duplicate, ng), 1)
    w = np.where((k >= cfg.demand_min) & (k / n >= cfg.demand_share), cfg.w_demand, 0.0)

    def explain(g, rows):
        hit = rows[demand[rows]]
        return Reason("fixed_demand", float(w[g]),
                      _("%(k)d complaints claim the 1,000-yuan minimum on a purchase of under 100 yuan.")
                      % {"k": len(hit)}, {"complaints": len(hit)}, hit)

    return Fired("fixed_demand", w, explain, conduct_rows=demand)


def settled_unrecorded(c: Complaints) -> np.ndarray:
    """Per row: a remark saying the parties settled between themselves, with no amount recorded and no refund
    said (in the remark or the outcome label): a private payment too."""
    comp = np.nan_to_num(c.cols["compensation"], nan=0.0)
    remark = c.cols["remark_facts"]
    return (((remark & OUTCOME_SETTLED) != 0) & (((remark | c.cols["outcome_facts"]) & OUTCOME_REFUND) == 0)
            & ~(comp > 0))


def paid_withdrawals(c: Complaints, cfg: Config) -> np.ndarray:
    """Per row: withdrawn after the merchant paid privately — more than a refund (up to ``refund_factor`` times
    the purchase, an honest end of a complaint), or a private settlement with no amount recorded."""
    comp = np.nan_to_num(c.cols["compensation"], nan=0.0)
    amount = c.cols["amount"]
    with np.errstate(invalid="ignore"):
        refund = np.nan_to_num(comp <= cfg.refund_factor * amount, nan=0).astype(bool) & ~np.isnan(amount)
    return (c.cols["outcome"] == WITHDRAWN) & (((comp > 0) & ~refund) | settled_unrecorded(c))


def rule_own_sum(ctx: Context, gid, ng) -> Fired:
    """One complainant asking the same sum of ``own_sum_merchants`` merchants or more, whatever each thing cost:
    at least ``shared_demand_factor`` times the price and no sum the law derives from it (10,000 yuan for a
    bottle of liquor at 259, for shampoo at 49.90, for instant noodles at 55.90). A sum fixed beforehand and
    asked of whoever sold something, the mark of extortion; a buyer's damages follow what was bought."""
    cfg, c = ctx.cfg, ctx.c
    hits = np.zeros(len(c), dtype=bool)
    sel = np.flatnonzero(non_statutory_sums(c, cfg.shared_demand_factor) & (gid >= 0) & ~ctx.duplicate & ~ctx.on_behalf
                         & (c.cols["merchant"] >= 0))
    if len(sel):
        key = dense(gid[sel], np.round(c.cols["claim"][sel]).astype(np.int64))
        merchants = distinct_count(key, c.cols["merchant"][sel], int(key.max()) + 1)
        hits[sel[merchants[key] >= cfg.own_sum_merchants]] = True
    w = np.where(count(gid, hits, ng) > 0, cfg.w_own_sum, 0.0)

    def explain(g, rows):
        hit = rows[hits[rows]]
        sums = sorted({round(float(v)) for v in c.cols["claim"][hit]})
        merchants = len(set(c.cols["merchant"][hit].tolist()))
        return Reason("own_sum", float(w[g]),
                      _("The same sum (%(sums)s yuan) asked of %(m)d merchants, whatever each thing cost (%(n)d "
                        "complaints).") % {"sums": ", ".join(f"{v:,}" for v in sums), "m": merchants, "n": len(hit)},
                      {"sums": sums, "merchants": merchants, "complaints": len(hit)}, hit)

    return Fired("own_sum", w, explain, conduct_rows=hits)


def rule_withdraw(ctx: Context, gid, ng) -> Fired:
    cfg, c = ctx.cfg, ctx.c
    comp = np.nan_to_num(c.cols["compensation"], nan=0.0)
    settled = settled_unrecorded(c)
    paid_then_withdrawn = paid_withdrawals(c, cfg)
    k = count(gid, paid_then_withdrawn, ng)
    w = np.where(k >= cfg.withdraw_min, cfg.w_withdraw, 0.0)

    def explain(g, rows):
        hit = rows[paid_then_withdrawn[rows]]
        total = float(comp[hit].sum())
        unrecorded = int(settled[hit].sum())
        detail = _("%(k)d complaints withdrawn after the merchant paid privately, %(total).0f yuan recorded in all; "
                   "%(u)d of them settled privately with no amount recorded.") if unrecorded else _(
                   "%(k)d complaints withdrawn after the merchant paid privately, %(total).0f yuan in all.")
        return Reason("withdrawn_after_payment", float(w[g]), detail % {"k": len(hit), "total": total, "u": unrecorded},
                      {"complaints": len(hit), "paid": round(total, 2), "unrecorded": unrecorded}, hit)

    return Fired("withdrawn_after_payment", w, explain, conduct_rows=paid_then_withdrawn)


def dropped_demands(c: Complaints, cfg: Config) -> np.ndarray:
    """Per row: withdrawn after asking at least ``shared_demand_factor`` times the price, with neither a refund
    nor a payment recorded (a recorded payment is ``paid_withdrawals``)."""
    comp = np.nan_to_num(c.cols["compensation"], nan=0.0)
    claim, price = c.cols["claim"], c.cols["amount"]
    with np.errstate(invalid="ignore"):
        high = np.nan_to_num(claim >= cfg.shared_demand_factor * price, nan=0).astype(bool) & (price > 0)
    refunded = ((c.cols["outcome_facts"] | c.cols["remark_facts"]) & OUTCOME_REFUND) != 0
    return (c.cols["outcome"] == WITHDRAWN) & high & ~(comp > 0) & ~refunded


def rule_dropped(ctx: Context, gid, ng) -> Fired:
    """Demands of several times the price, each withdrawn with nothing recorded, of ``dropped_min`` merchants or
    more: a demand dropped once it was met off the record, again and again. A buyer refunded and withdrawing
    asked for the price back; one who gave up once is no pattern."""
    cfg, c = ctx.cfg, ctx.c
    dropped = dropped_demands(c, cfg) & ~ctx.duplicate & ~ctx.on_behalf
    merchants = distinct_count(np.where(dropped, gid, -1), c.cols["merchant"], ng)
    w = np.where(merchants >= cfg.dropped_min, cfg.w_dropped, 0.0)

    def explain(g, rows):
        hit = rows[dropped[rows]]
        m = len(set(c.cols["merchant"][hit].tolist()))
        return Reason("demands_dropped", float(w[g]),
                      _("%(k)d complaints of %(m)d merchants asked at least %(f)g times the price and were withdrawn "
                        "with no refund or payment recorded.") % {"k": len(hit), "m": m, "f": cfg.shared_demand_factor},
                      {"complaints": len(hit), "merchants": m}, hit)

    return Fired("demands_dropped", w, explain, conduct_rows=dropped)


def rule_route(ctx: Context, gid, ng) -> Fired:
    """One person taking a grievance up the route complaint → report → review → lawsuit: ``route_min`` stages
    reached by the same complainant against the same merchant (complaints about four shops on four channels are
    four grievances, none escalated). In a ring it holds when at least ``ring_tie_share`` of its members (one at
    least) each went that way: strangers who each filed once on a different channel reach several stages
    between them without anyone escalating anything."""
    cfg, c = ctx.cfg, ctx.c
    stage = c.cols["stage"].astype(np.int64)
    merchant = c.cols["merchant"]
    subject = ctx.links.subject.astype(np.int64)
    sel = stage > 0
    grievance = np.full(len(c), -1, dtype=np.int64)
    grievance[sel] = dense(subject[sel], merchant[sel])
    reached = _stages_reached(grievance, stage, int(grievance.max(initial=-1)) + 1)
    escalated_grievance = np.zeros(len(c), dtype=bool)
    escalated_grievance[sel] = reached[grievance[sel]] >= cfg.route_min
    ns = int(subject.max(initial=-1)) + 1
    escalated = np.bincount(subject[escalated_grievance], minlength=ns) > 0
    sel = (gid >= 0) & (stage > 0)
    group_grievance = np.full(len(c), -1, dtype=np.int64)
    group_grievance[sel] = dense(gid[sel], merchant[sel])
    per = _stages_reached(group_grievance, stage, int(group_grievance.max(initial=-1)) + 1)
    stages = np.zeros(ng, dtype=np.int64)
    np.maximum.at(stages, gid[sel], per[group_grievance[sel]])
    members = distinct_count(gid, subject, ng)
    escalating = distinct_count(gid, np.where(escalated[subject], subject, -1), ng)
    enough = (escalating >= 1) & (escalating >= cfg.ring_tie_share * members)
    w = np.where((stages >= cfg.route_min) & enough, cfg.w_route, 0.0)

    def explain(g, rows):
        # The complaints of the grievances taken up the route, not every complaint filed on a later channel.
        hit = rows[escalated_grievance[rows]]
        names = [c.value("channel", ch) for ch in sorted(set(c.cols["channel"][hit].tolist()) - {-1})]
        return Reason("escalation_route", float(w[g]),
                      _("Followed the route complaint → report → review → lawsuit through %(n)d stages (%(channels)s).")
                      % {"n": int(stages[g]), "channels": ", ".join(names)},
                      {"stages": int(stages[g]), "channels": names, "complainants": int(escalating[g])}, hit)

    return Fired("escalation_route", w, explain)


def _stages_reached(key: np.ndarray, stage: np.ndarray, nk: int) -> np.ndarray:
    """Per key (rows with key -1 left out): how many of the four stages its rows reached."""
    bits = np.zeros(nk, dtype=np.int64)
    sel = key >= 0
    np.bitwise_or.at(bits, key[sel], stage[sel])
    return sum(((bits >> i) & 1) for i in range(4))


def rule_identities(ctx: Context, gid, ng) -> Fired:
    """Several identities behind one subject.

    Strong: one ID number under several full names, or one full name under several ID numbers. Weak: one
    phone under several names, each with an ID number of their own — how a household or a shared line looks.
    Honorific-only names ("宋女士", written by a hotline beside the caller's full name) are not identities, nor
    are the names and ID numbers on complaints that say they are filed on someone's behalf (a volunteer
    station's worker beside each member's ID number, the members' names beside the station's phone).
    """
    cfg, c = ctx.cfg, ctx.c
    name = np.where(ctx.on_behalf, -1, ctx.real_name)
    idn = np.where(ctx.on_behalf, -1, c.cols["id_number"])
    names = distinct_count(gid, name, ng)
    ids = distinct_count(gid, idn, ng)
    allrows = np.arange(len(c))
    both = (name >= 0) & (idn >= 0)
    strong = (_pairs_shared(gid, allrows, np.where(both, idn, -1), name, ng)
              | _pairs_shared(gid, allrows, np.where(both, name, -1), idn, ng)
              if len(c) else np.zeros(ng, dtype=bool))
    weak = (names >= 2) & ~strong
    w = np.where(strong, cfg.w_identities, np.where(weak, cfg.w_shared_phone, 0.0))

    def explain(g, rows):
        k_names, k_ids = int(names[g]), int(ids[g])
        if strong[g]:
            detail = _("One ID number or name used under %(names)d names and %(ids)d ID numbers.")
        else:
            detail = _("One phone used under %(names)d names with %(ids)d ID numbers of their own "
                       "(a household or a shared line looks like this too).")
        return Reason("several_identities", float(w[g]), detail % {"names": k_names, "ids": k_ids},
                      {"names": k_names, "id_numbers": k_ids, "strong": bool(strong[g])}, rows)

    return Fired("several_identities", w, explain, strong=strong)


def _said_rule(ctx: Context, gid, ng, name: str, column: str, weight: float, detail: str) -> Fired:
    """A rule of something said in a complaint's text (a reader's flag ``column``), not in a complaint filed on
    someone's behalf: it fires for a group with one such complaint, and in a ring counts as the group's only
    where enough members say it (``conduct_rows``)."""
    hit_rows = (ctx.c.cols[column] != 0) & ~ctx.on_behalf
    w = np.where(count(gid, hit_rows, ng) >= 1, weight, 0.0)

    def explain(g, rows):
        hit = rows[hit_rows[rows]]
        return Reason(name, float(w[g]), detail % {"k": len(hit)}, {"complaints": len(hit)}, hit)

    return Fired(name, w, explain, conduct_rows=hit_rows)


def rule_impersonation(ctx: Context, gid, ng) -> Fired:
    # A lawyer who writes that a client instructed them (受…委托, 委托代理人) is that client's agent, not an
    # impostor: only undeclared claims to be a lawyer or a journalist count (a threat to go to the media is
    # how angry genuine consumers talk too: "不解决就找媒体曝光").
    return _said_rule(ctx, gid, ng, "impersonation", "impersonation", ctx.cfg.w_impersonation,
                      _("%(k)d complaints claim to come from a lawyer or a journalist."))


def rule_threat(ctx: Context, gid, ng) -> Fired:
    """A price named for keeping quiet, or plain intimidation (``reading.THREAT``): "不想上热搜就赔5000元",
    "3000元买个平安", "你们自己掂量". Extortion's own words, a family of its own beside what is asked and how often;
    never enough alone (one angry sentence)."""
    return _said_rule(ctx, gid, ng, "threat", "threat", ctx.cfg.w_threat,
                      _("%(k)d complaints name a price for not exposing the merchant, or threaten them."))


def _pairs_shared(gid, rows, values, by, ng, min_by=2, carriers=False):
    """Per group: whether some value (rows[i] carries values[i]) appears with >= min_by distinct ``by``;
    with ``carriers``, also how many distinct ``by`` of the group carry such a value."""
    g = gid[rows]
    keep = (g >= 0) & (values >= 0)
    fired = np.zeros(ng, dtype=bool)
    held = np.zeros(ng, dtype=np.int64)
    if not keep.any():
        return (fired, held, held) if carriers else fired
    g, v, b = g[keep].astype(np.int64), values[keep].astype(np.int64), by[rows][keep].astype(np.int64)
    gv = dense(g, v)
    radix = int(b.max(initial=0)) + 1
    pairs = unique(gv * radix + b)  # distinct (group-value, by) pairs, packed
    distinct_by = np.bincount(pairs // radix, minlength=int(gv.max()) + 1)
    good_gv = distinct_by >= min_by
    good = good_gv[gv]
    fired[g[good]] = True
    if carriers and good.any():
        held = distinct_count(g[good], b[good], ng)
        in_rows = distinct_count(g[good], rows[keep][good], ng)
        return fired, held, in_rows
    return (fired, held, held) if carriers else fired


def entries_of(sorted_rows: np.ndarray, grows: np.ndarray) -> np.ndarray:
    """Indexes into a many-per-row array (sorted by row, as the reader writes it) for the given rows."""
    lo = np.searchsorted(sorted_rows, grows, side="left")
    hi = np.searchsorted(sorted_rows, grows, side="right")
    if not len(grows):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True)] or [np.zeros(0, dtype=np.int64)])


def _shared_values(rows_all, values_all, by_all, grows, min_by=2):
    """Values carried by the group's rows with >= min_by distinct ``by``: {value: rows}.

    ``by_all`` is indexed by row; ``rows_all``/``values_all`` are (row, value) entries sorted by row.
    """
    idx = entries_of(rows_all, np.sort(grows))
    r, v = rows_all[idx], values_all[idx]
    b = by_all[r]
    out = {}
    for value in set(v.tolist()) - {-1}:
        m = v == value
        if len(set(b[m].tolist())) >= min_by:
            out[value] = unique(r[m])
    return out


def rule_evidence(ctx: Context, gid, ng) -> Fired:
    """One subject's picture in complaints against different merchants. A copy of one picture (the same file
    re-saved, resized or cut) against two merchants is reuse, and so is one only alike to another against
    ``evidence_alike_merchants``. One alike against fewer — a recoloured copy, or two photos of like things: the
    mouldy bread of one shop and the mouldy cake of another — is its weak form (``Fired.weak``): a busy buyer who
    photographs every fault has such lookalikes by chance, so their volume does not confirm it; another family of
    evidence (wording, conduct, money, identity) does."""
    cfg, c, links = ctx.cfg, ctx.c, ctx.links
    rows, alike, copies = c.evidence_rows, links.evidence_cluster, links.evidence_copy
    merchants = c.cols["merchant"]
    if len(rows):
        fired = _pairs_shared(gid, rows, alike, merchants, ng)
        weak = fired & ~_pairs_shared(gid, rows, copies, merchants, ng) & ~_pairs_shared(
            gid, rows, alike, merchants, ng, cfg.evidence_alike_merchants)
    else:
        fired = weak = np.zeros(ng, dtype=bool)
    w = np.where(fired, cfg.w_evidence, 0.0)

    def explain(g, grows):
        shared = _shared_values(rows, alike, merchants, grows)
        hit = unique(np.concatenate(list(shared.values()))) if shared else grows[:0]
        k_merchants = len(set(merchants[hit].tolist()))
        idx = entries_of(rows, hit)
        idx = idx[np.isin(alike[idx], list(shared))]
        files = sorted({c.value("evidence", int(code)) for code in c.evidence_codes[idx]})[:12]
        return Reason("reused_evidence", float(w[g]),
                      _("The same pictures (%(k)d groups) appear in complaints against %(m)d different merchants.")
                      % {"k": len(shared), "m": k_merchants},
                      {"picture_groups": len(shared), "merchants": k_merchants, "files": files}, hit)

    return Fired("reused_evidence", w, explain, weak=weak)


def rule_same_text(ctx: Context, gid, ng) -> Fired:
    """One subject sending near-identical text to several merchants: a script, not a grievance. A station
    filing for its members on its letterhead ("受本站会员…委托代为投诉") writes alike because it is one filer:
    complaints that say they are filed on someone's behalf are left out."""
    cfg, c, links = ctx.cfg, ctx.c, ctx.links
    allrows = np.arange(len(c))
    clusters = np.where(ctx.on_behalf, -1, links.text_cluster)
    fired = _pairs_shared(gid, allrows, clusters, c.cols["merchant"], ng, cfg.script_merchants)
    w = np.where(fired, cfg.w_same_text, 0.0)

    def explain(g, grows):
        shared = _shared_values(allrows, clusters, c.cols["merchant"], grows, cfg.script_merchants)
        hit = unique(np.concatenate(list(shared.values()))) if shared else grows[:0]
        k = len(set(c.cols["merchant"][hit].tolist()))
        return Reason("same_script", float(w[g]),
                      _("%(n)d complaints with near-identical wording sent to %(m)d merchants.")
                      % {"n": len(hit), "m": k}, {"complaints": len(hit), "merchants": k}, hit)

    return Fired("same_script", w, explain)


def _ring_shared(ctx, gid, ng, name, weight, rows, values, detail, fact, min_subjects=2, coincidence=False,
                 decisive_subjects=0):
    """A ring rule: some value shared by at least ``min_subjects`` of the group's subjects. For a
    ``coincidence`` (wording, pictures), the share of the group's subjects carrying it is kept, for
    ``Config.ring_tie_share``; a value ``decisive_subjects`` subjects carry is a strong fact on its own."""
    subject = ctx.links.subject
    fired, held, in_rows = (_pairs_shared(gid, rows, values, subject, ng, min_subjects, carriers=True) if len(rows)
                            else (np.zeros(ng, dtype=bool), np.zeros(ng, dtype=np.int64), np.zeros(ng, dtype=np.int64)))
    w = np.where(fired, weight, 0.0)
    share = None
    if coincidence:
        # Of its members and of its complaints: a busy complainant's one photo like a stranger's is a small
        # part of what the two of them filed.
        valid = gid >= 0
        group_rows = np.bincount(gid[valid], minlength=ng)
        share = np.minimum(held / np.maximum(distinct_count(gid, subject, ng), 1),
                           in_rows / np.maximum(group_rows, 1))

    def explain(g, grows):
        shared = _shared_values(rows, values, subject, grows, min_subjects)
        hit = unique(np.concatenate(list(shared.values()))) if shared else grows[:0]
        k = len(set(subject[hit].tolist()))
        return Reason(name, float(w[g]), detail % {"k": k, "n": len(hit), "v": len(shared)},
                      {fact: len(shared), "complainants": k, "complaints": len(hit)}, hit)

    decisive = fired & (held >= decisive_subjects) if decisive_subjects else None
    return Fired(name, w, explain, share=share, decisive=decisive)


def rule_shared_text(ctx: Context, gid, ng) -> Fired:
    return _ring_shared(ctx, gid, ng, "shared_text", ctx.cfg.w_shared_text, np.arange(len(ctx.c)),
                        ctx.links.text_cluster,
                        _("%(k)d different complainants wrote near-identical complaints (%(n)d complaints)."),
                        "wordings", ctx.cfg.shared_text_subjects, coincidence=True)


def _reusers(ctx: Context, gid, ng, name: str, weight: float, rows: np.ndarray, values: np.ndarray,
             by: np.ndarray, detail: str) -> Fired:
    """Members who each use one of their group's ``values`` (a wording, a picture) in complaints about two
    different ``by`` or more (products, merchants): ``script_reusers`` of them fire ``name``."""
    subject = ctx.links.subject
    reusing = np.zeros(len(ctx.c), dtype=bool)
    users = np.zeros(ng, dtype=np.int64)
    if len(rows):
        key = dense(gid[rows], subject[rows], values)
        reused = distinct_count(key, by[rows], int(key.max()) + 1)[key] >= 2
        reusing[rows[reused]] = True
        users = distinct_count(gid[rows[reused]], subject[rows[reused]], ng)
    w = np.where(users >= ctx.cfg.script_reusers, weight, 0.0)

    def explain(g, grows):
        hit = grows[reusing[grows]]
        k = len(set(subject[hit].tolist()))
        return Reason(name, float(w[g]), detail % {"k": k, "n": len(hit)},
                      {"complainants": k, "complaints": len(hit)}, hit)

    return Fired(name, w, explain)


def rule_script_reused(ctx: Context, gid, ng) -> Fired:
    """Members who each use the ring's shared wording again and again (``script_reusers`` of them, each about
    at least two products, a second filing of one complaint on another channel not counted): a script kept and
    worked, not one notice or one article that many strangers each happened to quote once."""
    rows, values = ctx.links.ties.get("text", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    keep = ~ctx.duplicate[rows] & ~ctx.on_behalf[rows] & (gid[rows] >= 0)
    # One wording used by one member about two products or more (not two wordings once each, nor one grievance
    # sent again under the shop's other name); a complaint that names no product counts for no second product.
    return _reusers(ctx, gid, ng, "script_reused", ctx.cfg.w_script_reused, rows[keep], values[keep],
                    ctx.c.cols["product"].astype(np.int64),
                    _("%(k)d members each used the shared wording in several of their complaints (%(n)d "
                      "complaints)."))


def rule_evidence_reused(ctx: Context, gid, ng) -> Fired:
    """Members who each put the ring's shared pictures (copies that another member submitted too) to complaints
    against two merchants or more (``script_reusers`` of them; second filings on another channel and complaints
    filed on someone's behalf not counted): pictures kept and used again, the conduct of a scheme. Buyers of one
    lot, or of one shop, photograph one product; a photo sent again under the shop's other name is one
    complaint's picture, and one person's."""
    c, subject = ctx.c, ctx.links.subject
    rows, values = c.evidence_rows, ctx.links.evidence_copy
    merchant = c.cols["merchant"]
    keep = ((values >= 0) & (gid[rows] >= 0) & ~ctx.duplicate[rows] & ~ctx.on_behalf[rows] & (merchant[rows] >= 0))
    rows, values = rows[keep], values[keep]
    if len(rows):
        # The ring's pictures: held by two of its members or more.
        picture = dense(gid[rows], values)
        shared = distinct_count(picture, subject[rows], int(picture.max()) + 1)[picture] >= 2
        rows, values = rows[shared], values[shared]
    return _reusers(ctx, gid, ng, "evidence_reused", ctx.cfg.w_evidence_reused, rows, values, merchant,
                    _("%(k)d members each put the pictures they share with other members to complaints against "
                      "several merchants (%(n)d complaints)."))


def rule_campaign(ctx: Context, gid, ng) -> Fired:
    """Members filing one claim script in a campaign: a burst of the script far above its own pace, by at least
    ``shared_text_subjects`` of them against at least ``campaign_merchants`` merchants (``linking._campaigns``).
    Timing is the group's conduct, not its wording: strangers who each looked up the same article file at the
    script's even pace, the buyers of one bad lot complain about one merchant; a script passed round is filed
    by many within weeks against whatever each of them bought."""
    cfg, c, subject = ctx.cfg, ctx.c, ctx.links.subject
    hit = (np.isin(ctx.links.text_cluster, ctx.links.campaigns) & (gid >= 0) & ~ctx.duplicate & ~ctx.on_behalf
           if len(ctx.links.campaigns) else np.zeros(len(c), dtype=bool))
    filers = distinct_count(np.where(hit, gid, -1), subject, ng)
    merchants = distinct_count(np.where(hit & (c.cols["merchant"] >= 0), gid, -1), c.cols["merchant"], ng)
    w = np.where((filers >= cfg.shared_text_subjects) & (merchants >= cfg.campaign_merchants), cfg.w_campaign, 0.0)

    def explain(g, rows):
        mine = rows[hit[rows]]
        days = (c.cols["received"][mine].max() - c.cols["received"][mine].min()) / DAY if len(mine) else 0
        k, m = len(set(subject[mine].tolist())), len(set(c.cols["merchant"][mine].tolist()))
        return Reason("campaign", float(w[g]),
                      _("%(k)d members filed one claim script against %(m)d merchants within %(days)d days, far "
                        "above the script's pace in the rest of the file (%(n)d complaints).")
                      % {"k": k, "m": m, "days": round(days), "n": len(mine)},
                      {"complainants": k, "merchants": m, "days": round(float(days)), "complaints": len(mine)}, mine)

    return Fired("campaign", w, explain, conduct_rows=hit)


def rule_shared_account(ctx: Context, gid, ng) -> Fired:
    return _ring_shared(ctx, gid, ng, "shared_account", ctx.cfg.w_shared_account, ctx.c.account_rows,
                        ctx.c.account_codes,
                        _("%(k)d different complainants ask for payment to the same account (%(v)d accounts)."),
                        "accounts", decisive_subjects=ctx.cfg.coordinator_subjects)


def rule_shared_contact(ctx: Context, gid, ng) -> Fired:
    """Different complainants writing the same contact phone in their complaints about different merchants
    (or one writing the number another gives as their own): someone coordinates them."""
    rows, values = ctx.links.ties.get("contact", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    return _ring_shared(ctx, gid, ng, "shared_contact", ctx.cfg.w_shared_contact, rows, values,
                        _("%(k)d different complainants wrote the same contact phone in their complaints "
                          "(%(v)d numbers)."), "phones", decisive_subjects=ctx.cfg.coordinator_subjects)


def rule_shared_address(ctx: Context, gid, ng) -> Fired:
    return _ring_shared(ctx, gid, ng, "shared_address", ctx.cfg.w_shared_address, np.arange(len(ctx.c)),
                        ctx.c.cols["address"], _("%(k)d different complainants give the same address."),
                        "addresses")


def rule_phone_block(ctx: Context, gid, ng) -> Fired:
    """Members whose own mobile phones lie in one crowded block of numbers (``linking``'s ``phone_block`` tie):
    phone cards bought together. A weak identity signal that needs another family to flag."""
    rows, values = ctx.links.ties.get("phone_block", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    return _ring_shared(ctx, gid, ng, "phone_block", ctx.cfg.w_phone_block, rows, values,
                        _("%(k)d different complainants have phone numbers from one block of 10,000 numbers "
                          "(%(v)d blocks), where this file's numbers are otherwise spread out: phone cards bought "
                          "together."), "blocks", min_subjects=ctx.cfg.block_min)


def rule_claimants_together(ctx: Context, gid, ng) -> Fired:
    """Punitive claimants at one address (``linking``'s ``claimant_address`` tie): several identities run from
    one flat, each sending punitive demands. Identity evidence, a family of its own beside the wording."""
    rows, values = ctx.links.ties.get("claimant_address",
                                      (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    # The tie's values are a flat and a kind of claimant (in set phrases, by sums): the flats are what is counted.
    return _ring_shared(ctx, gid, ng, "claimants_together", ctx.cfg.w_claimants_together, rows, values // 2,
                        _("%(k)d different complainants at one address each demand punitive damages in most of "
                          "their complaints (%(n)d complaints)."), "addresses")


def members(gid: np.ndarray, rows: np.ndarray, name: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The people of each group: per row, a member id for ``rows`` (the rows of one ``name`` in one group; a row
    whose name is -1 is a member of its own), -1 for the other rows; and per member id, its group."""
    member = np.full(len(gid), -1, dtype=np.int64)
    if not len(rows):
        return member, np.zeros(0, dtype=np.int64)
    own = np.where(name[rows] >= 0, name[rows], -2 - rows)  # an unnamed row stands alone
    member[rows] = dense(gid[rows], own - int(own.min()))
    group_of = np.zeros(int(member.max()) + 1, dtype=np.int64)
    group_of[member[rows]] = gid[rows]
    return member, group_of


def rule_claimants_one_line(ctx: Context, gid, ng) -> Fired:
    """Punitive claimants behind one phone or ID number: at least two people of one complainant group (a subject),
    by their own names, each demanding punitive damages in set phrases in ``script_min`` complaints or more,
    ``script_share`` of their own. What ``linking``'s ``claimant_address`` ties between people at one flat, here
    under one line, which joins them more closely still: without it a household guard would read them as a family
    sharing a phone, whose number of complaints is no evidence (``_households``), and they would stay below the
    line that two such claimants at one flat reach. Identity evidence, a family of its own beside the wording.

    Sums alone (a claim cell of 1,000 yuan on each small purchase whose text asks the price back) are left to the
    other rules: a household that fills its claim cells so is what the household trap looks like."""
    cfg, c = ctx.cfg, ctx.c
    name = np.where(ctx.on_behalf | ctx.duplicate, -1, ctx.real_name).astype(np.int64)
    named = (gid >= 0) & (name >= 0)
    member, group_of = members(gid, np.flatnonzero(named), name)
    nm = len(group_of)
    claimant = mostly(member, ctx.punitive, cfg.script_min, cfg.script_share, nm)
    people = np.bincount(group_of[claimant], minlength=ng)
    hits = np.zeros(len(c), dtype=bool)
    hits[named] = ctx.punitive[named] & claimant[member[named]] & (people >= 2)[gid[named]]
    w = np.where(people >= 2, cfg.w_claimants_together, 0.0)

    def explain(g, rows):
        hit = rows[hits[rows]]
        return Reason("claimants_one_line", float(w[g]),
                      _("%(k)d people under one phone or ID number, each by their own name, demand punitive damages "
                        "in most of their complaints (%(n)d complaints).") % {"k": int(people[g]), "n": len(hit)},
                      {"complainants": int(people[g]), "complaints": len(hit)}, hit)

    return Fired("claimants_one_line", w, explain)


def rule_paid_together(ctx: Context, gid, ng) -> Fired:
    """Complainants at one address each paid privately and withdrawing, by different merchants (``linking``'s
    ``paid_address`` tie): several identities run from one flat, each collecting. Identity evidence, a family of
    its own beside the payments."""
    rows, values = ctx.links.ties.get("paid_address", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    return _ring_shared(ctx, gid, ng, "paid_together", ctx.cfg.w_paid_together, rows, values,
                        _("%(k)d different complainants at one address each withdrew a complaint after a private "
                          "payment, from different merchants (%(n)d complaints)."), "addresses")


RING_SUM_DAYS = 100 * 365  # a ring's own sums: asked at any time


def _ring_sums(ctx: Context, gid, rows: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``demand`` tie's (row, value) entries, and beside them each fixed sum the group's members ask of
    whatever they bought, at any time: inside a ring the members are already tied, so the same sum need not be
    of one merchant within weeks to be the ring's."""
    members = np.where(ctx.duplicate | ctx.on_behalf, -1, gid).astype(np.int64)
    parts_r, parts_v = [rows], [values]
    offset = int(values.max(initial=-1)) + 1
    for over in (False, True):
        # The group is the one "by" the sum is asked of, with no limit in time.
        code = fixed_demands(ctx.c, members, days=RING_SUM_DAYS, factor=ctx.cfg.shared_demand_factor, over_price=over)
        keep = np.flatnonzero(code >= 0)
        parts_r.append(keep)
        parts_v.append(code[keep] + offset)
        offset += int(code.max(initial=-1)) + 1
    r, v = np.concatenate(parts_r), np.concatenate(parts_v)
    order = np.argsort(r, kind="stable")
    return r[order], v[order]


def rule_shared_demand(ctx: Context, gid, ng) -> Fired:
    """Members demanding one fixed sum (no multiple of the price that the law sets, at least three complainants
    who paid different prices): a demand agreed beforehand, as a ring that paraphrases its script still asks the
    sum it was told to. Between strangers (``linking``'s ``demand`` tie) the sum must be asked of one merchant
    or about one product within weeks; between members a strong tie already joined, of anyone at any time
    (``_ring_sums``: a slow ring asks its sum of whoever it picks, months apart)."""
    rows, values = ctx.links.ties.get("demand", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    rows, values = _ring_sums(ctx, gid, rows, values)
    return _ring_shared(ctx, gid, ng, "shared_demand", ctx.cfg.w_shared_demand, rows, values,
                        _("%(k)d different complainants demand the same fixed sum (or the same sum on top of the "
                          "price), no multiple of the price they paid (%(n)d complaints)."), "sums",
                        min_subjects=ctx.cfg.shared_demand_subjects)


def rule_shared_evidence(ctx: Context, gid, ng) -> Fired:
    return _ring_shared(ctx, gid, ng, "shared_evidence", ctx.cfg.w_evidence, ctx.c.evidence_rows,
                        ctx.links.evidence_copy,
                        _("%(k)d different complainants submitted the same pictures (%(v)d groups)."),
                        "picture_groups", coincidence=True)


def rule_burst(ctx: Context, gid, ng) -> Fired:
    cfg, c = ctx.cfg, ctx.c
    sel = np.flatnonzero((gid >= 0) & (c.cols["merchant"] >= 0) & ~ctx.duplicate)
    hits = np.zeros(len(gid), dtype=bool)
    if len(sel):
        key = dense(gid[sel], c.cols["merchant"][sel])
        own = window_counts(key, c.cols["received"][sel], cfg.burst_days * DAY)
        share = own / np.maximum(ctx.merchant_window_total[sel], 1)
        hits[sel[(own >= cfg.burst_min) & (share >= cfg.burst_share)]] = True
    w = np.where(count(gid, hits, ng) > 0, cfg.w_burst, 0.0)

    def explain(g, rows):
        hit = rows[hits[rows]]
        merchants = c.cols["merchant"][hit]
        top = int(np.bincount(merchants).argmax()) if len(hit) else -1
        chosen = rows[c.cols["merchant"][rows] == top]
        name = c.value("merchant", top)
        return Reason("burst", float(w[g]),
                      _("%(n)d complaints against one merchant (%(merchant)s) within %(days)d days.")
                      % {"n": len(chosen), "merchant": name, "days": cfg.burst_days},
                      {"complaints": len(chosen), "merchant": name, "days": cfg.burst_days}, chosen)

    return Fired("burst", w, explain)


def rule_region(ctx: Context, gid, ng) -> Fired:
    cfg, c, subject = ctx.cfg, ctx.c, ctx.links.subject
    region = c.cols["region"]
    subjects = distinct_count(gid, subject, ng)
    sel = (gid >= 0) & (region >= 0)
    n = np.bincount(gid[gid >= 0], minlength=ng)
    top = np.zeros(ng)
    if sel.any():
        key = dense(gid[sel], region[sel])
        per = np.bincount(key)
        first_g = np.zeros(len(per), dtype=np.int64)
        first_g[key] = gid[sel]
        np.maximum.at(top, first_g, per)
    w = np.where((subjects >= cfg.region_min_subjects) & (top >= cfg.region_share * np.maximum(n, 1)),
                 cfg.w_region, 0.0)

    def explain(g, rows):
        r = region[rows]
        best = int(np.bincount(r[r >= 0]).argmax())
        hit = rows[r == best]
        return Reason("one_region", float(w[g]),
                      _("%(n)d of %(total)d complaints come from one region (%(region)s).")
                      % {"n": len(hit), "total": len(rows), "region": c.value("region", best)},
                      {"complaints": len(hit), "region": c.value("region", best)}, hit)

    return Fired("one_region", w, explain)


# Independent families of evidence. A clue needs rules of two families that agree (or one strong fact) to
# reach the flag line: rules of one family share their cause (one busy shopper fires frequency, breadth and
# repeat purchases at once; one template fires set phrases and copied wording at once).
FAMILIES = {
    "frequency": "volume", "breadth": "volume", "repeat_purchase": "volume", "burst": "volume",
    "one_region": "volume", "shared_address": "volume",
    "punitive_script": "wording", "same_script": "wording", "shared_text": "wording", "threat": "wording",
    "fixed_demand": "conduct", "own_sum": "conduct", "shared_demand": "conduct", "escalation_route": "conduct",
    "impersonation": "conduct",
    "script_reused": "conduct", "campaign": "conduct", "evidence_reused": "conduct",
    "withdrawn_after_payment": "money", "demands_dropped": "money", "shared_account": "money",
    "several_identities": "identity", "shared_contact": "identity", "claimants_together": "identity",
    "claimants_one_line": "identity",
    "paid_together": "identity",
    # Members' own numbers from one block: a fact about their phones, independent of a number they write in
    # their texts (shared_contact) or of the names and ID numbers they give.
    "phone_block": "numbers",
    "reused_evidence": "evidence", "shared_evidence": "evidence",
}
VOLUME_RULES = {rule for rule, family in FAMILIES.items() if family == "volume"}


def family_label(family: str) -> str:
    """A family's name as the clue's reasons show it."""
    labels = {"volume": pgettext("evidence family", "volume"), "wording": pgettext("evidence family", "wording"),
              "conduct": pgettext("evidence family", "conduct"), "money": pgettext("evidence family", "money"),
              "identity": pgettext("evidence family", "identity"),
              "numbers": pgettext("evidence family", "phone numbers"),
              "evidence": pgettext("evidence family", "evidence")}
    return labels.get(family, family)


SUBJECT_RULES = [rule_frequency, rule_breadth, rule_repeat, rule_scripts, rule_demand, rule_own_sum, rule_withdraw,
                 rule_dropped, rule_route, rule_identities, rule_impersonation, rule_threat, rule_evidence,
                 rule_same_text, rule_burst, rule_claimants_one_line]
# In a ring, pictures shared between its complainants (shared_evidence) are the evidence rule: counting
# reused_evidence as well would count the same pictures twice.
RING_RULES = [rule_frequency, rule_breadth, rule_repeat, rule_scripts, rule_demand, rule_withdraw, rule_dropped,
              rule_route, rule_impersonation, rule_threat, rule_shared_text, rule_script_reused, rule_campaign,
              rule_shared_account, rule_shared_contact, rule_shared_address, rule_claimants_together,
              rule_paid_together, rule_phone_block, rule_shared_evidence, rule_evidence_reused, rule_burst, rule_region,
              rule_shared_demand]


def bad_batch_outsiders(ctx: Context, gid, ng) -> np.ndarray:
    """Per group: how many complaints by *other* subjects hit the group's main merchant and product within
    ``batch_days`` — the signature of a genuinely bad batch, which many unrelated people notice at once."""
    c = ctx.c
    out = np.zeros(ng, dtype=np.int64)
    sel = np.flatnonzero(gid >= 0)
    if not len(sel):
        return out
    mp = dense(c.cols["merchant"], c.cols["product"])
    width = ctx.cfg.batch_days * DAY
    total = window_counts(mp, c.cols["received"], width)
    own = window_counts(dense(mp, ctx.links.subject), c.cols["received"], width)
    # Every other buyer of the lot counts, inside the group or not: a batch's buyers quoting one public
    # recall notice may well be linked by their wording.
    np.maximum.at(out, gid[sel], total[sel] - own[sel])
    return out


def batch_conduct(ctx: Context, gid, ng) -> np.ndarray:
    """Per group: the share of its complaints that show scheme conduct (set phrases, the 1,000-yuan demand on a
    small purchase, a punitive sum no law derives from the price and that is not the price back with a round sum
    more — 10,000 yuan for a hair in a 119-yuan box of mooncakes: the buyers of a bad lot ask the price back,
    what the law gives, or the refund and some compensation —, one fixed total asked by several who paid
    different prices: ``Links.fixed_total``). A
    contaminated batch is judged on this share, never on one member. A payment and a withdrawal are no such
    conduct here, nor the refund with one sum more: the sellers of a bad lot compensating each buyer alike (the
    price back and a fixed sum), who then withdraw, is how a batch ends."""
    c = ctx.c
    with np.errstate(invalid="ignore"):
        over = c.cols["claim"].astype(np.float64) - c.cols["amount"]
        refund_and_sum = np.abs(over - np.round(over / 10) * 10) < 0.05  # the price back and a round sum more
    conduct = ((c.cols["scripts"] != 0) | demand_rows(c)
               | (punitive_sums(c, ctx.cfg) & non_statutory_sums(c, ctx.cfg.punitive_sum_factor) & ~refund_and_sum))
    if len(ctx.links.fixed_total):
        conduct |= ctx.links.fixed_total
    n = np.maximum(np.bincount(gid[gid >= 0], minlength=ng), 1)
    return count(gid, conduct, ng) / n


__all__ = ["COMPENSATED", "Config", "Context", "Fired", "Reason", "RING_RULES", "SUBJECT_RULES", "build_context"]
