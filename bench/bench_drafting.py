"""Drafting benchmarks: a full-length Overview Report (every section, 40 paragraphs each, with tokens and citations,
and 200 comments): the document page, saving a section (with its leak scan), the readiness checker and a version
diff. `.venv/bin/python bench/bench_drafting.py`. Figures go in docs/performance.md.
"""

import time

from harness import median_p95, page_figures, seeded_app, signed_in, timed_ms
from sqlalchemy import select

from dhr.auth.models import User
from dhr.drafting import diff, services
from dhr.drafting.structure import OVERVIEW
from dhr.extensions import db
from dhr.readiness.checks import run_checks
from dhr.reviews.models import Review

PARAGRAPHS = 40
COMMENTS = 200


def _body(section: int, victim: int, entry: int, variant: str) -> str:
    return "\n\n".join(
        f"Paragraph {n} of section {section} ({variant}): [[person:{victim}]] was seen by an agency that recorded "
        f"the contact [[entry:{entry}]] and considered the risk of harm at the time, without sharing it further."
        for n in range(PARAGRAPHS)
    )


def main() -> None:
    app = seeded_app()
    with app.test_request_context():
        review = db.session.scalar(select(Review).where(Review.reference.like("%-2026-08")))
        chair = db.session.scalar(select(User).where(User.email == "chair@swp.example"))
        victim = review.victim.id
        entry = db.session.execute(
            db.text("SELECT id FROM chronology_entries WHERE review_id = :r LIMIT 1"), {"r": review.id}
        ).scalar()
        for n, spec in enumerate(OVERVIEW.sections):
            row = services.section_of(review, OVERVIEW, spec.key)
            body = _body(n, victim, entry, "first")
            services.save_section(
                review, OVERVIEW, spec, body=body, base_revision=row.revision if row else 0, actor=chair
            )
        for n in range(COMMENTS):
            spec = OVERVIEW.sections[n % len(OVERVIEW.sections)]
            services.add_comment(review, OVERVIEW, spec, paragraph="", body=f"Comment {n}", actor=chair)
        first = services.save_version(review, OVERVIEW, note="bench", actor=chair)
        db.session.commit()
        words = sum(len(text.split()) for text in first.sections.values())
        spec = OVERVIEW.section("analysis")
        body = _body(16, victim, entry, "second")

        def save():
            row = services.section_of(review, OVERVIEW, spec.key)
            services.save_section(
                review, OVERVIEW, spec, body=body + str(time.perf_counter()), base_revision=row.revision, actor=chair
            )
            db.session.commit()

        save_median, save_p95 = median_p95(timed_ms(save, 10))
        check_median, check_p95 = median_p95(timed_ms(lambda: run_checks(review), 10))
        second = {key: text.replace("first", "second") for key, text in first.sections.items()}
        diff_median, diff_p95 = median_p95(timed_ms(lambda: diff.compare(OVERVIEW, first.sections, second), 5))
        review_id = review.id
    client = signed_in(app, "chair@swp.example")
    page_median, page_p95, queries = page_figures(app, client, f"/reviews/{review_id}/report/overview", 10)
    sections = len(OVERVIEW.sections)
    print(
        f"Overview Report: {sections} sections, {sections * PARAGRAPHS} paragraphs, {words:,} words, "
        f"{COMMENTS} comments"
    )
    print(f"  document page: median {page_median:.0f} ms, p95 {page_p95:.0f} ms, {queries} queries")
    print(f"  save one section (token check + leak scan): median {save_median:.1f} ms, p95 {save_p95:.1f} ms")
    print(f"  readiness checker (8 rules, whole draft): median {check_median:.1f} ms, p95 {check_p95:.1f} ms")
    print(
        f"  diff of two versions (one word changed in every paragraph): median {diff_median:.0f} ms, "
        f"p95 {diff_p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
