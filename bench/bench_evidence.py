"""Evidence benchmarks: importing a 10,000-row XLSX (read, validate, import), and the combined chronology's first
page over 20,000 entries. `.venv/bin/python bench/bench_evidence.py`. Figures go in docs/performance.md.
"""

import io
import time
from datetime import date, timedelta

from harness import page_figures, seeded_app, signed_in
from openpyxl import Workbook
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.evidence import importer, services
from dhr.evidence.stages import Contact, OutputRequired
from dhr.extensions import db
from dhr.files.guard import check_upload
from dhr.reviews.models import Review


def _workbook(rows: int, offset: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Date of contact", "Time", "Organisation", "Source", "Type", "Summary", "Outcome"])
    start = date(2015, 1, 1)
    for n in range(rows):
        sheet.append(
            [
                (start + timedelta(days=(n + offset) % 3000)).strftime("%d/%m/%Y"),
                f"{n % 24:02d}:15",
                "Test service",
                f"REF-{offset + n}",
                "Contact",
                f"Event number {offset + n}: contact recorded",
                "No further action",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _involve(review, code, coordinator):
    agency = db.session.scalar(select(Agency).where(Agency.code == code))
    asked = {
        "contact_victim": Contact.YES,
        "contact_perpetrator": Contact.YES,
        "contact_children": Contact.NO,
        "records_secured_on": None,
        "output": OutputRequired.CHRONOLOGY,
        "exclusion_reason": "",
        "due_on": date.today() + timedelta(days=30),
    }
    existing = next((i for i in services._involvements(review) if i.agency_id == agency.id), None)
    if existing:
        # The demo seed may already ask this agency for an IMR; the benchmark measures the chronology alone.
        services.update_involvement(existing, actor=coordinator, **asked)
        return existing
    involvement = services.involve_agency(review, agency=agency, actor=coordinator, **asked)
    services.send_request(involvement, actor=coordinator)
    return involvement


def _import(involvement, data: bytes, actor) -> dict[str, float]:
    timings = {}
    start = time.perf_counter()
    table = importer.read_table("chronology.xlsx", data)
    timings["read"] = time.perf_counter() - start
    mapping = importer.suggest_mapping(table.headers)
    rows, errors = importer.validate(table, mapping, involvement.review.people)
    timings["validate"] = time.perf_counter() - start - timings["read"]
    assert not errors, errors[:3]
    batch = services.start_import(involvement, upload=check_upload("chronology.xlsx", data), actor=actor)
    services.import_rows(batch, rows, mapping=mapping, actor=actor)
    db.session.commit()
    timings["total"] = time.perf_counter() - start
    return timings


def main() -> None:
    app = seeded_app()
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@swp.example"))
        review = db.session.scalar(select(Review).where(Review.reference.like("%2026-05")))
        review_id = review.id
        police = _involve(review, "MPS", coordinator)
        police_agency_id = police.agency_id
        data = _workbook(10_000, 0)
        print(f"10,000-row XLSX: {len(data) / 1024:.0f} KB")
        timings = _import(police, data, coordinator)
        print(
            f"import 10,000 rows: read {timings['read']:.2f} s, validate {timings['validate']:.2f} s, "
            f"total with database writes {timings['total']:.2f} s"
        )
        from dhr.permissions import ReviewRole
        from dhr.reviews.services import add_member

        ambulance = db.session.scalar(select(Agency).where(Agency.code == "LAS"))
        paramedic = User(
            partnership_id=review.partnership_id,
            agency_id=ambulance.id,
            email="bench@las.example",
            name="Bench Contributor",
        )
        db.session.add(paramedic)
        db.session.flush()
        add_member(review, user=paramedic, role=ReviewRole.AGENCY_CONTRIBUTOR, agency=ambulance, actor=coordinator)
        health = _involve(review, "LAS", coordinator)
        _import(health, _workbook(10_000, 10_000), coordinator)
        for involvement in (police, health):
            services.submit(involvement, actor=coordinator)
            services.accept(involvement, actor=coordinator)
        db.session.commit()

    client = signed_in(app, "chair@swp.example")
    median, p95, queries = page_figures(app, client, f"/reviews/{review_id}/chronology", 15)
    print(
        f"combined chronology, first page of 20,000+ entries: median {median:.0f} ms, "
        f"p95 {p95:.0f} ms, {queries} queries"
    )
    _exports(app, client, review_id, police_agency_id)


def _exports(app, client, review_id: int, agency_id: int) -> None:
    """An export in the request at about the job threshold (one agency's 10,000 rows), then all 20,000+ as a job."""
    from dhr.exports import services as exports

    app.config["EXPORT_IN_REQUEST_ROWS"] = 10**9  # measure the request path itself
    for file_format in ("csv", "xlsx"):
        start = time.perf_counter()
        response = client.get(f"/reviews/{review_id}/chronology/export?format={file_format}&agency={agency_id}")
        assert response.status_code == 200
        print(f"in-request {file_format} export of one agency's 10,000+ rows: {time.perf_counter() - start:.2f} s")
    with app.app_context():
        chair = db.session.scalar(select(User).where(User.email == "chair@swp.example"))
        review = db.session.get(Review, review_id)
        for file_format in ("csv", "xlsx"):
            params = {"format": file_format, "real_names": False, "include_submitted": False, "args": {}}
            job = exports.start(review, "chronology", params, actor=chair)
            db.session.commit()
            start = time.perf_counter()
            rows = exports.build(job.id)["rows"]
            print(f"{file_format} export of {rows:,} rows as a job: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
