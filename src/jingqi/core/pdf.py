"""Printable documents (PDF): the one builder every app lays out its formal documents with.

Chinese text is drawn with Noto Sans SC, embedded as a subset in each file, so a document prints the same on
any machine and needs no font on the server: the font files come with the project's setup
(``scripts/vendor-assets.sh`` copies them from the npm package ``@expo-google-fonts/noto-sans-sc`` into
``core/fonts/``), never from the network at run time. Without them :class:`FontsNotInstalled` is raised at use
and the system check ``jingqi.E004`` fails.

A :class:`Document` is a list of blocks (title, headings, paragraphs, field lists, tables, signature lines,
key-figure tiles, bar charts), optionally after a cover page, laid out on A4 when :meth:`Document.to_bytes` is
called::

    doc = Document(_("Mediation agreement"), subtitle=f"No. {number}", footer=_("Page {page} of {pages}"),
                   created=agreement.signed_at)
    doc.heading(_("Parties"))
    doc.fields([(_("Name"), party.name), (_("Phone"), masked_phone)], columns=2)
    doc.paragraph(agreement.terms)
    doc.table([_("Instalment"), _("Due date"), _("Amount")], rows, widths=[1, 2, 2],
              align=["center", "center", "right"])
    doc.signatures([_("Party A"), _("Party B"), _("Mediator")])
    return pdf_response(doc, f"{number}.pdf")

Every text, labels included, may come from users: control and format characters are dropped, and a character
the font cannot draw (an emoji, a rare ideograph outside the font) is printed as ``□``, the mark Chinese forms
use for a missing character, so that a document is never refused nor silently shortened. Chinese wraps at any
character, Latin words and numbers stay whole, and closing punctuation never starts a line (避头尾).
Tables break across pages with the header row repeated; a row taller than a page is split. A bar chart is drawn
as vector shapes (it stays sharp when printed) and breaks between its categories, its axis drawn on each page.

Built twice from the same record with the same ``created``, a document is byte-identical.
"""

from __future__ import annotations

import copy
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .text import strip_control_characters

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "NotoSansSC_400Regular.ttf", "B": "NotoSansSC_700Bold.ttf"}
FONT_FAMILY = "notosanssc"
CREATOR = "Jingqi"
# Printed in place of a character the font cannot draw (the conventional 缺字 mark).
MISSING_GLYPH = "\u25a1"

# A4 in millimetres.
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25.0, 25.0, 25.0
FOOTER_BASELINE = PAGE_HEIGHT - 14.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BOTTOM = PAGE_HEIGHT - MARGIN_BOTTOM
PT = 25.4 / 72  # one point in millimetres

TITLE_SIZE, SUBTITLE_SIZE, HEADING_SIZE, BODY_SIZE, TABLE_SIZE, FOOTER_SIZE = 20, 10.5, 13, 12, 10.5, 9
BODY_LEADING, TABLE_LEADING = 1.65, 1.45
CELL_PAD_X, CELL_PAD_Y = 1.6, 1.3
BORDER_GREY, HEADER_FILL, LABEL_FILL, MUTED = (90, 90, 90), (232, 232, 232), (244, 244, 244), (80, 80, 80)
ACCENT, TILE_FILL, GRID_GREY = (31, 78, 140), (245, 247, 250), (205, 205, 205)
# Bar colours, one per series: distinct in colour and, printed in grey, in lightness.
CHART_COLOURS = ((31, 78, 140), (175, 175, 175), (214, 128, 40), (96, 150, 96))
CHART_SIZE, CHART_VALUE_SIZE, TILE_VALUE_SIZE = 9.5, 8.5, 17
BAR_HEIGHT, BAR_GAP, GROUP_GAP = 3.0, 0.4, 2.4
# What a heading takes above the block it introduces (two lines of heading and its spacing).
HEADING_ROOM = 2 * HEADING_SIZE * PT * 1.5 + 4.5

ALIGNS = {"left": "L", "center": "C", "right": "R", "justify": "J"}


class FontsNotInstalled(ImproperlyConfigured):
    """The PDF fonts are not in ``core/fonts/`` (the setup's assets step has not run)."""


def missing_font_files() -> list[Path]:
    """The font files PDF documents need that are not installed (empty when all are there)."""
    return [FONT_DIR / name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]


def fonts_missing_message(missing: Sequence[Path]) -> str:
    return (f"The fonts for PDF documents are not installed (missing: {', '.join(str(p) for p in missing)}). "
            "Run `make assets` (or `bash scripts/vendor-assets.sh`), which copies them from the npm package "
            "@expo-google-fonts/noto-sans-sc.")


# --- fonts: parsed once per process, copied per document -------------------------------------------------
#
# Parsing a 10 MB CJK font takes about half a second (its character map and its glyph order, which this font
# derives from the character map), and fpdf2 subsets the font in place when it writes the file. So each style
# is parsed once into a prototype, and each document gets its own font object: the metrics fpdf2 reads are
# shared, and the tables the subsetter changes (character map, widths, glyph order) are fresh copies of the
# prototype's, made with plain dict and list copies (milliseconds, where a deep copy takes seconds). This leans
# on fpdf2 2.8.9's TTFFont; the tests build several documents in one process to cover it.

_FONT_LOCK = threading.Lock()
_FONT_CACHE: dict[str, Any] = {}
# Tables a document never uses (no vertical writing, no shaping): dropped before subsetting.
_UNUSED_TABLES = ("vhea", "vmtx", "BASE", "STAT", "GDEF", "GPOS", "GSUB")


def _font_prototypes():
    """``({style: TTFFont}, drawable code points)``, loaded once per process (again if the files change)."""
    missing = missing_font_files()
    if missing:
        raise FontsNotInstalled(fonts_missing_message(missing))
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths.values())
    with _FONT_LOCK:
        if _FONT_CACHE.get("key") != key:
            from fpdf import FPDF

            loader = FPDF()
            for style, path in paths.items():
                loader.add_font(FONT_FAMILY, style, str(path))
            prototypes = {style: loader.fonts[FONT_FAMILY + style] for style in paths}
            for font in prototypes.values():
                ttfont = font.ttfont
                ttfont.getGlyphOrder()
                # The Windows character maps are the ones a PDF font program needs.
                ttfont["cmap"].tables = [t for t in ttfont["cmap"].tables if t.platformID == 3]
                for table in ttfont["cmap"].tables:
                    table.ensureDecompiled()
                ttfont["hmtx"]  # decompiled on first access
                # fpdf2 read the outlines to check the font has a .notdef glyph; each document reads its own.
                ttfont.tables.pop("glyf", None)
            drawable = frozenset.intersection(*(frozenset(f.cmap) for f in prototypes.values()))
            _FONT_CACHE.clear()
            _FONT_CACHE.update(key=key, prototypes=prototypes, drawable=drawable)
        return _FONT_CACHE["prototypes"], _FONT_CACHE["drawable"]


def _fresh_ttfont(proto):
    """A font file object of the document's own, with the prototype's parsed tables copied in."""
    from fontTools import ttLib

    source = proto.ttfont
    ttfont = ttLib.TTFont(proto.ttffile, recalcTimestamp=False, lazy=True)
    for tag in _UNUSED_TABLES:
        if tag in ttfont:
            del ttfont[tag]
    ttfont.setGlyphOrder(list(source.getGlyphOrder()))
    cmap = copy.copy(source["cmap"])
    cmap.tables = []
    for subtable in source["cmap"].tables:
        subtable = copy.copy(subtable)
        if hasattr(subtable, "uvsDict"):
            subtable.uvsDict = {selector: list(pairs) for selector, pairs in subtable.uvsDict.items()}
        else:
            subtable.cmap = dict(subtable.cmap)
        cmap.tables.append(subtable)
    cmap.numSubTables = len(cmap.tables)
    hmtx = copy.copy(source["hmtx"])
    hmtx.metrics = dict(hmtx.metrics)
    ttfont.tables["cmap"] = cmap
    ttfont.tables["hmtx"] = hmtx
    return ttfont


def _attach_fonts(pdf, *, for_output: bool) -> list:
    """Give ``pdf`` its own copies of the fonts; with ``for_output`` each can be subset and written."""
    from fpdf.fonts import SubsetMap

    prototypes, _ = _font_prototypes()
    opened = []
    for proto in prototypes.values():
        font = copy.copy(proto)
        font.i = len(pdf.fonts) + 1
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font.desc = copy.copy(proto.desc)  # the writer gives it an object number and the font file
        if for_output:
            font.ttfont = _fresh_ttfont(proto)
            opened.append(font.ttfont)
        pdf.fonts[font.fontkey] = font
    return opened


def _drawable(value: Any, drawable: frozenset[int]) -> str:
    if value is None:
        return ""
    text = strip_control_characters(str(value)).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif unicodedata.category(char) == "Cf":
            continue  # invisible format characters: soft hyphen, zero-width joiners, bidi overrides
        elif ord(char) in drawable:
            out.append(char)
        elif unicodedata.category(char) in ("Mn", "Me"):
            continue  # a combining mark (an emoji variation selector) on a character already replaced
        else:
            out.append(MISSING_GLYPH)
    return "".join(out)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        from django.utils import timezone

        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _plain_number(value: Any) -> str:
    """A number as a chart writes it: whole numbers without decimals, thousands separated (1,250; 3.5)."""
    if isinstance(value, int) or (isinstance(value, float | Decimal) and value == int(value)):
        return f"{int(value):,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def cn_date(day) -> str:
    """A date as Chinese documents write it: 2026年7月8日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def money(amount) -> str:
    """An amount of yuan with two decimals and thousands separated: 125,000.00."""
    return f"{Decimal(amount):,.2f}"


def nice_scale(top: float, *, integers: bool = True, ticks: int = 5) -> tuple[float, float]:
    """``(step, end)`` of an axis from 0 that holds ``top``: a step of 1, 2 or 5 times a power of ten, at most
    ``ticks`` steps, ``end`` the first multiple of the step at or above ``top`` (1 for an all-zero chart)."""
    if top <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(top / ticks))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= ticks)
    if integers:
        step = max(1.0, float(math.ceil(step)))
    return float(step), float(math.ceil(top / step - 1e-9) * step)


# --- line breaking ---------------------------------------------------------------------------------------

# Not at the start of a line: closing brackets and quotes, and punctuation that follows a word.
NO_LINE_START = set("，。、；：？！）」』】》〉〕］｝”’…‥—～·・%％‰,.;:?!)]}>") | {"\u30fc", "\u3005"}
# Not at the end of a line: opening brackets and quotes.
NO_LINE_END = set("（「『【《〈〔［｛“‘([{<")
# A Latin word, a number with its separators (1,234.50  2025-03-01  10:30  ABC-12/3): kept on one line.
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
                   r"(?:[.,:/\-_'@&+#][0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)*")


def _units(line: str) -> list[str]:
    """The pieces a line may be broken between: each ideograph, each word, each space; punctuation glued to
    the piece it must not be separated from."""
    atoms, pos = [], 0
    while pos < len(line):
        match = _WORD.match(line, pos)
        if match:
            atoms.append(match.group())
            pos = match.end()
        else:
            atoms.append(line[pos])
            pos += 1
    units: list[str] = []
    carry = ""
    for atom in atoms:
        if atom in NO_LINE_END:
            carry += atom
        elif atom in NO_LINE_START and units and not carry and not units[-1].isspace():
            units[-1] += atom
        else:
            units.append(carry + atom)
            carry = ""
    if carry:
        units.append(carry)
    return units


def break_lines(text: str, width: float, measure: Callable[[str], float], *, first_indent: float = 0.0) -> list[str]:
    """``text`` (one paragraph, no line breaks) as lines no wider than ``width`` by ``measure``.

    The first line is ``first_indent`` narrower. Spaces at a break are dropped. A piece wider than a whole
    line (a long number, a URL) is broken between characters.
    """
    lines: list[str] = []
    current, used = "", 0.0

    def available():
        return width - (first_indent if not lines else 0.0)

    for unit in _units(text):
        unit_width = measure(unit)
        if used + unit_width <= available() + 1e-6:
            if current or not unit.isspace():
                current += unit
                used += unit_width
            continue
        if unit.isspace():
            lines.append(current.rstrip())
            current, used = "", 0.0
            continue
        if current:
            lines.append(current.rstrip())
            current, used = "", 0.0
        while measure(unit) > available() + 1e-6 and len(unit) > 1:
            cut = 1
            while cut < len(unit) and measure(unit[:cut + 1]) <= available() + 1e-6:
                cut += 1
            lines.append(unit[:cut])
            unit = unit[cut:]
        current, used = unit, measure(unit)
    if current or not lines:
        lines.append(current.rstrip())
    return lines


# --- the document ----------------------------------------------------------------------------------------


class Document:
    """A formal A4 document. Add blocks in reading order, then call :meth:`to_bytes`.

    ``footer`` is printed at the foot of every page with ``{page}`` and ``{pages}`` replaced by the page
    number and the page count (e.g. ``"第 {page} 页 共 {pages} 页"``, or a translated string).
    ``created`` is the creation date recorded in the file: pass the record's own date so that two builds of
    the same record are identical; without it, the current time.
    """

    def __init__(self, title: Any, *, subtitle: Any = "", footer: Any = "", created: datetime | date | None = None,
                 author: Any = "", subject: Any = ""):
        self.title = _as_text(title)
        self.subtitle = _as_text(subtitle)
        self.footer = _as_text(footer)
        self.author = _as_text(author)
        self.subject = _as_text(subject)
        self.created = created
        self._blocks: list[tuple[str, tuple, dict]] = []
        self._cover: dict | None = None

    # Blocks ------------------------------------------------------------------------------------------

    def cover(self, facts: Iterable[tuple[Any, Any]] = (), *, issuer: Any = "", note: Any = "") -> Document:
        """Put the title on a cover page of its own: ``issuer`` above it, the subtitle under it, ``facts`` (label,
        value pairs: to whom, the period, the date) in the lower half and ``note`` at the foot. The cover has no
        footer and is not counted in the page numbers. Whenever it is called, the cover is the first page."""
        self._cover = {"facts": [(_as_text(label), _as_text(value)) for label, value in facts],
                       "issuer": _as_text(issuer), "note": _as_text(note)}
        return self

    def key_figures(self, items: Iterable[tuple[Any, Any]], *, per_row: int = 4) -> Document:
        """The few numbers a reader should see first, each in a tile: ``(label, value)`` pairs, the value drawn
        large (pass it formatted: "3", "12,500 元", "80%"). ``per_row`` tiles to a row; a row is never split."""
        if per_row < 1:
            raise ValueError("per_row must be at least 1")
        self._blocks.append(("_key_figures", ([(_as_text(label), _as_text(value)) for label, value in items],),
                             {"per_row": per_row}))
        return self

    def bar_chart(self, categories: Sequence[Any], series: Sequence[tuple[Any, Sequence[Any]]], *,
                  caption: Any = "", value_format: Callable[[Any], str] | None = None,
                  integers: bool = True) -> Document:
        """A horizontal bar chart: one group of bars per category, one bar per series (``(name, values)``, a
        value per category; ``None`` is drawn as "—", not as zero). A legend names the series when there are
        several. ``value_format`` writes a value (and the axis ticks); ``integers`` keeps the ticks whole.
        Negative values are not drawn (counts and amounts only)."""
        names = [_as_text(c) for c in categories]
        if not names:
            raise ValueError("a chart needs at least one category")
        if not series or len(series) > len(CHART_COLOURS):
            raise ValueError(f"a chart has 1 to {len(CHART_COLOURS)} series")
        rows = []
        for name, values in series:
            values = list(values)
            if len(values) != len(names):
                raise ValueError(f"a series has {len(values)} values for {len(names)} categories")
            if any(v is not None and v < 0 for v in values):
                raise ValueError("a chart draws no negative value")
            rows.append((_as_text(name), values))
        self._blocks.append(("_bar_chart", (names, rows), {"caption": _as_text(caption), "integers": integers,
                                                          "value_format": value_format or _plain_number}))
        return self

    def heading(self, text: Any) -> Document:
        """A section heading (kept on the same page as what follows it)."""
        self._blocks.append(("_heading", (_as_text(text),), {}))
        return self

    def paragraph(self, text: Any, *, align: str = "justify", indent: bool = True) -> Document:
        """Free text: each line of ``text`` a paragraph, wrapped to the page. ``align`` is ``"justify"``,
        ``"left"``, ``"center"`` or ``"right"``; ``indent`` indents first lines by two characters."""
        if align not in ALIGNS:
            raise ValueError(f"align must be one of {', '.join(ALIGNS)}")
        self._blocks.append(("_paragraph", (_as_text(text),), {"align": align, "indent": indent}))
        return self

    def fields(self, pairs: Iterable[tuple[Any, Any]], *, columns: int = 1) -> Document:
        """Labelled values in a bordered grid, ``columns`` pairs to a row (1 or 2)."""
        if columns not in (1, 2):
            raise ValueError("columns must be 1 or 2")
        pairs = [(_as_text(label), _as_text(value)) for label, value in pairs]
        self._blocks.append(("_fields", (pairs,), {"columns": columns}))
        return self

    def table(self, columns: Sequence[Any], rows: Iterable[Sequence[Any]], *, widths: Sequence[float] | None = None,
              align: Sequence[str] | None = None) -> Document:
        """A table with a header row (repeated on each page). ``widths`` are relative column widths (equal by
        default); ``align`` one of ``"left"``, ``"center"``, ``"right"`` per column."""
        header = [_as_text(c) for c in columns]
        if widths is not None and (len(widths) != len(header) or any(w <= 0 for w in widths)):
            raise ValueError("widths needs one positive number per column")
        if align is not None and (len(align) != len(header) or any(a not in ALIGNS for a in align)):
            raise ValueError("align needs one of left/center/right per column")
        body = []
        for row in rows:
            cells = [_as_text(v) for v in row]
            if len(cells) != len(header):
                raise ValueError(f"a row has {len(cells)} cells for {len(header)} columns")
            body.append(cells)
        self._blocks.append(("_table", (header, body), {"widths": list(widths or [1] * len(header)),
                                                          "align": list(align or ["left"] * len(header))}))
        return self

    def signatures(self, labels: Sequence[Any], *, date_label: Any = None, per_row: int = 3) -> Document:
        """Signature lines side by side (``per_row`` to a row), each with a date line under it when
        ``date_label`` is given. Kept together on one page."""
        if per_row < 1:
            raise ValueError("per_row must be at least 1")
        self._blocks.append(("_signatures", ([_as_text(label) for label in labels],),
                             {"date_label": _as_text(date_label), "per_row": per_row}))
        return self

    def spacer(self, height: float = 5.0) -> Document:
        """Blank space, in millimetres."""
        self._blocks.append(("_spacer", (float(height),), {}))
        return self

    def page_break(self) -> Document:
        self._blocks.append(("_page_break", (), {}))
        return self

    # Output ------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The PDF file. Laid out twice: once to count the pages for the footer, once to write."""
        pages = _Layout(self, pages=None).run(for_output=False).pages - (1 if self._cover else 0)
        layout = _Layout(self, pages=pages)
        try:
            return layout.run(for_output=True).output()
        finally:
            layout.close()

    @property
    def creation_date(self) -> datetime:
        from django.utils import timezone

        created = self.created
        if created is None:
            return timezone.now()
        if not isinstance(created, datetime):
            created = datetime.combine(created, time.min)
        if timezone.is_naive(created):
            created = timezone.make_aware(created)
        return created


class _Layout:
    """One pass of laying out a :class:`Document` on an fpdf2 page sequence (we break pages ourselves)."""

    def __init__(self, document: Document, *, pages: int | None):
        self.doc = document
        self.total_pages = pages
        self.pdf = None
        self.opened: list = []

    def run(self, *, for_output: bool) -> _Layout:
        from fpdf import FPDF

        layout = self

        class _PDF(FPDF):
            def footer(self):
                layout._footer()

        self.pdf = pdf = _PDF(orientation="P", unit="mm", format="A4")
        self.opened = _attach_fonts(pdf, for_output=for_output)  # closed by close()
        _, self.drawable = _font_prototypes()
        pdf.alias_nb_pages(None)  # user text may hold "{nb}"; the footer gets the real count instead
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        pdf.c_margin = 0
        pdf.set_title(self._clean(self.doc.title))
        pdf.set_creator(CREATOR)
        pdf.set_lang("zh-CN")
        if self.doc.author:
            pdf.set_author(self._clean(self.doc.author))
        if self.doc.subject:
            pdf.set_subject(self._clean(self.doc.subject))
        pdf.set_creation_date(self.doc.creation_date)
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(*BORDER_GREY)
        pdf.set_line_width(0.2)
        pdf.add_page()
        if self.doc._cover is not None:
            self._cover_page(**self.doc._cover)
            self._new_page()
        else:
            self._title()
        blocks = self.doc._blocks
        for index, (method, args, kwargs) in enumerate(blocks):
            if method == "_heading":
                kwargs = {**kwargs, "following": self._opening(blocks[index + 1] if index + 1 < len(blocks) else None)}
            getattr(self, method)(*args, **kwargs)
        return self

    def _opening(self, block) -> float:
        """How much of ``block`` must stand on the page of the heading before it: a chart (all of it when it fits
        on a page), a row of tiles, a table's header and first row, else two lines of text."""
        body_line = BODY_SIZE * PT * BODY_LEADING
        if block is None:
            return 0.0
        method, args, kwargs = block
        if method == "_bar_chart":
            return self._chart_plan(*args, **kwargs)["keep"]
        if method == "_key_figures":
            return self._tile_rows(*args, kwargs["per_row"])[1][0][1] if args[0] else 0.0
        if method == "_table":
            return 2 * (TABLE_SIZE * PT * TABLE_LEADING + 2 * CELL_PAD_Y) + 2
        return 2 * body_line

    @property
    def pages(self) -> int:
        return self.pdf.pages_count

    @property
    def numbered_from(self) -> int:
        """The pdf page that is page 1 of the footer's numbering (the cover is not counted)."""
        return 2 if self.doc._cover is not None else 1

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def close(self):
        for ttfont in self.opened:
            ttfont.close()
        self.opened = []

    # Helpers -----------------------------------------------------------------------------------------

    def _clean(self, text: str) -> str:
        return _drawable(text, self.drawable)

    def _font(self, size: float, bold: bool = False):
        self.pdf.set_font(FONT_FAMILY, "B" if bold else "", size)

    def _measure(self, text: str) -> float:
        """Width of ``text`` in the current font, in mm: what fpdf2's ``get_string_width`` gives for text
        without shaping or extra spacing, at a fraction of its cost (line breaking measures every piece)."""
        pdf = self.pdf
        widths = pdf.current_font.cw
        return sum(widths[ord(c)] for c in text) * pdf.font_size_pt * 0.001 / pdf.k

    def _lines(self, text: str, width: float, *, first_indent: float = 0.0) -> list[str]:
        """Cleaned ``text`` broken into lines for the current font, paragraph by paragraph."""
        out: list[str] = []
        for part in self._clean(text).split("\n"):
            out.extend(break_lines(part, width, self._measure, first_indent=first_indent))
        return out

    def _room(self) -> float:
        return BOTTOM - self.pdf.get_y()

    def _at_page_top(self) -> bool:
        return self.pdf.get_y() <= MARGIN_TOP + 0.01

    def _new_page(self):
        self.pdf.add_page()
        self.pdf.set_y(MARGIN_TOP)

    def _ensure(self, height: float):
        if height > self._room() and not self._at_page_top():
            self._new_page()

    def _text_line(self, x: float, y: float, width: float, height: float, text: str, align: str = "L",
                   justify: bool = False):
        pdf = self.pdf
        spacing = 0.0
        if justify and len(text) > 1:
            slack = width - self._measure(text)
            spacing = slack / (len(text) - 1)
            # Spread a line only by a little: a line broken before a long word stays ragged.
            if spacing <= 0 or spacing > 0.25 * pdf.font_size:
                spacing = 0.0
        if spacing:
            pdf.set_char_spacing(spacing)
        pdf.set_xy(x, y)
        pdf.cell(width, height, text, align=align)
        if spacing:
            pdf.set_char_spacing(0)

    def _footer(self):
        pdf = self.pdf
        page = pdf.page_no() - self.numbered_from + 1
        if not self.doc.footer or page < 1:
            return
        text = self.doc.footer.replace("{page}", str(page))
        text = text.replace("{pages}", str(self.total_pages or page))
        self._font(FOOTER_SIZE)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(MARGIN_X, FOOTER_BASELINE - 4)
        pdf.cell(CONTENT_WIDTH, 5, self._clean(text).replace("\n", " "), align="C")
        pdf.set_text_color(0, 0, 0)

    # Blocks ------------------------------------------------------------------------------------------

    def _centered(self, text: str, size: float, *, bold: bool, leading: float):
        self._font(size, bold)
        height = size * PT * leading
        for line in self._lines(text, CONTENT_WIDTH):
            self._ensure(height)
            self._text_line(MARGIN_X, self.pdf.get_y(), CONTENT_WIDTH, height, line, align="C")
            self.pdf.set_y(self.pdf.get_y() + height)

    def _title(self):
        if self.doc.title:
            self._centered(self.doc.title, TITLE_SIZE, bold=True, leading=1.35)
        if self.doc.subtitle:
            self.pdf.set_y(self.pdf.get_y() + 1.5)
            self.pdf.set_text_color(*MUTED)
            self._centered(self.doc.subtitle, SUBTITLE_SIZE, bold=False, leading=1.5)
            self.pdf.set_text_color(0, 0, 0)
        if self.doc.title or self.doc.subtitle:
            self.pdf.set_y(self.pdf.get_y() + 5)

    def _cover_page(self, *, facts: list[tuple[str, str]], issuer: str, note: str):
        pdf = self.pdf
        pdf.set_fill_color(*ACCENT)
        pdf.rect(MARGIN_X, 38, CONTENT_WIDTH, 1.4, style="F")
        if issuer:
            pdf.set_y(48)
            pdf.set_text_color(*MUTED)
            self._centered(issuer, 13, bold=False, leading=1.5)
            pdf.set_text_color(0, 0, 0)
        pdf.set_y(92)
        self._centered(self.doc.title, 26, bold=True, leading=1.4)
        if self.doc.subtitle:
            pdf.set_y(pdf.get_y() + 4)
            self._centered(self.doc.subtitle, 15, bold=False, leading=1.5)
        if facts:
            self._cover_facts(facts, top=pdf.get_y() + 10, bottom=BOTTOM - 8 - self._note_height(note))
        if note:
            self._font(FOOTER_SIZE)
            height = FOOTER_SIZE * PT * 1.5
            lines = self._lines(note, CONTENT_WIDTH)
            pdf.set_y(BOTTOM - 6 - len(lines) * height)
            pdf.set_text_color(*MUTED)
            for text in lines:
                self._text_line(MARGIN_X, pdf.get_y(), CONTENT_WIDTH, height, text, align="C")
                pdf.set_y(pdf.get_y() + height)
            pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(*ACCENT)
        pdf.rect(MARGIN_X, BOTTOM, CONTENT_WIDTH, 0.8, style="F")

    def _note_height(self, note: str) -> float:
        if not note:
            return 0.0
        self._font(FOOTER_SIZE)
        return len(self._lines(note, CONTENT_WIDTH)) * FOOTER_SIZE * PT * 1.5

    def _cover_facts(self, facts: list[tuple[str, str]], *, top: float, bottom: float):
        """Label and value side by side, the values on rules, as printed report covers have them: in the lower
        half of the page, or higher and smaller when long values (a 150-character name) would not fit there."""
        pdf = self.pdf
        width = min(CONTENT_WIDTH, 125.0)
        x = MARGIN_X + (CONTENT_WIDTH - width) / 2
        size = BODY_SIZE + 1
        while True:
            self._font(size, bold=True)
            label_width = min(max(self._measure(self._clean(label)) for label, _ in facts) + 3, 45.0)
            line = size * PT * 1.6
            self._font(size)
            laid = [(label, self._lines(value, width - label_width - 2)) for label, value in facts]
            height = sum(len(lines) * line + 3.5 for _, lines in laid)
            if height <= bottom - top or size <= 8:
                break
            size -= 1
        y = max(top, min(168.0, bottom - height))
        for label, lines in laid:
            self._font(size, bold=True)
            self._text_line(x, y, label_width, line, self._clean(label), align="R")
            self._font(size)
            for i, text in enumerate(lines):
                self._text_line(x + label_width + 2, y + i * line, width - label_width - 2, line, text, align="C")
            y += len(lines) * line
            pdf.line(x + label_width + 2, y - 0.6, x + width, y - 0.6)
            y += 3.5
        pdf.set_y(y)

    def _heading(self, text: str, *, following: float = 0.0):
        height = HEADING_SIZE * PT * 1.5
        if not self._at_page_top():
            self.pdf.set_y(self.pdf.get_y() + 3)
        self._font(HEADING_SIZE, bold=True)
        lines = self._lines(text, CONTENT_WIDTH)
        # Kept with the beginning of what follows (``_opening``).
        self._ensure(height * len(lines) + following + 1.5)
        for line in lines:
            self._ensure(height)
            self._text_line(MARGIN_X, self.pdf.get_y(), CONTENT_WIDTH, height, line)
            self.pdf.set_y(self.pdf.get_y() + height)
        self.pdf.set_y(self.pdf.get_y() + 1.5)

    def _paragraph(self, text: str, *, align: str, indent: bool):
        self._font(BODY_SIZE)
        height = BODY_SIZE * PT * BODY_LEADING
        first_indent = 2 * self._measure("\u3000") if indent and align in ("justify", "left") else 0.0
        for part in self._clean(text).split("\n"):
            part = part.strip() if indent else part.rstrip()
            if not part:
                self.pdf.set_y(self.pdf.get_y() + height / 2)
                continue
            lines = break_lines(part, CONTENT_WIDTH, self._measure, first_indent=first_indent)
            for i, line in enumerate(lines):
                self._ensure(height)
                x = MARGIN_X + (first_indent if i == 0 else 0.0)
                width = CONTENT_WIDTH - (first_indent if i == 0 else 0.0)
                last = i == len(lines) - 1
                self._text_line(x, self.pdf.get_y(), width, height, line, align=ALIGNS[align] if align != "justify"
                                else "L", justify=align == "justify" and not last)
                self.pdf.set_y(self.pdf.get_y() + height)
            self.pdf.set_y(self.pdf.get_y() + 1.2)

    # Grids (fields and tables) -------------------------------------------------------------------------

    def _grid_row(self, cells: list[str], widths: list[float], *, aligns: list[str], bold: list[bool],
                  fills: list[tuple | None], header: Callable[[], None] | None = None):
        """One bordered row; moved to the next page when it does not fit, split when taller than a page."""
        line_height = TABLE_SIZE * PT * TABLE_LEADING
        wrapped = []
        for text, width, is_bold in zip(cells, widths, bold, strict=True):
            self._font(TABLE_SIZE, is_bold)
            wrapped.append(self._lines(text, width - 2 * CELL_PAD_X))
        full_page_lines = int((BOTTOM - MARGIN_TOP - 2 * CELL_PAD_Y - 12) // line_height)
        fresh = False  # on a page just begun for this row: no further page break helps, split instead
        while True:
            need = max(len(lines) for lines in wrapped)
            fits = int((self._room() - 2 * CELL_PAD_Y) // line_height)
            if need > fits and not fresh and (need <= full_page_lines or fits < 1):
                self._new_page()
                if header:
                    header()
                fresh = True
                continue
            if fits < 1:  # the header row alone filled the page
                self._new_page()
                continue
            take = min(need, fits)
            self._draw_row([lines[:take] for lines in wrapped], widths, take, line_height, aligns, bold, fills)
            wrapped = [lines[take:] for lines in wrapped]
            if not any(wrapped):
                return
            self._new_page()
            if header:
                header()
            fresh = True

    def _draw_row(self, wrapped, widths, count, line_height, aligns, bold, fills):
        pdf = self.pdf
        top = pdf.get_y()
        height = count * line_height + 2 * CELL_PAD_Y
        x = MARGIN_X
        for lines, width, align, is_bold, fill in zip(wrapped, widths, aligns, bold, fills, strict=True):
            if fill:
                pdf.set_fill_color(*fill)
                pdf.rect(x, top, width, height, style="DF")
            else:
                pdf.rect(x, top, width, height, style="D")
            self._font(TABLE_SIZE, is_bold)
            for i, line in enumerate(lines):
                self._text_line(x + CELL_PAD_X, top + CELL_PAD_Y + i * line_height, width - 2 * CELL_PAD_X,
                                line_height, line, align=ALIGNS[align])
            x += width
        pdf.set_y(top + height)

    def _fields(self, pairs: list[tuple[str, str]], *, columns: int):
        if not pairs:
            return
        pair_width = CONTENT_WIDTH / columns
        self._font(TABLE_SIZE, bold=True)
        longest = max(self._measure(self._clean(label)) for label, _ in pairs) + 2 * CELL_PAD_X + 0.5
        label_width = min(max(longest, 18.0), pair_width * 0.4)
        widths = [label_width, pair_width - label_width] * columns
        for start in range(0, len(pairs), columns):
            chunk = pairs[start:start + columns]
            chunk += [("", "")] * (columns - len(chunk))
            cells = [text for pair in chunk for text in pair]
            self._grid_row(cells, widths, aligns=["left"] * len(cells), bold=[i % 2 == 0 for i in range(len(cells))],
                           fills=[LABEL_FILL if i % 2 == 0 else None for i in range(len(cells))])
        self.pdf.set_y(self.pdf.get_y() + 3)

    def _table(self, header: list[str], body: list[list[str]], *, widths: list[float], align: list[str]):
        total = sum(widths)
        widths = [CONTENT_WIDTH * w / total for w in widths]

        def draw_header():
            self._grid_row(header, widths, aligns=["center"] * len(header), bold=[True] * len(header),
                           fills=[HEADER_FILL] * len(header))

        # The header never ends a page alone.
        self._ensure(2 * (TABLE_SIZE * PT * TABLE_LEADING + 2 * CELL_PAD_Y) + 2)
        draw_header()
        for row in body:
            self._grid_row(row, widths, aligns=align, bold=[False] * len(row), fills=[None] * len(row),
                           header=draw_header)
        self.pdf.set_y(self.pdf.get_y() + 3)

    def _signatures(self, labels: list[str], *, date_label: str, per_row: int):
        if not labels:
            return
        pdf = self.pdf
        per_row = min(per_row, len(labels))
        gap = 6.0
        width = (CONTENT_WIDTH + gap) / per_row - gap
        line_height = BODY_SIZE * PT * BODY_LEADING
        label_width = max(width - 12, width / 2)  # at least 12 mm of line to sign on
        self._font(BODY_SIZE)
        rows = []
        for start in range(0, len(labels), per_row):
            signers = [self._lines(label, label_width) for label in labels[start:start + per_row]]
            dates = [self._lines(date_label, label_width) if date_label else [] for _ in signers]
            rows.append((signers, dates, max(map(len, signers)) - 1, max(map(len, dates), default=1) - 1))
        heights = [12 + extra * line_height + ((10 + date_extra * line_height) if date_label else 0) + 6
                   for _, _, extra, date_extra in rows]
        self._ensure(8 + sum(heights))  # together, unless they would not fit on any page
        if not self._at_page_top():
            pdf.set_y(pdf.get_y() + 8)
        for (signers, dates, extra, date_extra), height in zip(rows, heights, strict=True):
            self._ensure(height)
            top = pdf.get_y()
            baseline = top + 8 + extra * line_height
            for i, (signer, date_lines) in enumerate(zip(signers, dates, strict=True)):
                x = MARGIN_X + i * (width + gap)
                self._ruled_line(x, baseline, width, signer, line_height)
                if date_lines:
                    self._ruled_line(x, baseline + 10 + date_extra * line_height, width, date_lines, line_height)
            pdf.set_y(top + height)

    def _ruled_line(self, x: float, baseline: float, width: float, lines: list[str], line_height: float):
        """The label's lines, the last one followed by a rule to the end of the block (to sign or write on)."""
        for i, line in enumerate(lines):
            y = baseline - (len(lines) - i) * line_height + 1.2
            self._text_line(x, y, width, line_height, line)
        used = self._measure(lines[-1]) if lines[-1] else 0.0
        self.pdf.line(x + used + (1.0 if used else 0.0), baseline, x + width, baseline)

    # Key figures and charts ---------------------------------------------------------------------------------

    def _tile_rows(self, items: list[tuple[str, str]], per_row: int) -> tuple[float, list]:
        """The tiles' width and, per row, the tiles' value and label lines and the row's height."""
        gap = 4.0
        per_row = min(per_row, len(items)) or 1
        width = (CONTENT_WIDTH + gap) / per_row - gap
        rows = []
        for start in range(0, len(items), per_row):
            laid = []
            for label, value in items[start:start + per_row]:
                self._font(TILE_VALUE_SIZE, bold=True)
                values = self._lines(value, width - 4)
                self._font(CHART_SIZE)
                laid.append((values, self._lines(label, width - 4)))
            tallest_value = max(len(v) for v, _ in laid) * TILE_VALUE_SIZE * PT * 1.3
            height = 4 + tallest_value + 1 + max(len(lb) for _, lb in laid) * CHART_SIZE * PT * 1.35 + 3
            rows.append((laid, height))
        return width, rows

    def _key_figures(self, items: list[tuple[str, str]], *, per_row: int):
        pdf = self.pdf
        gap = 4.0
        value_size, label_size = TILE_VALUE_SIZE, CHART_SIZE
        value_line, label_line = value_size * PT * 1.3, label_size * PT * 1.35
        width, rows = self._tile_rows(items, per_row)
        for laid, height in rows:
            self._ensure(height)
            top = pdf.get_y()
            for i, (values, labels) in enumerate(laid):
                x = MARGIN_X + i * (width + gap)
                pdf.set_fill_color(*TILE_FILL)
                pdf.set_draw_color(*GRID_GREY)
                pdf.rect(x, top, width, height, style="DF")
                pdf.set_fill_color(*ACCENT)
                pdf.rect(x, top, width, 0.9, style="F")
                y = top + 4
                self._font(value_size, bold=True)
                pdf.set_text_color(*ACCENT)
                for text in values:
                    self._text_line(x + 2, y, width - 4, value_line, text, align="C")
                    y += value_line
                y = top + 4 + max(len(v) for v, _ in laid) * value_line + 1
                self._font(label_size)
                pdf.set_text_color(*MUTED)
                for text in labels:
                    self._text_line(x + 2, y, width - 4, label_line, text, align="C")
                    y += label_line
            pdf.set_text_color(0, 0, 0)
            pdf.set_draw_color(*BORDER_GREY)
            pdf.set_y(top + height + gap)
        pdf.set_y(pdf.get_y() + 1)

    def _chart_plan(self, categories: list[str], series: list[tuple[str, list]], *, caption: str, integers: bool,
                    value_format: Callable[[Any], str]) -> dict:
        """What a chart needs laid out: its scale, its columns, each category's lines and height; ``keep`` is the
        height it must find on the page it starts on (all of it when it fits on a page)."""
        line = CHART_SIZE * PT * 1.3
        numbers = [float(v) for _, values in series for v in values if v is not None]
        step, end = nice_scale(max(numbers, default=0.0), integers=integers)
        texts = [[self._clean(value_format(v)) if v is not None else "—" for v in values] for _, values in series]
        self._font(CHART_VALUE_SIZE)
        value_width = max(self._measure(t) for row in texts for t in row) + 2.5
        self._font(CHART_SIZE)
        label_width = min(max(max(self._measure(self._clean(c)) for c in categories) + 1, 18.0), CONTENT_WIDTH * 0.32)
        bars = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
        groups = [(self._lines(c, label_width), i) for i, c in enumerate(categories)]
        heights = [max(bars, len(lines) * line) for lines, _ in groups]
        axis = line + 2.0
        head = (HEADING_SIZE * PT * 1.4 if caption else 0) + (line + 2.5 if len(series) > 1 else 0)
        whole = head + sum(heights) + GROUP_GAP * len(heights) + axis + 2
        # Kept whole when it fits on a page below a heading; a longer chart starts where it is and breaks.
        fits_a_page = whole <= BOTTOM - MARGIN_TOP - HEADING_ROOM
        return {"line": line, "step": step, "end": end, "texts": texts, "value_width": value_width,
                "label_width": label_width, "bars": bars, "groups": groups, "heights": heights, "axis": axis,
                "keep": whole if fits_a_page else head + heights[0] + GROUP_GAP + axis + 2}

    def _bar_chart(self, categories: list[str], series: list[tuple[str, list]], *, caption: str, integers: bool,
                   value_format: Callable[[Any], str]):
        pdf = self.pdf
        plan = self._chart_plan(categories, series, caption=caption, integers=integers, value_format=value_format)
        line, step, end, texts, bars, axis = (plan[k] for k in ("line", "step", "end", "texts", "bars", "axis"))
        value_width, label_width, groups, heights = (plan[k] for k in ("value_width", "label_width", "groups",
                                                                       "heights"))
        x0 = MARGIN_X + label_width + 2
        span = CONTENT_WIDTH - label_width - 2 - value_width
        # On a page of its own when it would fit there and not here; else begun here with its first category.
        self._ensure(plan["keep"])
        if caption:
            self._font(CHART_SIZE + 1, bold=True)
            for text in self._lines(caption, CONTENT_WIDTH):
                self._text_line(MARGIN_X, pdf.get_y(), CONTENT_WIDTH, line + 1, text)
                pdf.set_y(pdf.get_y() + line + 1)
            pdf.set_y(pdf.get_y() + 1)
        if len(series) > 1:
            self._legend([name for name, _ in series], line)
        # Which categories go on which page: a page's grid is drawn before its bars, so the bars lie over it.
        segments, y, start = [], pdf.get_y() + 1, pdf.get_y() + 1
        current: list[tuple[list[str], int, float]] = []
        for (lines, i), height in zip(groups, heights, strict=True):
            if current and y + height + GROUP_GAP + axis > BOTTOM:
                segments.append((start, y, current))
                current, y = [], MARGIN_TOP + 1
                start = y
            current.append((lines, i, height))
            y += height + GROUP_GAP
        segments.append((start, y, current))
        for number, (top, bottom, members) in enumerate(segments):
            if number:
                self._new_page()
            self._chart_axis(x0, span, top, bottom, step, end, value_format, line)
            y = top
            for lines, i, height in members:
                self._font(CHART_SIZE)
                label_top = y + (height - len(lines) * line) / 2
                for n, text in enumerate(lines):
                    self._text_line(MARGIN_X, label_top + n * line, label_width, line, text, align="R")
                bar_top = y + (height - bars) / 2
                for s_index, (_, values) in enumerate(series):
                    value = values[i]
                    by = bar_top + s_index * (BAR_HEIGHT + BAR_GAP)
                    length = span * float(value) / end if value else 0.0
                    if length > 0:
                        pdf.set_fill_color(*CHART_COLOURS[s_index])
                        pdf.rect(x0, by, length, BAR_HEIGHT, style="F")
                    self._font(CHART_VALUE_SIZE)
                    pdf.set_text_color(*MUTED)
                    self._text_line(x0 + length + 1, by - 0.3, value_width, BAR_HEIGHT + 0.6, texts[s_index][i])
                    pdf.set_text_color(0, 0, 0)
                y += height + GROUP_GAP
            pdf.set_y(bottom + axis + 3)

    def _legend(self, names: list[str], line: float):
        pdf = self.pdf
        self._font(CHART_SIZE)
        x, y = MARGIN_X, pdf.get_y()
        for s_index, name in enumerate(names):
            text = self._clean(name)
            width = 3.2 + 1.5 + self._measure(text) + 6
            if x + width > MARGIN_X + CONTENT_WIDTH and x > MARGIN_X:
                x, y = MARGIN_X, y + line + 1
            pdf.set_fill_color(*CHART_COLOURS[s_index])
            pdf.rect(x, y + (line - 3.2) / 2, 3.2, 3.2, style="F")
            self._text_line(x + 4.7, y, width - 4.7, line, text)
            x += width
        pdf.set_y(y + line + 1.5)

    def _chart_axis(self, x0: float, span: float, top: float, bottom: float, step: float, end: float,
                    value_format: Callable[[Any], str], line: float):
        """Grid lines at each step, the zero line, and the tick values under the bars of one page."""
        pdf = self.pdf
        ticks = round(end / step)
        pdf.set_line_width(0.1)
        pdf.set_draw_color(*GRID_GREY)
        self._font(CHART_VALUE_SIZE)
        pdf.set_text_color(*MUTED)
        for n in range(ticks + 1):
            x = x0 + span * n / ticks
            if n:
                pdf.line(x, top - 1, x, bottom - GROUP_GAP + 1)
            value = n * step
            label = self._clean(value_format(int(value) if value == int(value) else value))
            width = self._measure(label) + 2
            self._text_line(x - width / 2, bottom - GROUP_GAP + 1.5, width, line, label, align="C")
        pdf.set_text_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.set_draw_color(*BORDER_GREY)
        pdf.line(x0, top - 1, x0, bottom - GROUP_GAP + 1)
        pdf.set_line_width(0.2)

    def _spacer(self, height: float):
        if height >= self._room():
            self._new_page()
        else:
            self.pdf.set_y(self.pdf.get_y() + height)

    def _page_break(self):
        self._new_page()


# --- HTTP ------------------------------------------------------------------------------------------------


def pdf_response(document: Document | bytes, filename: str, *, inline: bool = False):
    """An HTTP response carrying the PDF (a :class:`Document` or its bytes). Not cached: documents name people."""
    from .downloads import download_response

    content = document.to_bytes() if isinstance(document, Document) else bytes(document)
    return download_response(content, filename, content_type="application/pdf", extension=".pdf", inline=inline)
