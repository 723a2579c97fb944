"""The exports a job can build, each read in chunks so that its progress can be shown as rows done of total."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from dhr.evidence import export
from dhr.evidence.models import ChronologyEntry
from dhr.evidence.queries import combined_query, in_time_order, with_sources
from dhr.exports.models import ExportJob
from dhr.extensions import db
from dhr.privacy.reading import reading_as

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Built:
    """A finished file."""

    content: bytes
    filename: str
    mimetype: str
    rows: int


def chronology(job: ExportJob, progress: Progress) -> Built:
    """The combined chronology as the person filtered it, as CSV or XLSX, with pseudonyms or real names."""
    review, params = job.review, job.params
    query, _ = combined_query(
        review, MultiDict(params.get("args", {})), may_include_submitted=params.get("include_submitted", False)
    )
    ids = list(db.session.scalars(in_time_order(query).with_only_columns(ChronologyEntry.id)))
    data: list[list[str]] = []
    progress(0, len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = {
            e.id: e
            for e in db.session.scalars(with_sources(select(ChronologyEntry).where(ChronologyEntry.id.in_(chunk))))
        }
        data.extend(export.rows([found[i] for i in chunk if i in found], real_names=params["real_names"]))
        progress(len(data), len(ids))
    with reading_as(review, real_names=params["real_names"]):
        if params["format"] == "csv":
            content, mimetype = export.to_csv(data), "text/csv"
        else:
            content, mimetype = export.to_xlsx(data, f"{review.reference} combined chronology"), XLSX
    return Built(content, f"{review.reference}-chronology.{params['format']}", mimetype, len(data))


BUILDERS: dict[str, Callable[[ExportJob, Progress], Built]] = {"chronology": chronology}
