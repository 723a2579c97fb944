"""The columns a person confirmed for an upload, kept so a corrected copy of the same spreadsheet starts from them.

Rows that need fixing send the person back to their spreadsheet; the upload they come back with is a new batch. When
its column names are the ones they just matched, they should not have to match them again.
"""

from sqlalchemy import select

from dhr.evidence import importer
from dhr.evidence.models import ChronologyImport
from dhr.extensions import db
from dhr.files.guard import UploadError


def keep(batch: ChronologyImport, mapping: dict[str, str]) -> None:
    """Remember the columns confirmed for this upload when its rows were checked (field -> header text)."""
    batch.mapping = dict(mapping)
    db.session.flush()


def for_upload(batch: ChronologyImport, headers: list[str]) -> dict[str, str]:
    """The columns to start this upload from: those confirmed for it already, else those confirmed for the same
    agency request's last checked (and not imported) upload when it had exactly these column names; else none."""
    if batch.mapping:
        return _present(batch.mapping, headers)
    earlier = next((b for b in _earlier(batch) if b.imported_at is not None or b.mapping), None)
    if earlier is None or earlier.imported_at is not None:
        return {}  # an import since then: the agency's remembered columns take over
    try:
        their_headers = importer.read_headers(earlier.file.filename, earlier.file.data)
    except UploadError:
        return {}
    if {h for h in their_headers if h} != {h for h in headers if h}:
        return {}
    return _present(earlier.mapping, headers)


def _earlier(batch: ChronologyImport) -> list[ChronologyImport]:
    """The request's few uploads before this one, latest first (one uploaded by mistake is passed over)."""
    return list(
        db.session.scalars(
            select(ChronologyImport)
            .where(ChronologyImport.involvement_id == batch.involvement_id, ChronologyImport.id < batch.id)
            .order_by(ChronologyImport.id.desc())
            .limit(10)
        )
    )


def _present(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    return {key: header for key, header in mapping.items() if key in importer.FIELDS and header in headers}
