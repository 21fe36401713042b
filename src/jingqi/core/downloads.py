"""Files the platform hands to a browser (documents, workbooks, uploaded scans): one way to name them and to keep
them out of caches."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from .text import strip_control_characters

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_STEM = 120


def content_disposition(filename: str, *, extension: str = "", inline: bool = False) -> str:
    """A ``Content-Disposition`` value for ``filename`` that every browser reads and no name can break: an ASCII
    ``filename`` for old clients and the full UTF-8 name as ``filename*`` (RFC 6266 / RFC 5987).

    ``extension`` (".pdf", ".xlsx") is added when the name does not end with it; without it the name keeps its
    own extension (an uploaded scan's)."""
    name = _UNSAFE_NAME.sub("_", strip_control_characters(str(filename))).strip(" .")
    if extension and not name.lower().endswith(extension.lower()):
        name += extension
    stem, dot, suffix = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix):
        stem, suffix = name, ""
    stem = stem.strip(" .")[:MAX_STEM] or "download"
    suffix = f".{suffix}" if suffix else ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem).strip("._")
    if not re.search(r"[A-Za-z0-9]", ascii_stem):
        ascii_stem = "document"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_stem}{suffix}\"; filename*=UTF-8''{quote(stem + suffix, safe='')}"


def download_response(content: bytes, filename: str, *, content_type: str, extension: str = "",
                      inline: bool = False):
    """An HTTP response carrying a file, named by :func:`content_disposition`, never cached (documents name
    people and enterprises), never sniffed as another type."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, extension=extension, inline=inline)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
