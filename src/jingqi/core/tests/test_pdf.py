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


def page_texts(data: bytes) -> list[str]:
    with Opened(data) as doc:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts


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
