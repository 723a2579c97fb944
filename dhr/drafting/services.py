"""Saving sections with optimistic locking, comments, versions and the token context for rendering."""

from sqlalchemy import func, select

from dhr import privacy
from dhr.audit.services import record
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.drafting import paragraphs, tokens
from dhr.drafting.models import DraftSection, DraftVersion, SectionComment
from dhr.drafting.structure import DocumentSpec, SectionSpec
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db


class DraftError(DomainError):
    """The text cannot be saved as it is; each message says what to change."""

    def __init__(self, messages: list[str]):
        super().__init__(messages[0])
        self.messages = messages


class SectionConflictError(DomainError):
    """Someone saved the section after the editor opened it; `theirs` is what they saved."""

    def __init__(self, theirs: DraftSection | None):
        super().__init__("The section changed after you opened it")
        self.theirs = theirs


def sections_of(review, document: DocumentSpec) -> dict[str, DraftSection]:
    """The saved sections of one document, by key."""
    rows = db.session.scalars(
        select(DraftSection).where(DraftSection.review_id == review.id, DraftSection.document == document.slug)
    )
    return {row.section_key: row for row in rows}


def section_of(review, document: DocumentSpec, key: str) -> DraftSection | None:
    """One saved section, or None if nobody has saved it yet."""
    return sections_of(review, document).get(key)


def _entry_label(entry: ChronologyEntry, agency_code: str) -> str:
    return f"{entry.when.display()}, {agency_code}"


def token_context(review, texts=(), *, real_names: bool = False, entry_href=None) -> tokens.TokenContext:
    """What the tokens in `texts` point at: the review's people, cited chronology rows and lines of enquiry."""
    from dhr.drafting.record import lines_of_enquiry

    people = {p.id: tokens.PersonRef(p.pseudonym, p.real_name, p.role.label.lower()) for p in review.people}
    cited = {ref for text in texts for kind, ref in tokens.references(text) if kind == "entry"}
    entries = {}
    if cited:
        # Only rows of the combined chronology can be cited: entries of accepted submissions.
        rows = db.session.execute(
            select(ChronologyEntry, AgencyInvolvement.agency_id)
            .join(AgencyInvolvement, ChronologyEntry.involvement_id == AgencyInvolvement.id)
            .where(
                ChronologyEntry.review_id == review.id,
                ChronologyEntry.id.in_(cited),
                AgencyInvolvement.status == EvidenceStatus.ACCEPTED,
            )
        ).all()
        codes = _agency_codes({agency_id for _, agency_id in rows})
        entries = {entry.id: tokens.EntryRef(_entry_label(entry, codes[agency_id])) for entry, agency_id in rows}
    return tokens.TokenContext(
        people=people,
        entries=entries,
        lines_of_enquiry=dict(lines_of_enquiry(review)),
        real_names=real_names,
        entry_href=entry_href,
    )


def _agency_codes(ids: set[int]) -> dict[int, str]:
    from dhr.agencies.models import Agency

    if not ids:
        return {}
    return {a.id: a.code or a.name for a in db.session.scalars(select(Agency).where(Agency.id.in_(ids)))}


def problems_in(review, spec: SectionSpec, body: str) -> list[str]:
    """Why the text cannot be saved: tokens pointing nowhere, a date of birth or a family contact's name (a real
    name or alias is saved as its person's token instead, by the shield)."""
    from dhr.drafting.record import extra_names

    context = token_context(review, [body])
    messages = [
        # Written without its brackets: a message is printed like any text, and a person token in it would render.
        f"The token {token.strip('[]')} does not point at anything in this review: pick from the lists beside the text"
        for token in tokens.unknown(body, context)
    ]
    needles = _refused(privacy.needles_for(review.people, extra_names(review)))
    # Numbered as the page and the report number them, so a subheading does not shift the paragraph named.
    for index, paragraph in enumerate(paragraphs.number(spec.number, body), start=1):
        if paragraph.heading:
            where = f"The subheading '{paragraph.text[:60]}'"
        else:
            where = f"Paragraph {paragraph.number or f'block {index}'}"
        for leak in privacy.scan([(where, paragraph.text)], needles):
            messages.append(f"{leak.where} contains {leak.description}: use the person token or the pseudonym instead")
    return messages


def _refused(needles):
    from dhr.privacy.shield import REFUSED_KINDS

    return [needle for needle in needles if needle.kind in REFUSED_KINDS]


def leaks_in(review, texts: list[tuple[str, str]], *, names_too: bool = False) -> list[str]:
    """Messages for every date of birth or family contact's name in the (where, text) pairs, and every real name
    or alias too when `names_too` (text that is not saved, so is not tokenised)."""
    from dhr.drafting.record import extra_names

    needles = privacy.needles_for(review.people, extra_names(review))
    if not names_too:
        needles = _refused(needles)
    return [
        f"{leak.where} contains {leak.description}: use the pseudonym instead" for leak in privacy.scan(texts, needles)
    ]


def save_section(review, document: DocumentSpec, spec: SectionSpec, *, body: str, base_revision: int, actor):
    """Save a section if nobody else saved it since `base_revision`; refuse real names and stray tokens."""
    section = section_of(review, document, spec.key)
    current = section.revision if section else 0
    if base_revision != current:
        raise SectionConflictError(section)
    problems = problems_in(review, spec, body)
    if problems:
        raise DraftError(problems)
    if section is not None and section.body == body:
        return section
    if section is None:
        section = DraftSection(review_id=review.id, document=document.slug, section_key=spec.key)
        db.session.add(section)
    section.body = body
    section.updated_at, section.updated_by_id = clock.now(), actor.id
    db.session.flush()
    record(
        "draft.section_saved",
        f"{review.reference} {document.title}: '{spec.title}' saved",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={"document": document.slug, "section": spec.key, "revision": section.revision},
    )
    return section


def comments_for(review, document: DocumentSpec, key: str | None = None) -> list[SectionComment]:
    """Comments on the document (or one section), oldest first, with their authors loaded."""
    from sqlalchemy.orm import selectinload

    query = (
        select(SectionComment)
        .where(SectionComment.review_id == review.id, SectionComment.document == document.slug)
        .options(selectinload(SectionComment.author), selectinload(SectionComment.resolved_by))
        .order_by(SectionComment.id)
    )
    if key is not None:
        query = query.where(SectionComment.section_key == key)
    return list(db.session.scalars(query))


def add_comment(review, document: DocumentSpec, spec: SectionSpec, *, paragraph: str, body: str, actor):
    """Comment on a section; a cited paragraph must exist in it."""
    problems = leaks_in(review, [("The comment", body)])
    if problems:
        raise DraftError(problems)
    if paragraph:
        saved = section_of(review, document, spec.key)
        numbers = {p.number for p in paragraphs.number(spec.number, saved.body if saved else "")}
        if paragraph not in numbers:
            raise DraftError([f"There is no paragraph {paragraph} in this section"])
    comment = SectionComment(
        review_id=review.id,
        document=document.slug,
        section_key=spec.key,
        paragraph=paragraph,
        body=body,
        author_id=actor.id,
    )
    record(
        "draft.comment_added",
        f"{review.reference} {document.title}: comment on '{spec.title}'",
        actor=actor,
        added=comment,
        review_id=review.id,
        data={"document": document.slug, "section": spec.key, "paragraph": paragraph},
    )
    return comment


def resolve_comment(review, comment: SectionComment, *, resolution: str, actor) -> None:
    """Mark a comment resolved, saying how."""
    if comment.resolved:
        raise DraftError(["This comment has already been resolved"])
    problems = leaks_in(review, [("How it was resolved", resolution)])
    if problems:
        raise DraftError(problems)
    comment.resolved_at, comment.resolved_by_id, comment.resolution = clock.now(), actor.id, resolution
    db.session.flush()
    record(
        "draft.comment_resolved",
        f"{review.reference}: comment on '{comment.section_key}' resolved",
        actor=actor,
        obj=comment,
        review_id=review.id,
        data={"document": comment.document, "section": comment.section_key},
    )


def versions_of(review, document: DocumentSpec) -> list[DraftVersion]:
    """Saved versions of the document, newest first."""
    return list(
        db.session.scalars(
            select(DraftVersion)
            .where(DraftVersion.review_id == review.id, DraftVersion.document == document.slug)
            .order_by(DraftVersion.number.desc())
        )
    )


def save_version(review, document: DocumentSpec, *, note: str, actor) -> DraftVersion:
    """Snapshot every saved section as the next version: v0.1, v0.2, ..."""
    texts = {key: row.body for key, row in sections_of(review, document).items() if row.body.strip()}
    if not texts:
        raise DraftError(["Write at least one section before saving a version"])
    if document.slug == "overview":
        # Section 11 as it prints: the drafted text and the equality judgements, kept with the version.
        from dhr.drafting import equality

        judged = equality.with_judgements(texts.get(equality.SECTION_KEY, ""), review.id)
        if judged:
            texts[equality.SECTION_KEY] = judged
    # The register may have gained a name or date of birth since a section was saved: a version is checked afresh.
    problems = leaks_in(
        review,
        [("The note", note)]
        + [(f"'{document.section(key).title}'", body) for key, body in texts.items() if document.section(key)],
        names_too=True,
    )
    if problems:
        raise DraftError(problems)
    latest = db.session.scalar(
        select(func.max(DraftVersion.number)).where(
            DraftVersion.review_id == review.id, DraftVersion.document == document.slug
        )
    )
    version = DraftVersion(
        review_id=review.id,
        document=document.slug,
        number=(latest or 0) + 1,
        sections=texts,
        note=note,
        saved_by_id=actor.id,
    )
    record(
        "draft.version_saved",
        f"{review.reference} {document.title} {version.label} saved",
        actor=actor,
        added=version,
        review_id=review.id,
        data={"document": document.slug, "version": version.label},
    )
    return version


def latest_versions(review) -> str:
    """The latest saved version of each document, as a submission would list them: 'Overview Report v0.3; ...'."""
    from dhr.drafting.structure import DOCUMENTS

    labels = []
    for document in DOCUMENTS.values():
        versions = versions_of(review, document)
        if versions:
            labels.append(f"{document.title} {versions[0].label}")
    return "; ".join(labels)
