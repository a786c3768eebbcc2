"""The shared upload rules: type by content, refusals with their reasons, safe downloads."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from strongcities.core.uploads import (
    DOCUMENTS,
    IMAGES,
    SafeFileField,
    attachment_response,
    safe_filename,
    validate_upload,
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 40
WEBP = b"RIFF" + struct.pack("<I", 40) + b"WEBPVP8 " + b"\x00" * 40


def upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/main.xml" ContentType="{main_type}"/></Types>'
    ).encode()
    return zipped({"[Content_Types].xml": content_types, "main.xml": b"<doc/>", **(extra or {})})


def refusal(content: bytes, name: str = "file.pdf", allowed=DOCUMENTS) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(content, name), allowed)
    return caught.value


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (WEBP, "webp"),
        ("Une lettre du maire, été 2024.\nMerci.\n".encode(), "text"),
        (b"city,country,population\nTunis,TN,1056247\nAarhus,DK,285000\n", "csv"),
        (
            ooxml(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
            "docx",
        ),
        (
            ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            "xlsx",
        ),
        (
            ooxml(
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
            ),
            "pptx",
        ),
        (
            zipped(
                {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"}
            ),
            "odt",
        ),
    ],
)
def test_accepted_documents_are_recognised_by_content(content, kind):
    assert validate_upload(upload(content, "whatever.bin")).code == kind


def test_the_name_does_not_decide_the_type():
    assert validate_upload(upload(PDF, "letter.txt")).code == "pdf"


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "html",
            "Web pages (HTML) are not accepted.",
        ),
        (
            b"\n  <p>Hello <a href='x'>there</a></p>",
            "html",
            "Web pages (HTML) are not accepted.",
        ),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "svg",
            "SVG images are not accepted: they can contain scripts.",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "svg",
            "SVG images are not accepted: they can contain scripts.",
        ),
        (b'<?xml version="1.0"?><note><to>x</to></note>', "xml", "XML files are not accepted."),
        (b"#!/bin/sh\nrm -rf /\n", "script", "Scripts are not accepted."),
        (
            b"const x = document.cookie;\nfetch('/steal?' + x);\n",
            "script",
            "Scripts (JavaScript) are not accepted.",
        ),
        (b"<?php system($_GET['c']); ?>", "script", "Scripts are not accepted."),
        (
            b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100,
            "executable",
            "Programs (executable files) are not accepted.",
        ),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100,
            "executable",
            "Programs (executable files) are not accepted.",
        ),
        (
            b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 100,
            "executable",
            "Programs (executable files) are not accepted.",
        ),
        (
            zipped({"notes.txt": b"hello"}),
            "archive",
            "Archives (zip files) are not accepted: upload the document itself.",
        ),
        (b"", "empty", "The file is empty."),
        (
            b"\x00\x01\x02\x03\xfe\xfd" * 20,
            "unknown",
            "The type of this file could not be recognised.",
        ),
    ],
)
def test_unsafe_files_are_refused_with_their_reason(content, code, message):
    error = refusal(content)
    assert error.code == code
    assert error.messages == [message]


def test_html_renamed_pdf_is_refused():
    error = refusal(b"<html><head><title>Letter</title></head></html>", "letter.pdf")
    assert (error.code, error.messages) == ("html", ["Web pages (HTML) are not accepted."])


def test_zip_bomb_is_refused_by_its_ratio():
    bomb = zipped({"zeros.bin": b"\x00" * (5 * 1024 * 1024)})
    error = refusal(bomb, "report.docx")
    ratio = (5 * 1024 * 1024) // len(bomb)
    assert ratio > 100
    assert error.code == "zip-bomb"
    assert error.messages == [
        f"This file expands {ratio} times when unpacked, which is typical of a decompression "
        "bomb: it is refused."
    ]


def test_office_document_hiding_a_bomb_is_refused():
    bomb = ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        {"word/media/zeros.bin": b"\x00" * (2 * 1024 * 1024)},
    )
    assert refusal(bomb, "report.docx").code == "zip-bomb"


def test_archive_too_large_once_unpacked_is_refused(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1000
    content = zipped({"a.txt": bytes(range(256)) * 8})
    error = refusal(content)
    assert error.code == "zip-bomb"
    assert error.messages == [
        "Once unpacked this file would take 2.0\xa0KB, more than the 1000\xa0bytes allowed."
    ]


def test_macro_enabled_office_documents_are_refused():
    content = ooxml("application/vnd.ms-word.document.macroEnabled.main+xml")
    error = refusal(content, "report.docm")
    assert (error.code, error.messages) == (
        "macro",
        ["Office documents with macros are not accepted."],
    )


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    error = refusal(PDF + b"%" * (300 - len(PDF)))
    assert error.code == "too-large"
    assert error.messages == ["The file is too large (300\xa0bytes): the limit is 100\xa0bytes."]


def test_a_kind_outside_the_allowed_list_is_refused():
    error = refusal(PDF, allowed=IMAGES)
    assert error.code == "not-allowed"
    assert error.messages == ["PDF files are not accepted here. Accepted: JPEG, PNG, WebP."]


def test_safe_file_field_validates(settings):
    field = SafeFileField(allowed=IMAGES)
    assert field.clean(upload(PNG, "a.png")).detected_kind.code == "png"
    with pytest.raises(ValidationError) as caught:
        field.clean(upload(b"<svg/>", "a.png"))
    assert caught.value.messages == ["SVG images are not accepted: they can contain scripts."]


def test_safe_filename():
    assert safe_filename('../../etc/"pass;wd"', "pdf") == "passwd.pdf"
    assert safe_filename("lettre du maire.pdf", "pdf") == "lettre du maire.pdf"
    assert safe_filename("", "pdf") == "download.pdf"


def test_attachment_response_headers(tmp_path):
    path = tmp_path / "letter.bin"
    path.write_bytes(PDF)
    response = attachment_response(
        File(path.open("rb"), name="letter.bin"), "Lettre de Tunis — été"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Lettre%20de%20Tunis%20%E2%80%94%20%C3%A9t%C3%A9.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
