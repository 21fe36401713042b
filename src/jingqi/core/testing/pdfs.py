"""Reading back the PDFs the platform makes (core.pdf), for the tests: the text of each page, as a reader's PDF
viewer extracts it."""

import pypdfium2 as pdfium


def page_texts(data: bytes) -> list[str]:
    """The text of each page, in order (lines end with CR LF, as pdfium gives them)."""
    document = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def pdf_text(data: bytes) -> tuple[str, int]:
    """All the text with no white space at all (so that a line break never splits what a test looks for), and the
    number of pages."""
    texts = page_texts(data)
    return "".join("".join(texts).split()), len(texts)
