"""Keeping checked uploads and handing files back: one place for the StoredFile row, the refusal's audit event and
the audited download, whichever module the file belongs to."""

from flask import Response

from dhr.audit.services import record
from dhr.files.guard import CheckedUpload, UploadError, check_upload
from dhr.files.models import StoredFile


def stored_file(upload: CheckedUpload, *, partnership_id: int, actor) -> StoredFile:
    """A StoredFile row for an upload the guard has passed (added to the session by its owner's relationship)."""
    return StoredFile(
        partnership_id=partnership_id,
        filename=upload.filename,
        content_type=upload.content_type,
        size=len(upload.data),
        sha256=upload.sha256,
        data=upload.data,
        uploaded_by_id=actor.id,
    )


def check_uploaded(uploaded) -> CheckedUpload:
    """The request's file, checked by the guard; UploadError when none was chosen or it is refused."""
    if not uploaded or not uploaded.filename:
        raise UploadError("Select a file")
    return check_upload(uploaded.filename, uploaded.read())


def record_refusal(error: UploadError, *, actor, partnership_id: int, review_id: int | None = None) -> None:
    """Audit a refused upload (the caller commits, after rolling back the rest)."""
    record(
        "file.rejected",
        f"{actor.name}'s upload was refused: {error}",
        actor=actor,
        partnership_id=partnership_id,
        review_id=review_id,
    )


def download(data, filename: str, mimetype: str) -> Response:
    """Bytes or text as a file to save (never rendered inline), under the given name."""
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def attachment(stored: StoredFile, *, actor, about: str, partnership_id: int, review_id: int | None = None) -> Response:
    """The file as a download (never rendered inline), audited; the caller commits."""
    record(
        "file.downloaded",
        f"{actor.name} downloaded {stored.filename}{f' ({about})' if about else ''}",
        actor=actor,
        obj=stored,
        review_id=review_id,
        partnership_id=partnership_id,
    )
    return download(stored.data, stored.filename, stored.content_type)
