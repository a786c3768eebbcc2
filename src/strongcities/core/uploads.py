"""The shared rules for uploaded files: type by content, size limits, no active content.

`validate_upload(file, allowed=DOCUMENTS)` decides what a file is from its bytes (never from its
name), refuses what may run in a browser or on a computer (HTML, SVG, XML, scripts, executables),
archives and zip bombs, and anything larger than settings.UPLOAD_MAX_BYTES. `attachment_response`
sends a stored file back as a download that no browser will render or sniff.
Uploaded files live under MEDIA_ROOT, outside the static root, and are never served directly.
"""

import csv
import re
import zipfile
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192
BOMB_RATIO = 100
MAX_ZIP_ENTRIES = 5000
MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    code: str
    mime: str
    extension: str
    label: str


KINDS = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "application/pdf", "pdf", "PDF"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word (DOCX)",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel (XLSX)",
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
            "PowerPoint (PPTX)",
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument (ODT)"),
        FileKind("png", "image/png", "png", "PNG"),
        FileKind("jpeg", "image/jpeg", "jpg", "JPEG"),
        FileKind("webp", "image/webp", "webp", "WebP"),
        FileKind("text", "text/plain; charset=utf-8", "txt", "Text"),
        FileKind("csv", "text/csv; charset=utf-8", "csv", "CSV"),
    )
}
IMAGES = frozenset({"png", "jpeg", "webp"})
DOCUMENTS = frozenset(KINDS)

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_TYPES = {"application/vnd.oasis.opendocument.text": "odt"}
MACRO_MARKERS = (b"macroEnabled", b"vbaProject")

EXECUTABLE_MAGIC = (
    b"\x7fELF",  # Linux, BSD
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, Java class
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OTHER_ARCHIVE_MAGIC = (
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x28\xb5\x2f\xfd",  # zstd
)
HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|meta|form|a\s|img\s|style)\b",
    re.IGNORECASE,
)
JS_LINE = re.compile(
    r"^\s*(?:(?:var|let|const)\s+[\w$]+\s*=|function\s*[\w$]*\s*\(|(?:import|export)\s+[\w{*]"
    r"|['\"]use strict['\"]|(?:document|window)\.[\w$]+|module\.exports|require\s*\(|\(function\b)",
    re.MULTILINE,
)
OTHER_SCRIPT_START = ("<?php", "<%", "@echo off")
TEXT_CONTROL_BYTES = frozenset(set(range(9)) | set(range(14, 32)) - {27})


class UploadRefusedError(ValidationError):
    """A refused upload; `code` says why (too-large, html, svg, xml, script, executable, ...)."""


def _refuse(message, code: str, **params) -> UploadRefusedError:
    return UploadRefusedError(message, code=code, params=params or None)


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def _inspect_zip(file, size: int) -> str:
    """The office format inside a zip, after refusing bombs, macros and plain archives."""
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            _("This file is a damaged archive and cannot be accepted."), "damaged"
        ) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(
            _("This file holds too many parts (%(count)s) to be accepted safely."),
            "zip-bomb",
            count=len(entries),
        )
    uncompressed = sum(entry.file_size for entry in entries)
    limit = getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", 10 * settings.UPLOAD_MAX_BYTES)
    if uncompressed > limit:
        raise _refuse(
            _("Once unpacked this file would take %(size)s, more than the %(limit)s allowed."),
            "zip-bomb",
            size=filesizeformat(uncompressed),
            limit=filesizeformat(limit),
        )
    if uncompressed > BOMB_RATIO * max(size, 1):
        raise _refuse(
            _(
                "This file expands %(ratio)s times when unpacked, which is typical of a "
                "decompression bomb: it is refused."
            ),
            "zip-bomb",
            ratio=uncompressed // max(size, 1),
        )
    names = {entry.filename: entry for entry in entries}
    try:
        kind = _office_kind(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise _refuse(
            _("This file is a damaged archive and cannot be accepted."), "damaged"
        ) from exc
    finally:
        file.seek(0)
    if kind is None:
        raise _refuse(
            _("Archives (zip files) are not accepted: upload the document itself."), "archive"
        )
    return kind


def _office_kind(archive: zipfile.ZipFile, names: dict) -> str | None:
    manifest = names.get("[Content_Types].xml")
    if manifest is not None and manifest.file_size <= MAX_MANIFEST_BYTES:
        content_types = archive.read(manifest)
        if any(marker in content_types for marker in MACRO_MARKERS) or any(
            name.lower().endswith("vbaproject.bin") for name in names
        ):
            raise _refuse(_("Office documents with macros are not accepted."), "macro")
        for main_type, kind in OOXML_MAIN_TYPES.items():
            if main_type.encode() in content_types:
                return kind
        return None
    mimetype = names.get("mimetype")
    if mimetype is not None and mimetype.file_size <= 200:
        return ODF_TYPES.get(archive.read(mimetype).decode("ascii", "replace").strip())
    return None


def _looks_like_text(head: bytes) -> bool:
    return not any(byte in TEXT_CONTROL_BYTES for byte in head)


def _sniff_text(head: bytes) -> str:
    """'text' or 'csv' for harmless text; refuses markup and scripts."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    lowered = text[:2048].lower()
    if lowered.startswith("#!"):
        raise _refuse(_("Scripts are not accepted."), "script")
    if lowered.startswith(OTHER_SCRIPT_START):
        raise _refuse(_("Scripts are not accepted."), "script")
    if "<svg" in lowered:
        raise _refuse(_("SVG images are not accepted: they can contain scripts."), "svg")
    if HTML_MARKERS.search(head):
        raise _refuse(_("Web pages (HTML) are not accepted."), "html")
    if lowered.startswith("<?xml") or re.match(r"<[a-z_][\w.:-]*[\s>/]", lowered):
        raise _refuse(_("XML files are not accepted."), "xml")
    lines = [line for line in text.splitlines() if line.strip()]
    js_lines = sum(1 for line in lines if JS_LINE.match(line))
    if js_lines >= 2 or (lines and JS_LINE.match(lines[0])):
        raise _refuse(_("Scripts (JavaScript) are not accepted."), "script")
    return "csv" if _is_csv(lines) else "text"


def _is_csv(lines: list[str]) -> bool:
    sample = lines[:20]
    if len(sample) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(sample), delimiters=",;\t")
    except csv.Error:
        return False
    widths = {len(row) for row in csv.reader(sample[:-1] or sample, dialect)}
    return len(widths) == 1 and widths.pop() > 1


def detect(file, size: int | None = None) -> str:
    """The kind of file (a code of KINDS), decided from its content; refuses unsafe files."""
    size = _file_size(file) if size is None else size
    head = _read_head(file)
    if not head:
        raise _refuse(_("The file is empty."), "empty")
    if head.startswith(EXECUTABLE_MAGIC) or (head.startswith(b"MZ") and b"\x00" in head[:64]):
        raise _refuse(_("Programs (executable files) are not accepted."), "executable")
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(file, size)
    if head.startswith(OTHER_ARCHIVE_MAGIC):
        raise _refuse(
            _("Archives (zip files) are not accepted: upload the document itself."), "archive"
        )
    guessed = filetype.guess(head)
    if guessed is not None:
        kind = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "webp": "webp"}.get(guessed.extension)
        if kind:
            return kind
        if guessed.extension in {"tar", "zip", "gz", "bz2", "7z", "rar", "xz", "cab", "ar"}:
            raise _refuse(
                _("Archives (zip files) are not accepted: upload the document itself."), "archive"
            )
        raise _refuse(
            _("Files of this type (%(type)s) are not accepted."), "type", type=guessed.mime
        )
    if _looks_like_text(head):
        return _sniff_text(head)
    raise _refuse(_("The type of this file could not be recognised."), "unknown")


def validate_upload(file, allowed=DOCUMENTS, max_bytes: int | None = None) -> FileKind:
    """Check an uploaded file; return its kind or raise a ValidationError saying why not."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    size = _file_size(file)
    if size > limit:
        raise _refuse(
            _("The file is too large (%(size)s): the limit is %(limit)s."),
            "too-large",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    kind = KINDS[detect(file, size)]
    if kind.code not in allowed:
        accepted = ", ".join(KINDS[code].label for code in sorted(allowed))
        raise _refuse(
            _("%(type)s files are not accepted here. Accepted: %(accepted)s."),
            "not-allowed",
            type=kind.label,
            accepted=accepted,
        )
    file.detected_kind = kind
    return kind


@deconstructible
class UploadValidator:
    """Form or model field validator running validate_upload with the allowed kinds."""

    def __init__(self, allowed=DOCUMENTS) -> None:
        self.allowed = frozenset(allowed)

    def __call__(self, file) -> None:
        validate_upload(file, self.allowed)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.allowed == self.allowed

    def __hash__(self) -> int:
        return hash(self.allowed)


class SafeFileField(forms.FileField):
    """A file field whose files pass validate_upload (type by content, size, no active content)."""

    def __init__(self, *args, allowed=DOCUMENTS, **kwargs) -> None:
        self.allowed = frozenset(allowed)
        kwargs.setdefault(
            "help_text",
            _("Up to %(limit)s.") % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial and hasattr(file, "read"):
            validate_upload(file, self.allowed)
        return file


def safe_filename(filename: str, extension: str = "") -> str:
    """A download name without paths, quotes or control characters, ending in `extension`."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>:|?*;').strip(" .")
    name = name[:150] or "download"
    if extension and not name.lower().endswith(f".{extension}"):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}.{extension}"
    return name


def attachment_response(file_field, filename: str) -> FileResponse:
    """Send a stored file as a download: detected type, no sniffing, no rendering, no caching."""
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    try:
        kind = KINDS[detect(handle)]
        mime, extension = kind.mime, kind.extension
    except ValidationError:
        mime, extension = "application/octet-stream", ""
    handle.seek(0)
    response = FileResponse(handle, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=safe_filename(filename, extension)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


class StoredFile(models.Model):
    """What an uploaded file keeps (practice attachments, event materials): the subclass adds
    `file`, a FileField with its own `upload_to`, and what the file belongs to."""

    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.title)
