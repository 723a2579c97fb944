"""Producing a document for download or the command line: build, scan a publication, name and audit it."""

import re
from dataclasses import dataclass

from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.privacy.reading import reading_as
from dhr.reports import gate, publication
from dhr.reports.context import DRAFT, KINDS, PSEUDONYMISED, PUBLICATION, ReportError, context_for
from dhr.reports.docx import build, to_bytes

TITLES = {
    "overview": "Overview Report",
    "executive-summary": "Executive Summary",
    "action-plan": "Action Plan",
    "chronology": "Combined Chronology",
}
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass(frozen=True)
class Export:
    """A finished document: its bytes and the name to save it under."""

    filename: str
    data: bytes
    kind: str
    version: str
    label: str
    real_names: bool


def file_label(kind: str, version_label: str) -> str:
    """The version part of a file name: 'v0.3', 'working' for unsaved text, or the date for a chronology."""
    if kind == "chronology":
        return london_today().isoformat()
    return version_label if version_label.startswith("v") else "working"


def filename(reference: str, kind: str, label: str, version: str = "", real_names: bool = False) -> str:
    """A predictable name: SWP-DARDR-2026-03_overview_v0.3_draft.docx (with _real-names when they are shown)."""
    parts = [reference, kind, label] + ([version] if version else []) + (["real-names"] if real_names else [])
    return "_".join(_UNSAFE.sub("-", part).strip("-") for part in parts) + ".docx"


def export(
    review, kind: str, *, version: str = DRAFT, real_names: bool = False, number=None, actor=None, via: str = "web"
) -> Export:
    """Build a document and audit it. A publication must pass the gate (publication agreed, no empty section:
    PublicationBlockedError); a preview or publication is pseudonymised and scanned, and a finding refuses it
    (PublicationRefusedError). A refusal is audited before it is raised, for the caller to commit."""
    if kind not in KINDS:
        raise ReportError(f"Unknown document {kind!r}: choose one of {', '.join(KINDS)}")
    context = context_for(review, kind, version=version, real_names=real_names, number=number)
    label = context.marking.version_label
    title = TITLES[kind]
    summary_names = ", real names" if real_names else ""
    if version == PUBLICATION:
        try:
            gate.check(review, context)
        except gate.PublicationBlockedError as blocked:
            _refused(
                review,
                actor,
                f"{title} {label}: publication refused, not yet ready ({via})",
                kind,
                label,
                via,
                blocked.reasons,
            )
            raise
    with reading_as(review, real_names=real_names and version not in PSEUDONYMISED):
        data = to_bytes(build(context))
    if version in PSEUDONYMISED:
        try:
            publication.check(data, publication.needles_for(review))
        except publication.PublicationRefusedError as refused:
            _refused(
                review,
                actor,
                f"{title} {label}: {version} refused, {len(refused.leaks)} identifying details found ({via})",
                kind,
                label,
                via,
                refused.messages,
            )
            raise
    done = Export(
        filename(review.reference, kind, file_label(kind, label), version, real_names),
        data,
        kind,
        version,
        label,
        real_names,
    )
    record(
        "report.exported",
        f"{review.reference} {title} {label} exported ({version}{summary_names}, {via})",
        actor=actor,
        obj=review,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={
            "kind": kind,
            "version": version,
            "label": label,
            "real_names": real_names,
            "via": via,
            "filename": done.filename,
            "bytes": len(data),
        },
    )
    return done


def _refused(review, actor, what: str, kind: str, label: str, via: str, findings: list[str]) -> None:
    record(
        "report.publication_refused",
        f"{review.reference} {what}",
        actor=actor,
        obj=review,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": kind, "label": label, "findings": findings[:50], "via": via},
    )


def export_paper(review, meeting, paper: str, *, actor=None, via: str = "web") -> Export:
    """A meeting's agenda or minutes as a Word document (always marked: panel papers are never published),
    named like SWP-DARDR-2026-03_first-panel-meeting-agenda_2026-05-11.docx, and audited."""
    from dhr.reports.papers import paper_context

    with reading_as(review):
        data = to_bytes(build(paper_context(review, meeting, paper)))
    slug = f"{meeting.kind.label.lower()}-{paper}"
    done = Export(
        filename(review.reference, slug, meeting.meeting_on.isoformat()),
        data,
        f"meeting-{paper}",
        DRAFT,
        meeting.title,
        False,
    )
    record(
        "report.exported",
        f"{review.reference} {meeting.title} {paper} exported ({via})",
        actor=actor,
        obj=meeting,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": f"meeting-{paper}", "meeting": meeting.id, "via": via, "filename": done.filename},
    )
    return done


def export_letter(review, letter, *, about: str = "", real_names: bool = False, actor=None, via: str = "web"):
    """A letter as a Word document, named like SWP-DARDR-2026-03_letter-scoping-MPS_2026-05-11.docx, audited."""
    with reading_as(review, real_names=real_names):
        data = to_bytes(build(letter))
    kind = f"letter-{letter.kind}" + (f"-{about}" if about else "")
    done = Export(
        filename(review.reference, kind, london_today().isoformat(), real_names=real_names),
        data,
        f"letter-{letter.kind}",
        DRAFT,
        letter.date,
        real_names,
    )
    names = ", real names" if real_names else ""
    record(
        "report.exported",
        f"{review.reference} letter ({letter.kind}{' ' + about if about else ''}) exported ({via}{names})",
        actor=actor,
        obj=review,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": f"letter-{letter.kind}", "about": about, "real_names": real_names, "filename": done.filename},
    )
    return done


def export_imr(review, involvement, version, *, actor=None, via: str = "web") -> Export:
    """One saved version of an agency's IMR as a Word document (always marked: IMRs are never published), named
    like SWP-DARDR-2026-03_imr-MPS_v2.docx, and audited."""
    from dhr.reports.imr import imr_document

    with reading_as(review):
        data = to_bytes(build(imr_document(review, involvement, version)))
    about = involvement.agency.code or f"agency-{involvement.agency_id}"
    label = f"v{version.number}"
    done = Export(filename(review.reference, f"imr-{about}", label), data, "imr", DRAFT, label, False)
    record(
        "report.exported",
        f"{review.reference} {involvement.agency.name} IMR {label} exported ({via})",
        actor=actor,
        obj=version,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": "imr", "involvement": involvement.id, "label": label, "via": via, "filename": done.filename},
    )
    return done
