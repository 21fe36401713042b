"""The scan's output: JSON for machines, Excel and a self-contained Chinese HTML clue report for people.

Personal data (names, ID numbers, phones, account numbers in excerpts) is masked unless ``reveal``:
a clue report is passed around an office, the full identities only where the case goes on.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _

from jingqi.core.pii import mask_id_number, mask_phone

from .reading import iter_raw
from .rules import family_label
from .scoring import Clue, ScanResult

MAX_ERRORS_LISTED = 10000
MAX_TIES_LISTED = 20  # per ring member
EXCERPT_ROWS = 20  # complaints shown with their text under each clue in the readable reports

# Chinese titles and sentences per rule, filled from each reason's facts (the HTML report is in Chinese).
RULES_ZH = {
    "frequency": ("投诉频次高", "共提起投诉 {complaints} 件"),
    "breadth": ("投诉对象广", "投诉涉及 {merchants} 家不同商家"),
    "repeat_purchase": ("短期重复购买", "{days} 天内重复购买“{product}” {purchases} 次"),
    "punitive_script": ("惩罚性赔偿话术", "{complaints} 件投诉中有 {scripted} 件使用“食品安全法第一百四十八条”"
                                       "“十倍赔偿”"
                                       "“退一赔十”“不足一千元按一千元计算”等固定话术"),
    "fixed_demand": ("固定索赔金额", "{complaints} 件投诉购买金额不足一百元，却按一千元最低标准索赔"),
    "volume_only": ("仅有数量特征", "仅有投诉数量、商家数量、重复购买、时间或地域等数量特征，"
                                 "没有话术、索赔方式、私了、冒用身份、证据或文本等行为特征，分值上限为 {cap}"),
    "withdrawn_after_payment": ("私下获赔后撤诉", "{complaints} 件投诉在商家私下赔付后撤回，累计获赔 {paid:,.0f} 元"),
    "demands_dropped": ("高额索赔后无记录撤诉", "向 {merchants} 个商家索要价款数倍的赔偿，{complaints} 件均在未登记退款"
                                      "或赔付的情况下撤回"),
    "escalation_route": ("投诉—举报—复议—诉讼", "经历 {stages} 个环节（{channels}）"),
    "several_identities": ("一号多名", "同一手机号或身份证号对应 {names} 个姓名、{id_numbers} 个身份证号"),
    "impersonation": ("冒充律师或记者", "{complaints} 件投诉自称律师、记者"),
    "threat": ("以曝光要价或威胁", "{complaints} 件投诉开价换取不曝光，或威胁商家"),
    "own_sum": ("同一金额向多个商家索要", "向 {merchants} 个商家索要同一金额（{sums} 元），与所购商品价款无关"
                                   "（{complaints} 件投诉）"),
    "reused_evidence": ("证据图片重复使用", "相同图片（{picture_groups} 组）出现在针对 {merchants} 家不同商家的投诉中"),
    "same_script": ("同一文本群发", "{complaints} 件措辞几乎相同的投诉发给了 {merchants} 家商家"),
    "shared_text": ("不同投诉人文本雷同", "{complainants} 名不同投诉人的 {complaints} 件投诉措辞几乎相同"),
    "shared_account": ("共用收款账户", "{complainants} 名不同投诉人要求将赔款转入同一账户（共 {accounts} 个账户）"),
    "shared_contact": ("文中留同一联系电话", "{complainants} 名不同投诉人在投诉内容中留下同一联系电话"
                                        "（{phones} 个号码），疑有人统一组织"),
    "shared_address": ("共用地址", "{complainants} 名不同投诉人填写了相同地址"),
    "claimants_together": ("同址职业索赔人", "{complainants} 名不同投诉人住同一地址，且各自的投诉多数索要惩罚性赔偿"
                                       "（{complaints} 件投诉）"),
    "claimants_one_line": ("一号多人职业索赔", "同一电话或身份证号下 {complainants} 人各以本人姓名投诉，"
                                          "且各自的投诉多数索要惩罚性赔偿（{complaints} 件投诉）"),
    "paid_together": ("同址私下获赔", "{complainants} 名不同投诉人住同一地址，各自在获不同商家私下赔付后撤诉"
                                  "（{complaints} 件投诉）"),
    "shared_demand": ("同一固定索赔金额", "{complainants} 名不同投诉人索要同一固定金额"
                                    "（或价款之外的同一固定金额）"
                                    "（{sums} 个金额，{complaints} 件投诉），并非各自价款的法定倍数，疑为事先约定"),
    "phone_block": ("号码同段", "{complainants} 名不同投诉人的手机号码同属一个万号段（{blocks} 个号段），而本文件的号码"
                             "大多分散，疑为成批购买的电话卡"),
    "script_reused": ("话术反复使用", "{complainants} 名成员各自在多件投诉中使用团伙共用的措辞（{complaints} 件投诉）"),
    "evidence_reused": ("图片反复使用", "{complainants} 名成员各自把与其他成员共用的图片用于针对多个商家的投诉"
                                  "（{complaints} 件投诉）"),
    "campaign": ("话术集中投放", "{complainants} 名成员在 {days} 天内用同一套索赔话术投诉 {merchants} 个商家，"
                 "远高于该话术在全文件其余时段的频率（{complaints} 件投诉）"),
    "shared_evidence": ("不同投诉人共用证据", "{complainants} 名不同投诉人提交了相同的图片（{picture_groups} 组）"),
    "burst": ("集中爆发", "{days} 天内针对同一商家（{merchant}）集中投诉 {complaints} 件"),
    "one_region": ("地域集中", "{complaints} 件投诉来自同一地区（{region}）"),
    "bad_batch_context": ("疑似真实质量问题", "同一时段另有 {other_complaints} 件其他购买者针对同一商家同一产品的投诉，"
                                          "本组投诉多无索赔话术或私了等行为，按整体研判疑为真实批次质量问题，"
                                          "分值已按 {factor} 倍下调"),
    "one_family": ("单一类别依据", "全部依据属于同一类别（{families}），可能出于同一巧合；须有两类相互独立的依据"
                              "或一项身份类强证据，分值上限为 {cap}"),
    "coincidences_only": ("仅有措辞与图片相似", "成员之间只有措辞和图片相似（同类遭遇的陌生人也会如此），整体没有"
                                        "索赔话术、固定索赔、私了或身份方面的依据，分值上限为 {cap}"),
    "lookalike_pictures": ("图片仅为相似", "针对不足 {merchants} 个商家的图片只是相似而非同一张的副本"
                                       "（常买常投诉的人拍同类问题，照片难免相似），除数量外别无其他依据，"
                                       "分值上限为 {cap}"),
    "two_channels": ("同一投诉多渠道重复提交", "{complaints} 件为同一人在 {days} 天内就同一商家同一商品经其他渠道"
                                      "重复提交的投诉，只计一次"),
    "sent_again": ("同一问题再次反映", "{complaints} 件投诉写明是再次反映此前的问题，同一人、同一商品、同一价款，"
                                 "{days} 天内，不论这次写的店名如何，只计一次"),
    "household": ("家庭或共用电话", "多名各有身份证号的人共用一个电话，属家庭或共用线路，不视为一人多名"),
    "representative": ("代为投诉", "{complaints} 件投诉写明受他人委托代为投诉（志愿服务站、协会代会员或亲属代投），"
                               "同一电话或地址下的多个姓名、身份证号不视为一人多名"),
}
# A rule's other sentence, used when the fact named holds (is neither missing nor zero).
RULES_ZH_WHEN = {
    ("withdrawn_after_payment", "unrecorded"): "{complaints} 件投诉在商家私下赔付后撤回，有记录的获赔共 {paid:,.0f} 元"
                                               "（其中 {unrecorded} 件注明私下和解而未登记金额）",
}
KIND_ZH = {"complainant": "个人", "ring": "团伙"}


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


_LONG_DIGITS = re.compile(r"\d{7,}")
_HANDLE = re.compile(r"((?:支付宝|微信|账号|帐号|卡号)[^\w]{0,2})([\w.@+-]{4,})", re.ASCII)


def mask_text(text: str) -> str:
    """Excerpts may carry phones, card numbers and account handles: keep their ends only."""
    text = _LONG_DIGITS.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 5) + m.group()[-2:], text)
    return _HANDLE.sub(lambda m: m.group(1) + m.group(2)[:2] + "***", text)


def complainant_key(result: ScanResult, subject_rows, reveal: bool) -> str:
    c = result.complaints
    for kind, masker in (("id_number", mask_id_number), ("phone", mask_phone), ("name", mask_name)):
        for r in subject_rows:
            value = c.value(kind, int(c.cols[kind][r]))
            if value:
                return f"{kind}:{value if reveal else masker(value)}"
    return f"row:{int(c.cols['row_number'][subject_rows[0]])}"


Tie = tuple[str, np.ndarray]  # a strong tie's kind, and the rows carrying its shared value


def ring_members(result: ScanResult, clue: Clue, keys: list[str]) -> list[tuple[str, np.ndarray, list[Tie]]]:
    """A ring's members (none for a single complainant): each one's key (``keys``, one per subject of the clue),
    its rows, and the strong ties that joined it to another member — the kind and the rows carrying the shared
    value (its own and the others'), the first MAX_TIES_LISTED."""
    if clue.kind != "ring":
        return []
    ties = result.links.member_ties(clue.rows)
    return [(key, rows, ties.get(s, [])[:MAX_TIES_LISTED])
            for s, key, rows in zip(clue.subjects.tolist(), keys, rows_by_subject(result, clue), strict=True)]


def rows_by_subject(result: ScanResult, clue: Clue) -> list[np.ndarray]:
    """The clue's rows of each of its subjects, in the clue's order (one sort, where a mask per subject took
    seconds on the rings and batches of a million-row file)."""
    held = result.links.subject[clue.rows]
    order = np.argsort(held, kind="stable")
    ranked = held[order]
    starts = np.searchsorted(ranked, clue.subjects, side="left")
    ends = np.searchsorted(ranked, clue.subjects, side="right")
    return [clue.rows[order[a:b]] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def clue_dict(result: ScanResult, clue: Clue, reveal: bool) -> dict:
    c = result.complaints
    keys = [complainant_key(result, rows, reveal) for rows in rows_by_subject(result, clue)]
    members = [{"complainant_key": key, "complaint_ids": [c.complaint_ids[r] for r in rows.tolist()],
                "ties": [{"kind": kind, "complaint_ids": [c.complaint_ids[r] for r in tied.tolist()]}
                         for kind, tied in ties]}
               for key, rows, ties in ring_members(result, clue, keys)]
    return {
        "clue_id": clue.clue_id,
        "kind": clue.kind,
        "score": clue.score,
        "complaint_ids": [c.complaint_ids[r] for r in clue.rows.tolist()],
        "complainant_keys": keys,
        "members": members,
        "reasons": [
            {"rule": r.rule, "weight": round(r.weight, 4), "detail": r.detail, "facts": _masked_facts(r.facts, reveal),
             "complaint_ids": [c.complaint_ids[x] for x in sorted(r.rows.tolist())]}
            for r in clue.reasons
        ],
    }


# Facts that are never personal data: evidence file names must stay findable in the evidence folder.
UNMASKED_FACTS = {"files"}


def _masked_facts(facts: dict, reveal: bool) -> dict:
    if reveal:
        return facts
    return {k: ([mask_text(str(x)) for x in v] if isinstance(v, list) and k not in UNMASKED_FACTS else v)
            for k, v in facts.items()}


MAX_LABELS_LISTED = 50


def summary(result: ScanResult) -> dict:
    c, cfg = result.complaints, result.config
    flagged = result.flagged_rows()
    return {
        "source": Path(c.source).name,
        "rows_read": c.rows_read,
        "rows_scanned": len(c),
        "rows_skipped": len(c.errors),
        "row_errors": [{"row": e.row, "reason": e.reason} for e in c.errors[:MAX_ERRORS_LISTED]],
        "row_errors_not_listed": max(len(c.errors) - MAX_ERRORS_LISTED, 0),
        "unreadable_phones": c.unreadable_phones,
        "invalid_id_numbers": c.invalid_id_numbers,
        # Cells read although they were not as they should be, by kind; outcome labels no rule knows, with
        # their rows (the first MAX_LABELS_LISTED, most frequent first): kept as "other", never refused.
        "oddities": dict(c.oddities),
        "unknown_outcomes": dict(list(c.unknown_outcomes.items())[:MAX_LABELS_LISTED]),
        "complainants": int(result.links.subject.max(initial=-1)) + 1,
        "rings": int((result.links.subjects_in_ring >= 2).sum()),
        "identifiers_not_linked_as_hubs": result.links.hubs,
        "evidence_images_hashed": result.images_hashed,
        "evidence_images_missing": result.images_missing,
        "clues": len(result.clues),
        "clues_flagged": sum(1 for cl in result.clues if cl.score >= cfg.flag_score),
        "flagged_complaints": int(flagged.sum()),
        "flag_score": cfg.flag_score,
        "report_score": cfg.report_score,
        "seconds": {k: round(v, 3) for k, v in result.timings.items()},
    }


def as_dict(result: ScanResult, reveal: bool = False) -> dict:
    return {"summary": {**summary(result), "personal_data_masked": not reveal},
            "clues": [clue_dict(result, cl, reveal) for cl in result.clues]}


def write(result: ScanResult, out: str | Path, fmt: str = "json", reveal: bool = False) -> None:
    out = Path(out)
    data = as_dict(result, reveal)
    if fmt == "json":
        # One clue per line, each by the C encoder: an indented dump takes the pure-Python one, seconds at a
        # million rows.
        with out.open("w", encoding="utf-8") as fh:
            fh.write('{"summary": ' + json.dumps(data["summary"], ensure_ascii=False, indent=1) + ',\n"clues": [\n')
            fh.write(",\n".join(json.dumps(clue, ensure_ascii=False) for clue in data["clues"]))
            fh.write("\n]}\n")
        return
    excerpts = _excerpts(result, reveal)
    if fmt == "xlsx":
        _write_xlsx(data, excerpts, out)
    elif fmt == "html":
        out.write_text(render_html(data, excerpts), encoding="utf-8")
    else:
        raise ValueError(_("Unknown format %(format)s.") % {"format": fmt})


def _excerpts(result: ScanResult, reveal: bool) -> dict[str, dict]:
    """Second pass over the file for the few complaints the report shows in full."""
    c = result.complaints
    wanted_rows = {}
    for clue in result.clues:
        for r in clue.rows[:EXCERPT_ROWS].tolist():
            wanted_rows[int(c.cols["row_number"][r])] = c.complaint_ids[r]
    out = {}
    if not wanted_rows:
        return out
    for n, raw in iter_raw(c.source):
        cid = wanted_rows.get(n)
        if cid is None:
            continue
        text = raw.get("text", "")[:120]
        name = raw.get("complainant_name", "")
        out[cid] = {
            "received_at": raw.get("received_at", "")[:16],
            "name": name if reveal else mask_name(name),
            "merchant": raw.get("merchant_name", ""),
            "product": raw.get("product", ""),
            "claim": raw.get("claim_amount", ""),
            "outcome": raw.get("outcome", ""),
            "text": text if reveal else mask_text(text),
        }
    return out


OUTCOME_ZH = {"pending": "待处理", "withdrawn": "已撤回", "mediated": "已调解", "compensated": "已赔偿",
              "rejected": "已驳回"}


def reason_zh(reason: dict) -> tuple[str, str]:
    title, sentence = RULES_ZH.get(reason["rule"], (reason["rule"], reason["detail"]))
    for (rule, fact), other in RULES_ZH_WHEN.items():
        if rule == reason["rule"] and reason["facts"].get(fact):
            sentence = other
    facts = dict(reason["facts"])
    if isinstance(facts.get("families"), list):
        with translation.override("zh-hans"):
            facts["families"] = [family_label(f) for f in facts["families"]]
    facts = {k: ("、".join(map(str, v)) if isinstance(v, list) else v) for k, v in facts.items()}
    try:
        return title, sentence.format(**facts)
    except (KeyError, IndexError):
        return title, reason["detail"]


KEY_ZH = {"id_number": "身份证", "phone": "电话", "name": "姓名", "row": "行"}


def _key_zh(key: str) -> str:
    """``id_number:3306…`` → ``身份证 3306…`` for the Chinese report (JSON keeps the stable prefix)."""
    kind, _sep, value = key.partition(":")
    return f"{KEY_ZH.get(kind, kind)} {value}"


def render_html(data: dict, excerpts: dict[str, dict]) -> str:
    s = data["summary"]
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<title>消费领域虚假维权线索报告</title><style>",
        "body{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;"
        "margin:2em auto;max-width:1100px;color:#222;line-height:1.6}",
        "h1{font-size:1.6em}table{border-collapse:collapse;width:100%;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:.92em}"
        "th{background:#f2f4f7}.clue{border:1px solid #d0d7de;border-radius:6px;padding:1em;margin:1.2em 0}"
        ".score{font-size:1.3em;font-weight:bold}.hi{color:#b42318}.mid{color:#b54708}.lo{color:#475467}"
        ".tag{display:inline-block;background:#eef;border-radius:3px;padding:0 6px;margin-right:6px}"
        ".muted{color:#667085;font-size:.9em}",
        "</style></head><body>",
        "<h1>消费领域虚假维权线索报告</h1>",
        f"<p class='muted'>数据来源：{e(str(s['source']))}；本报告由警企通虚假维权监督模型自动生成，"
        "线索仅供研判参考，须经民警核实后方可作为办案依据。</p>",
        "<h2>概况</h2><table>",
        f"<tr><th>读取行数</th><td>{s['rows_read']}</td><th>有效投诉</th><td>{s['rows_scanned']}</td></tr>",
        f"<tr><th>跳过行数</th><td>{s['rows_skipped']}</td><th>投诉人（归并后）</th><td>{s['complainants']}</td></tr>",
        f"<tr><th>关联团伙</th><td>{s['rings']}</td><th>线索总数</th><td>{s['clues']}</td></tr>",
        f"<tr><th>高度可疑线索（分值≥{s['flag_score']}）</th><td>{s['clues_flagged']}</td>"
        f"<th>涉及投诉</th><td>{s['flagged_complaints']}</td></tr>",
        f"<tr><th>无法识别的电话</th><td>{s['unreadable_phones']}</td>"
        f"<th>无效身份证号</th><td>{s['invalid_id_numbers']}</td></tr>",
        "</table>",
    ]
    if s["unknown_outcomes"]:
        labels = "、".join(f"{e(label)}（{n} 件）" for label, n in s["unknown_outcomes"].items())
        parts.append(f"<p>未能识别的处理结果（已保留，按“其他”处理）：{labels}</p>")
    if s["row_errors"]:
        parts.append("<h2>无法读取的行</h2><table><tr><th>行号</th><th>原因</th></tr>")
        for err in s["row_errors"][:200]:
            parts.append(f"<tr><td>{err['row']}</td><td>{e(err['reason'])}</td></tr>")
        more = len(s["row_errors"]) - 200 + s["row_errors_not_listed"]
        if more > 0:
            parts.append(f"<tr><td colspan='2'>另有 {more} 行未列出，详见 JSON 报告</td></tr>")
        parts.append("</table>")
    parts.append("<h2>线索（按分值排序）</h2>")
    if not data["clues"]:
        parts.append("<p>未发现可疑线索。</p>")
    for clue in data["clues"]:
        score = clue["score"]
        css = "hi" if score >= s["flag_score"] else ("mid" if score >= (s["flag_score"] + s["report_score"]) / 2
                                                     else "lo")
        parts.append(
            f"<div class='clue'><div><span class='tag'>{e(clue['clue_id'])}</span>"
            f"<span class='tag'>{KIND_ZH.get(clue['kind'], clue['kind'])}</span>"
            f"<span class='score {css}'>可疑分值 {score:.2f}</span></div>"
            f"<p>投诉人：{e('；'.join(_key_zh(k) for k in clue['complainant_keys'][:20]))}"
            f"{'等' if len(clue['complainant_keys']) > 20 else ''}（{len(clue['complainant_keys'])} 人）；"
            f"涉及投诉 {len(clue['complaint_ids'])} 件</p>"
            "<table><tr><th style='width:11em'>依据</th><th>说明</th><th style='width:7em'>权重</th>"
            "<th style='width:30%'>相关投诉</th></tr>")
        for reason in clue["reasons"]:
            title, sentence = reason_zh(reason)
            ids = reason["complaint_ids"]
            shown = "、".join(ids[:8]) + (f" 等 {len(ids)} 件" if len(ids) > 8 else "")
            parts.append(f"<tr><td>{e(title)}</td><td>{e(sentence)}</td><td>{reason['weight']:+.2f}</td>"
                         f"<td class='muted'>{e(shown)}</td></tr>")
        parts.append("</table>")
        rows = [excerpts[cid] | {"id": cid} for cid in clue["complaint_ids"][:EXCERPT_ROWS] if cid in excerpts]
        if rows:
            parts.append("<table><tr><th>投诉编号</th><th>受理时间</th><th>投诉人</th><th>被投诉商家</th>"
                         "<th>商品</th><th>索赔</th><th>结果</th><th>投诉内容（节选）</th></tr>")
            for r in rows:
                parts.append(
                    f"<tr><td>{e(r['id'])}</td><td>{e(r['received_at'])}</td><td>{e(r['name'])}</td>"
                    f"<td>{e(r['merchant'])}</td><td>{e(r['product'])}</td><td>{e(r['claim'])}</td>"
                    f"<td>{e(OUTCOME_ZH.get(r['outcome'], r['outcome']))}</td><td>{e(r['text'])}</td></tr>")
            parts.append("</table>")
            if len(clue["complaint_ids"]) > EXCERPT_ROWS:
                parts.append(f"<p class='muted'>仅列出前 {EXCERPT_ROWS} 件，完整清单见 JSON 或 Excel 报告。</p>")
        parts.append("</div>")
    masked = data["summary"].get("personal_data_masked", True)
    parts.append("<p class='muted'>说明：分值是可疑程度的概率式度量，由所列依据构成：1 − ∏(1 − 各依据权重)，"
                 "再按所列的批次下调、单一类别封顶依据调整；各依据须来自两类以上相互独立的证据才可达到高度可疑线；"
                 + ("个人信息已脱敏。" if masked else "本报告未脱敏，含完整个人信息，请按规定保管。")
                 + "</p></body></html>")
    return "\n".join(parts)


def _write_xlsx(data: dict, excerpts: dict[str, dict], out: Path) -> None:
    # Complaint numbers, merchants and texts come from the export: core.exports keeps them from running as
    # formulas when the report is opened.
    from jingqi.core.exports import Sheet, write_workbook

    clues = ([clue["clue_id"], KIND_ZH.get(clue["kind"], clue["kind"]), clue["score"],
              "；".join(clue["complainant_keys"]), len(clue["complaint_ids"]),
              "\n".join("{}：{}".format(*reason_zh(r)) for r in clue["reasons"]), "、".join(clue["complaint_ids"])]
             for clue in data["clues"])
    detail = ([clue["clue_id"], *reason_zh(r), r["weight"], "、".join(r["complaint_ids"])]
              for clue in data["clues"] for r in clue["reasons"])
    rows = ([cid, r["received_at"], r["name"], r["merchant"], r["product"], r["claim"],
             OUTCOME_ZH.get(r["outcome"], r["outcome"]), r["text"]] for cid, r in excerpts.items())
    s = data["summary"]
    summary = [[label, s[key]] for label, key in (
        ("读取行数", "rows_read"), ("有效投诉", "rows_scanned"), ("跳过行数", "rows_skipped"),
        ("投诉人（归并后）", "complainants"), ("关联团伙", "rings"), ("线索总数", "clues"),
        ("高度可疑线索", "clues_flagged"), ("涉及投诉", "flagged_complaints"))]
    if s["row_errors"]:
        summary += [[], ["无法读取的行", "原因"], *([err["row"], err["reason"]] for err in s["row_errors"])]
    write_workbook(out, [
        Sheet("线索", clues, header=["线索编号", "类型", "可疑分值", "投诉人", "投诉件数", "依据", "投诉编号"],
              widths=(12, 8, 10, 40, 10, 80, 60), wrap=True),
        Sheet("依据明细", detail, header=["线索编号", "依据", "说明", "权重", "相关投诉"]),
        Sheet("投诉节选", rows, header=["投诉编号", "受理时间", "投诉人", "被投诉商家", "商品", "索赔", "结果",
                                    "投诉内容（节选）"]),
        Sheet("概况", summary),
    ])
