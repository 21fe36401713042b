"""The one PDF builder: Chinese drawn with the embedded font and extractable as text, tables broken across pages
with their header, odd text printed rather than refused, builds repeatable, downloads safely named.

Each document is built once per module (a build subsets a 10 MB font: a fraction of a second)."""

import logging
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops, ImageStat

from jingqi.core import checks, pdf
from jingqi.core.pdf import MISSING_GLYPH, Document, FontsNotInstalled, break_lines, pdf_response
from jingqi.core.testing.pdfs import page_texts

TITLE = "人民调解协议书"
CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
RARE = "\U00020000"  # 𠀀, CJK Extension B: not in Noto Sans SC
EMOJI = "\U0001f600"
SCALE = 2  # render at 144 dpi


def agreement() -> Document:
    doc = Document(TITLE, subtitle="编号：嵊调〔2026〕第 0042 号", footer="第 {page} 页 共 {pages} 页", created=CREATED)
    doc.heading("一、当事人基本情况")
    doc.fields([("申请人", "张三"), ("身份证号", "3306**********1234"),
                ("住所", "浙江省绍兴市嵊州市经济开发区某某路 88 号某某小区 3 幢 2 单元 501 室")], columns=2)
    doc.heading("二、纠纷事实")
    doc.paragraph("申请人于2023年5月入职被申请人处，从事装配工作。" * 12 + "\n经调解，双方自愿达成如下协议：")
    doc.heading("三、分期付款计划")
    doc.table(["期数", "到期日", "金额（元）"],
              [[f"第 {i} 期", f"2026-{(i - 1) % 12 + 1:02d}-15", f"{210 * i:,.2f}"] for i in range(1, 61)],
              widths=[1, 2, 2], align=["center", "center", "right"])
    doc.signatures(["申请人（签名）", "被申请人（盖章）", "调解员（签名）"], date_label="日期：")
    return doc


def odd_text() -> Document:
    """The same title with every glyph missing, control characters, an emoji and a row taller than a page."""
    doc = Document(RARE * len(TITLE), footer="{page}/{pages} {nb}", created=CREATED)
    doc.paragraph(f"甲\x00乙\x07丙\u202e丁{EMOJI}\ufe0f{RARE}戊\t己\r\n庚")
    doc.table(["项目", "说明"], [["长", "很长" * 2000]], widths=[1, 4])
    return doc


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _build(document: Document):
    """The bytes, and what fpdf2 logged while making them (a missing glyph is logged, not raised)."""
    handler = _Records()
    logger = logging.getLogger("fpdf")
    logger.addHandler(handler)
    try:
        return document.to_bytes(), handler.records
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def agreement_pdf():
    data, _ = _build(agreement())
    return data


@pytest.fixture(scope="module")
def odd_build():
    return _build(odd_text())


class Opened:
    def __init__(self, data: bytes):
        self.doc = pdfium.PdfDocument(data)

    def __enter__(self):
        return self.doc

    def __exit__(self, *exc):
        self.doc.close()


def title_band(data: bytes):
    """Page 1 rendered in greyscale, cut to the title's line (the title is centred, 20 pt, at the top margin)."""
    with Opened(data) as doc:
        page = doc[0]
        image = page.render(scale=SCALE).to_pil().convert("L")
        page.close()
    mm = 72 / 25.4 * SCALE
    top = pdf.MARGIN_TOP * mm
    return image.crop((0, int(top), image.width, int(top + pdf.TITLE_SIZE * 1.35 * SCALE)))


def glyph_cells(band, count: int):
    """The band cut into ``count`` equal cells across the title (every CJK glyph is one em wide)."""
    em = pdf.TITLE_SIZE * SCALE
    left = (band.width - count * em) / 2
    return [band.crop((int(left + i * em), 0, int(left + (i + 1) * em), band.height)) for i in range(count)]


def ink(image) -> float:
    """Share of dark pixels."""
    return sum(image.point(lambda v: 255 if v < 128 else 0).histogram()[255:]) / (image.width * image.height)


def difference(a, b) -> float:
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


# --- the document --------------------------------------------------------------------------------------


def test_a_chinese_document_embeds_a_subset_of_the_font(agreement_pdf):
    assert agreement_pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in agreement_pdf
    assert b"/BaseFont /MPDFAA+NotoSansSC" in agreement_pdf and b"/BaseFont /MPDFAA+NotoSansSCBold" in agreement_pdf
    assert b"/ToUnicode" in agreement_pdf
    # The font files are 10 MB each: only the glyphs used are embedded.
    assert len(agreement_pdf) < 300_000


def test_the_text_of_page_one_reads_back_as_written(agreement_pdf):
    first = page_texts(agreement_pdf)[0]
    assert TITLE in first
    assert "张三" in first and "3306**********1234" in first
    assert "第 1 页 共" in first


def test_a_long_table_breaks_across_pages_with_its_header_repeated(agreement_pdf):
    texts = page_texts(agreement_pdf)
    assert len(texts) > 1
    for number, text in enumerate(texts[1:], start=2):
        assert "期数" in text and "到期日" in text, f"no header on page {number}"
        assert f"第 {number} 页 共 {len(texts)} 页" in text
    rows = "".join(texts)
    assert all(f"第 {i} 期" in rows for i in range(1, 61))
    assert "申请人（签名）" in texts[-1]


def test_the_title_is_drawn_in_chinese_glyphs_not_in_missing_glyph_boxes(agreement_pdf, odd_build):
    odd_pdf, _ = odd_build
    real, boxes = title_band(agreement_pdf), title_band(odd_pdf)
    assert ink(real) > 0.03 and ink(boxes) > 0.01
    assert difference(real, boxes) > 5
    # Seven boxes look alike; seven different characters do not.
    real_cells, box_cells = glyph_cells(real, len(TITLE)), glyph_cells(boxes, len(TITLE))
    assert all(ink(cell) > 0.02 for cell in real_cells)
    closest_real = min(difference(a, b) for i, a in enumerate(real_cells) for b in real_cells[i + 1:])
    farthest_box = max(difference(a, b) for i, a in enumerate(box_cells) for b in box_cells[i + 1:])
    assert closest_real > 2 * farthest_box


def test_control_characters_and_characters_the_font_lacks_are_printed_not_refused(odd_build):
    odd_pdf, logged = odd_build
    texts = page_texts(odd_pdf)
    assert MISSING_GLYPH * len(TITLE) in texts[0]
    body = "".join(texts[0].split())
    assert f"甲乙丙丁{MISSING_GLYPH}{MISSING_GLYPH}戊己" in body and "庚" in body
    # fpdf2 reports a missing glyph only in its log: nothing reached it.
    assert not [r for r in logged if "missing" in r.getMessage()]
    # "{nb}" in a text is text, not fpdf2's page-count alias.
    assert "{nb}" in texts[0]


def test_a_row_taller_than_a_page_continues_on_the_next_pages_without_losing_text(odd_build):
    texts = page_texts(odd_build[0])
    assert len(texts) >= 3
    assert "".join("".join(texts).split()).count("很长") == 2000
    assert all("说明" in text for text in texts)  # the header row on every page


def test_two_builds_of_the_same_record_are_identical(odd_build):
    assert odd_text().to_bytes() == odd_build[0]


def test_metadata_names_the_document_and_the_creator(agreement_pdf):
    with Opened(agreement_pdf) as doc:
        metadata = doc.get_metadata_dict()
    assert metadata["Title"] == TITLE and metadata["Creator"] == "Jingqi"
    assert metadata["CreationDate"].startswith("D:20260301")


# --- line breaking ---------------------------------------------------------------------------------------


def one_per_character(text: str) -> float:
    return float(len(text))


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one():
    text = "甲乙丙，丁戊（己庚）。辛壬癸“子丑”寅卯。"
    for width in range(3, 9):
        lines = break_lines(text, width, one_per_character)
        assert "".join(lines) == text
        assert not any(line[0] in pdf.NO_LINE_START for line in lines), lines
        assert not any(line[-1] in pdf.NO_LINE_END for line in lines), lines


def test_latin_words_and_numbers_stay_whole_and_an_overlong_one_is_cut():
    lines = break_lines("合同编号 ABC-123 金额 12,600.00 元", 9, one_per_character)
    assert any("ABC-123" in line for line in lines) and any("12,600.00" in line for line in lines)
    assert break_lines("1234567890", 4, one_per_character) == ["1234", "5678", "90"]
    assert break_lines("", 4, one_per_character) == [""]


def test_the_first_line_is_narrower_by_its_indent():
    assert break_lines("一二三四五六七八", 4, one_per_character, first_indent=2) == ["一二", "三四五六", "七八"]


def test_line_breaking_measures_text_as_fpdf2_draws_it(agreement_pdf):
    layout = pdf._Layout(Document("x"), pages=None).run(for_output=False)
    for size, bold in ((pdf.BODY_SIZE, False), (pdf.TITLE_SIZE, True)):
        layout._font(size, bold)
        for text in (TITLE, "ABC-123 12,600.00", "（签名）：□ "):
            assert layout._measure(text) == pytest.approx(layout.pdf.get_string_width(text))


# --- fonts not installed ---------------------------------------------------------------------------------


def test_without_the_fonts_building_fails_clearly_and_the_system_check_says_how_to_install_them(monkeypatch,
                                                                                             tmp_path):
    assert checks.check_pdf_fonts_are_installed(None) == []
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    with pytest.raises(FontsNotInstalled, match="make assets"):
        Document("标题").to_bytes()
    [error] = checks.check_pdf_fonts_are_installed(None)
    assert error.id == "jingqi.E004" and error.is_serious() and "make assets" in error.hint


# --- download --------------------------------------------------------------------------------------------


def test_a_chinese_file_name_downloads_under_its_name_with_an_ascii_fallback():
    response = pdf_response(b"%PDF-1.7", "人民调解协议书 2026-0042")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        'attachment; filename="2026-0042.pdf"; '
        "filename*=UTF-8''%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3%E5%8D%8F%E8%AE%AE%E4%B9%A6%202026-0042.pdf")


@pytest.mark.parametrize("name", ['a"b\r\nSet-Cookie: x=1', "../../etc/passwd", "调解\x00书", "", "，。"])
def test_a_hostile_file_name_cannot_break_the_header(name):
    header = pdf_response(b"%PDF-1.7", name, inline=True)["Content-Disposition"]
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert header.startswith("inline; ")
    assert all(c not in header for c in "\r\n\x00") and "/" not in header.split(";", 2)[2]
    assert fallback.endswith(".pdf") and fallback.isascii() and '"' not in fallback and "/" not in fallback


def test_a_document_is_served_as_its_pdf(agreement_pdf):
    response = pdf_response(agreement_pdf, "协议书.pdf")
    assert response.content == agreement_pdf
    assert response["Content-Disposition"].endswith("filename*=UTF-8''%E5%8D%8F%E8%AE%AE%E4%B9%A6.pdf")


# --- cover, key figures, charts --------------------------------------------------------------------------------

CATEGORIES = ["纠纷", "劳资纠纷", "盗窃", "电信网络诈骗"]


def report() -> Document:
    doc = Document("企业风险研判报告", subtitle="2026 年上半年", footer="第 {page} 页 共 {pages} 页", created=CREATED)
    doc.cover([("企业", "某某精密机械有限公司"), ("报告期", "2026-01-01 至 2026-06-30")], issuer="某某派出所",
              note="仅供企业内部防范使用")
    doc.heading("一、概况")
    doc.key_figures([("纠纷", "3"), ("损失（元）", "125,000"), ("未整改隐患", "2")], per_row=3)
    doc.bar_chart(CATEGORIES, [("本半年度", [3, 2, 1, None]), ("上半年度", [1, 1, 0, 1])], caption="纠纷与案件（起）")
    doc.page_break()
    doc.bar_chart([f"项目{i}" for i in range(60)], [("本半年度", list(range(60)))], caption="长图")
    return doc


@pytest.fixture(scope="module")
def report_pdf():
    return report().to_bytes()


def filled_rects(data: bytes, page_index: int, colour) -> list[tuple[float, float, float, float]]:
    """The (left, bottom, right, top) of the filled paths of ``colour`` on a page, in points."""
    import pypdfium2.raw as raw

    with Opened(data) as doc:
        page = doc[page_index]
        found = []
        for obj in page.get_objects():
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            r, g, b, a = (raw.c_uint(), raw.c_uint(), raw.c_uint(), raw.c_uint())
            raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
            if (r.value, g.value, b.value) == tuple(colour):
                found.append(obj.get_bounds())
        page.close()
    return found


def test_the_cover_is_a_page_of_its_own_without_a_footer_and_the_numbering_starts_after_it(report_pdf):
    texts = page_texts(report_pdf)
    cover = texts[0]
    assert "企业风险研判报告" in cover and "2026 年上半年" in cover and "某某精密机械有限公司" in cover
    assert "某某派出所" in cover and "仅供企业内部防范使用" in cover
    assert "页" not in cover
    assert "一、概况" not in cover and "一、概况" in texts[1]
    for number, text in enumerate(texts[1:], start=1):
        assert f"第 {number} 页 共 {len(texts) - 1} 页" in text


def test_key_figures_show_each_value_with_its_label(report_pdf):
    page = page_texts(report_pdf)[1]
    for text in ("纠纷", "3", "损失（元）", "125,000", "未整改隐患"):
        assert text in page


def test_bars_are_as_long_as_their_values_and_a_missing_value_is_a_dash_not_a_zero(report_pdf):
    page = page_texts(report_pdf)[1]
    assert all(name in page for name in CATEGORIES) and "本半年度" in page and "上半年度" in page
    assert "—" in page
    # This half-year's bars (3, 2, 1; none for the fourth), top to bottom, in the first colour.
    bar_height = pdf.BAR_HEIGHT * 72 / 25.4

    def bars(colour):
        found = [r for r in filled_rects(report_pdf, 1, colour) if r[3] - r[1] == pytest.approx(bar_height, abs=0.05)]
        return [right - left for left, _, right, _ in sorted(found, key=lambda r: -r[3])]

    lengths = bars(pdf.CHART_COLOURS[0])
    assert len(lengths) == 3
    assert lengths[0] / lengths[2] == pytest.approx(3, rel=0.01)
    assert lengths[1] / lengths[2] == pytest.approx(2, rel=0.01)
    previous = bars(pdf.CHART_COLOURS[1])
    assert len(previous) == 3  # 1, 1 and 1: the zero draws no bar
    assert previous[0] == pytest.approx(lengths[2], rel=0.01)


def test_a_long_chart_breaks_between_categories_with_its_axis_on_each_page(report_pdf):
    texts = page_texts(report_pdf)
    pages = [t for t in texts if "项目" in t]
    assert len(pages) >= 2
    drawn = "".join(pages)
    assert all(f"项目{i}" in drawn for i in range(60))
    for text in pages:
        assert "0" in text and "60" in text  # the tick labels under each page's bars


@pytest.mark.parametrize(("top", "integers", "expected"), [
    (0, True, (1, 1)), (3, True, (1, 3)), (7, True, (2, 8)), (23, True, (5, 25)), (125000, True, (50000, 150000)),
    (0.5, False, (0.1, 0.5)), (1, True, (1, 1)), (0.5, True, (1, 1))])
def test_the_axis_steps_by_one_two_or_five_times_a_power_of_ten(top, integers, expected):
    assert pdf.nice_scale(top, integers=integers) == pytest.approx(expected)


@pytest.mark.parametrize("call", [
    lambda d: d.bar_chart([], [("a", [])]),
    lambda d: d.bar_chart(["a"], []),
    lambda d: d.bar_chart(["a", "b"], [("s", [1])]),
    lambda d: d.bar_chart(["a"], [("s", [-1])]),
    lambda d: d.bar_chart(["a"], [(str(i), [1]) for i in range(len(pdf.CHART_COLOURS) + 1)]),
    lambda d: d.key_figures([("a", "1")], per_row=0),
])
def test_a_chart_or_tiles_that_cannot_be_drawn_are_refused_when_added(call):
    with pytest.raises(ValueError):
        call(Document("x"))


@pytest.mark.parametrize(("name", "extension", "expected"), [
    ("同意书.jpg", "", "attachment; filename=\"document.jpg\"; filename*=UTF-8''%E5%90%8C%E6%84%8F%E4%B9%A6.jpg"),
    ("scan.png", "", "attachment; filename=\"scan.png\"; filename*=UTF-8''scan.png"),
    ("report", ".xlsx", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''report.xlsx"),
    ("a.xlsx", ".xlsx", "attachment; filename=\"a.xlsx\"; filename*=UTF-8''a.xlsx"),
])
def test_a_download_keeps_its_own_extension_unless_it_must_have_one(name, extension, expected):
    from jingqi.core.downloads import content_disposition

    assert content_disposition(name, extension=extension) == expected


def test_a_heading_moves_with_the_chart_it_introduces_rather_than_end_a_page():
    doc = Document("", created=CREATED)
    doc.paragraph("甲" * 40 * 28)  # most of the first page
    doc.heading("二、图表分析")
    doc.bar_chart(CATEGORIES * 2, [("本半年度", [1, 2, 3, 4] * 2)], caption="纠纷与案件（起）")
    texts = page_texts(doc.to_bytes())
    assert len(texts) == 2
    assert "二、图表分析" in texts[1] and "纠纷与案件" in texts[1] and "二、图表分析" not in texts[0]


def test_a_heading_never_ends_up_alone_whatever_the_length_of_the_chart_below_it():
    for count in range(28, 42):
        doc = Document("", created=CREATED)
        doc.heading("二、图表分析")
        doc.bar_chart([f"项目{i}" for i in range(count)], [("本半年度", [1] * count)], caption="图表")
        texts = page_texts(doc.to_bytes())
        heading_page = next(t for t in texts if "二、图表分析" in t)
        assert "图表" in heading_page.replace("二、图表分析", "") and "项目0" in heading_page, count


def test_a_cover_with_a_very_long_name_keeps_every_fact_above_its_note():
    import pypdfium2 as pdfium

    name = "某某" * 75  # the longest name the registry holds
    doc = Document("企业风险研判报告", subtitle="2026 年上半年", created=CREATED)
    doc.cover([("企业", name), ("统一社会信用代码", "91330683000000000A"), ("园区", "经济开发区"),
               ("统计期间", "2026年1月1日 至 2026年6月30日"), ("生成日期", "2026年7月8日")], issuer="某某派出所",
              note="本报告依据警企通平台记录生成，仅供企业内部安全防范使用，请勿外传。")
    doc.paragraph("正文")
    document = pdfium.PdfDocument(doc.to_bytes())
    try:
        assert len(document) == 2
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        assert name in text.replace("\r\n", "")

        def box(fragment):
            return textpage.get_charbox(text.index(fragment))  # (left, bottom, right, top), y upwards

        last_fact, note = box("2026年7月8日"), box("本报告依据")
        assert last_fact[1] > note[3]  # the last fact's baseline stays above the note's top
        textpage.close()
    finally:
        document.close()
