"""The one upload guard: allowed types by content (not by name), size caps, and zip-bomb and macro checks."""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from dhr.core.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
_ZIP_MAX_ENTRIES = 2000
_ZIP_MAX_TOTAL = 200 * 1024 * 1024
_ZIP_MAX_RATIO = 100

# extension -> (content type served back, check on the bytes)
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "msg": "application/vnd.ms-outlook",
    "eml": "message/rfc822",
    "txt": "text/plain",
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


class UploadError(DomainError, ValueError):
    """The file is refused; the message says why, in words the user can act on."""


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the guard."""

    filename: str
    content_type: str
    data: bytes
    sha256: str


def safe_filename(name: str) -> str:
    """A display and download name with no path, control characters or surprises."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]+", "", name).strip(" .")
    return name[:150] or "file"


def _check_office_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception as exc:
        raise UploadError("The file is damaged or is not really a Word or Excel document") from exc
    if len(entries) > _ZIP_MAX_ENTRIES:
        raise UploadError("The document has too many parts to be safe to open")
    total = sum(entry.file_size for entry in entries)
    if total > _ZIP_MAX_TOTAL or any(
        entry.compress_size and entry.file_size / entry.compress_size > _ZIP_MAX_RATIO for entry in entries
    ):
        raise UploadError("The document expands to an unsafe size when opened")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise UploadError("The file is not a valid Word or Excel document")
    if any(name.lower().endswith("vbaproject.bin") or ".." in name or name.startswith("/") for name in names):
        raise UploadError("Documents with macros are not accepted. Save it as a .docx or .xlsx without macros")


# Excel on Windows saves "CSV (Comma delimited)" in Windows-1252 (a £, curly quotes, an en dash); UTF-8 is tried
# first, as a real UTF-8 file is almost never also Windows-1252 text that means something else.
TEXT_ENCODINGS = {"csv": ("utf-8-sig", "cp1252")}


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _check_content(extension: str, data: bytes) -> None:
    magic_ok = {
        "pdf": data.startswith(b"%PDF-"),
        "png": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": data.startswith(b"\xff\xd8\xff"),
        "jpeg": data.startswith(b"\xff\xd8\xff"),
        "msg": data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        "docx": data.startswith(b"PK\x03\x04"),
        "xlsx": data.startswith(b"PK\x03\x04"),
    }
    if extension in ("txt", "eml", "csv"):
        if not any(_decodes(data, encoding) for encoding in TEXT_ENCODINGS.get(extension, ("utf-8",))):
            raise UploadError("The text file must be saved as UTF-8")
        if b"\x00" in data:
            raise UploadError("The text file contains binary data")
        return
    if not magic_ok[extension]:
        raise UploadError(f"The file's contents are not a {extension.upper()} file")
    if extension in ("docx", "xlsx"):
        _check_office_zip(data)


def check_upload(filename: str, data: bytes) -> CheckedUpload:
    """Accept or refuse an upload; refusals raise UploadError with a GOV.UK-style message."""
    name = safe_filename(filename)
    if not data:
        raise UploadError("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise UploadError("The selected file must be smaller than 20MB")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise UploadError("The selected file must be a PDF, Word, Excel, CSV, email, text, PNG or JPEG file")
    _check_content(extension, data)
    return CheckedUpload(name, ALLOWED[extension], data, hashlib.sha256(data).hexdigest())
