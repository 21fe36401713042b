"""File uploads: the type is sniffed from the content (never trusted from the name or the browser),
and the size is capped. Only kinds that a police office needs to exchange with enterprises pass."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ActionError

# Sniffed MIME type → the file name endings that may carry it.
ALLOWED = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
    "video/mp4": {".mp4"},
    # Office documents are ZIP containers; the ending tells which.
    "application/zip": {".docx", ".xlsx", ".pptx"},
}
OFFICE = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def check_upload(upload) -> str:
    """The content type to store for ``upload``, or an ActionError saying why it is refused."""
    limit = settings.JINGQI_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ActionError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, field="file")
    if upload.size == 0:
        raise ActionError(_("The file is empty."), field="file")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    suffix = PurePath(upload.name or "").suffix.lower()
    mime = kind.mime if kind else ""
    if mime not in ALLOWED or suffix not in ALLOWED[mime]:
        raise ActionError(_("This kind of file is not accepted: send a picture (JPEG, PNG, GIF, WebP), a PDF, an MP4 "
                            "video or an Office document whose content matches its name."), field="file")
    return OFFICE.get(suffix, mime)


def download(stored):
    """A stored upload (``file``, ``original_name``, ``content_type``) sent as a download: served through the
    caller's scope check, never from a public media URL, and never rendered in place by the browser."""
    from django.http import FileResponse

    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name,
                            content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
