"""Checks for uploaded files: size, and type by content (never by name or browser claim)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    name: str


OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = {
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet": (
        "application/vnd.oasis.opendocument.spreadsheet"
    ),
}


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        if not _modest_archive(upload):
            return None
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    # Read a few bytes, never a whole member: a crafted archive can inflate
                    # a small upload to gigabytes.
                    with archive.open("mimetype") as member:
                        found = ODF.get(member.read(100).strip())
                    if found:
                        return found
                if "[Content_Types].xml" in names:
                    for prefix, kind in OOXML.items():
                        if any(n.startswith(prefix) for n in names):
                            return kind
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


# An office document has tens to a few thousand parts; reading the directory of an archive
# with far more would cost memory in proportion (one object per entry).
MAX_ARCHIVE_ENTRIES = 5000
MAX_ARCHIVE_DIRECTORY = 2 * 1024 * 1024


def _modest_archive(upload) -> bool:
    """Read only the end of the archive: its entry count and directory size are modest.
    An archive too large to describe itself there (ZIP64) is no office document we take."""
    try:
        upload.seek(0, 2)
        size = upload.tell()
        tail_start = max(0, size - 22 - 65535)
        upload.seek(tail_start)
        tail = upload.read()
    finally:
        upload.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return False
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    return entries <= MAX_ARCHIVE_ENTRIES and directory <= MAX_ARCHIVE_DIRECTORY


def clean_name(name: str) -> str:
    """A file name safe to show and to offer as a download name (never used as a path)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    safe = "".join(c for c in base if c.isalnum() or c in " ._-()").strip(" .")
    return (safe or "bijlage")[:150]


def check_upload(upload) -> CheckedUpload:
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind = _sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This kind of file is not accepted. Upload a PDF, an image (PNG or JPEG), or an "
                "office document (Word, Excel, PowerPoint or OpenDocument)."
            )
        )
    return CheckedUpload(content_type=kind, size=upload.size, name=clean_name(upload.name))


EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    OOXML["word/"]: ".docx",
    OOXML["xl/"]: ".xlsx",
    OOXML["ppt/"]: ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


def download_name(name: str, content_type: str) -> str:
    """The name a download is offered under: the extension of the type found by content,
    whatever the uploaded name said (`rapport.exe` that is a PDF becomes `rapport.pdf`)."""
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'bijlage'}{extension}"


def download_response(stored) -> FileResponse:
    """Serve a stored upload as a download that no browser will render or sniff.

    `stored` has `file`, `original_name` and `content_type` (the checked type).
    """
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=download_name(stored.original_name, stored.content_type),
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
