"""Word document benchmarks: the combined chronology at 1,000, 10,000 and 50,000 rows.

Each measurement runs in a fresh process, so its peak RSS is its own:
- `fast`: the shipped builder (dhr.reports.docx: marking, title block, deep-copied template rows), from a context;
- `copy`: tech.md §3's deep copy of a template `<w:tr>` per row, kept in the lxml tree (the first version);
- `naive`: python-docx's documented idiom, `table.add_row().cells` and `cell.text`, on the same content;
- `docxtpl`: a `{%tr for %}` template rendered with autoescape (if docxtpl is installed: pip install -e .[bench]);
- `database`: the whole export from a SQLite review holding that many accepted rows: loading the rows,
  building, saving, and the publication leak scan of the finished file.

`.venv/bin/python bench/report_bench.py [--sizes 1000,10000,50000] [--skip naive,docxtpl,database]`.
Figures go in docs/performance.md.
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SENTENCE = (
    "officers attended the address after a call from a neighbour who reported shouting and a door being "
    "slammed the victim said that nothing had happened and declined to give a statement a DASH risk "
    "assessment was completed and graded standard"
)
WORDS = SENTENCE.split(" ")


def _rows(count: int) -> list[tuple[str, ...]]:
    """Realistic rows: about 40 words of event text and 15 of analysis, as in the tech research."""
    rows = []
    for n in range(count):
        event = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(40)).capitalize() + "."
        comment = " ".join(WORDS[(n * 3 + k) % len(WORDS)] for k in range(15)).capitalize() + "."
        rows.append(
            (
                f"{n % 28 + 1} March 20{15 + n % 10}",
                "Metropolitan Police Service",
                "Emergency response",
                f"CAD {1000 + n}",
                "Adult A, Adult B",
                "Call-out",
                event,
                "DASH completed: standard risk. Referral to the IDVA service offered.",
                comment,
                "1",
            )
        )
    return rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count_rows(data: bytes) -> int:
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return len(re.findall(rb"<w:tr[ >]", package.read("word/document.xml"))) - 1  # less the header row


def _context(count: int):
    from dhr.reports import context as c

    cover = c.Cover(
        "Westminster Community Safety Partnership",
        "Domestic Abuse Related Death Review",
        "Combined Chronology",
        "into the death of Adult A",
        "March 2026",
        "Chair",
        "Author",
        "as at 5 March 2026",
        "5 March 2026",
        "SWP-DARDR-2026-03",
    )
    rows = [c.ChronologyRow(row) for row in _rows(count)]
    return c.ChronologyContext(cover, c.Marking(True, "as at 5 March 2026"), rows)


def _fast(count: int) -> dict:
    from dhr.reports.docx import build, to_bytes

    context = _context(count)
    baseline = _peak_mb()
    start = time.perf_counter()
    document = build(context)
    built = time.perf_counter()
    data = to_bytes(document)
    saved = time.perf_counter()
    return {"build": built - start, "save": saved - built, "data": data, "baseline": baseline}


def _naive(count: int) -> dict:
    from dhr.reports.context import CHRONOLOGY_COLUMNS
    from dhr.reports.docx.layout import to_bytes
    from dhr.reports.docx.styles import new_document

    rows = _rows(count)
    baseline = _peak_mb()
    start = time.perf_counter()
    document = new_document(landscape=True)
    table = document.add_table(rows=1, cols=len(CHRONOLOGY_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, CHRONOLOGY_COLUMNS, strict=True):
        cell.text = title
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    built = time.perf_counter()
    data = to_bytes(document)
    saved = time.perf_counter()
    return {"build": built - start, "save": saved - built, "data": data, "baseline": baseline}


def _copy(count: int) -> dict:
    """tech.md §3's method: deep-copy a template <w:tr> per row and set its <w:t> texts, all in the lxml tree."""
    import copy

    from docx.oxml.ns import qn

    from dhr.reports.context import CHRONOLOGY_COLUMNS
    from dhr.reports.docx.layout import to_bytes
    from dhr.reports.docx.styles import new_document

    rows = _rows(count)
    baseline = _peak_mb()
    start = time.perf_counter()
    document = new_document(landscape=True)
    table = document.add_table(rows=1, cols=len(CHRONOLOGY_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, CHRONOLOGY_COLUMNS, strict=True):
        cell.text = title
    proto = table.add_row()
    for cell in proto.cells:
        cell.text = "x"
    tbl, template = table._tbl, proto._tr
    tbl.remove(template)
    for values in rows:
        tr = copy.deepcopy(template)
        for t, value in zip(tr.iter(qn("w:t")), values, strict=True):
            t.text = value
        tbl.append(tr)
    built = time.perf_counter()
    data = to_bytes(document)
    saved = time.perf_counter()
    return {"build": built - start, "save": saved - built, "data": data, "baseline": baseline}


def _docxtpl(count: int) -> dict:
    from docxtpl import DocxTemplate

    from dhr.reports.context import CHRONOLOGY_COLUMNS
    from dhr.reports.docx.layout import to_bytes
    from dhr.reports.docx.styles import new_document

    template = new_document(landscape=True)
    table = template.add_table(rows=4, cols=len(CHRONOLOGY_COLUMNS))
    table.style = "Table Grid"
    for j, title in enumerate(CHRONOLOGY_COLUMNS):
        table.rows[0].cells[j].text = title
        table.rows[2].cells[j].text = "{{ r[" + str(j) + "] }}"
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    source = io.BytesIO(to_bytes(template))
    rows = _rows(count)
    baseline = _peak_mb()
    start = time.perf_counter()
    document = DocxTemplate(source)
    document.render({"rows": rows}, autoescape=True)
    built = time.perf_counter()
    buffer = io.BytesIO()
    document.save(buffer)
    saved = time.perf_counter()
    return {"build": built - start, "save": saved - built, "data": buffer.getvalue(), "baseline": baseline}


def _database(count: int) -> dict:
    """The whole export from a review with `count` accepted rows in a throwaway SQLite database."""
    from datetime import date, timedelta

    from harness import seeded_app
    from sqlalchemy import insert, select

    from dhr.agencies.models import Agency
    from dhr.evidence.fuzzy_dates import Precision
    from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
    from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired
    from dhr.extensions import db
    from dhr.reports import publication
    from dhr.reports.context import chronology_context
    from dhr.reports.docx import build, to_bytes
    from dhr.reviews.models import Review

    app = seeded_app()
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference.like("%2026-05")))
        agency = db.session.scalar(select(Agency).where(Agency.code == "LAS"))
        involvement = AgencyInvolvement(
            review_id=review.id,
            agency_id=agency.id,
            contact_victim=Contact.YES,
            contact_perpetrator=Contact.YES,
            contact_children=Contact.NO,
            output=OutputRequired.CHRONOLOGY,
            status=EvidenceStatus.ACCEPTED,
            submission_version=1,
        )
        db.session.add(involvement)
        db.session.flush()
        start_day = date(2015, 1, 1)
        entries = [
            {
                "involvement_id": involvement.id,
                "review_id": review.id,
                "date_start": start_day + timedelta(days=n % 3000),
                "precision": Precision.EXACT,
                "service_team": row[2],
                "source_ref": row[3],
                "event_type": row[5],
                "details": row[6],
                "outcome": row[7],
                "comment": row[8],
                "fingerprint": f"{n:064d}",
            }
            for n, row in enumerate(_rows(count))
        ]
        for offset in range(0, len(entries), 5000):
            db.session.execute(insert(ChronologyEntry), entries[offset : offset + 5000])
        review_id = review.id
        db.session.commit()
        db.session.expunge_all()  # load the rows as an export would: nothing cached in the session
        review = db.session.get(Review, review_id)
        baseline = _peak_mb()
        start = time.perf_counter()
        context = chronology_context(review, version="publication")
        loaded = time.perf_counter()
        document = build(context)
        built = time.perf_counter()
        data = to_bytes(document)
        saved = time.perf_counter()
        found = publication.scan_document(data, publication.needles_for(review))
        scanned = time.perf_counter()
    return {
        "load": loaded - start,
        "build": built - loaded,
        "save": saved - built,
        "scan": scanned - saved,
        "findings": len(found),
        "data": data,
        "baseline": baseline,
    }


METHODS = {"fast": _fast, "copy": _copy, "naive": _naive, "docxtpl": _docxtpl, "database": _database}


def _one(method: str, count: int) -> None:
    """Run one measurement in this process and print it as JSON."""
    result = METHODS[method](count)
    data = result.pop("data")
    result.update(peak_mb=_peak_mb(), size_kb=len(data) / 1024, rows=_count_rows(data))
    print(json.dumps(result))


def _measure(method: str, count: int) -> dict | None:
    command = [sys.executable, __file__, "--one", method, str(count)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        print(f"  {method} {count:,}: failed\n{done.stderr[-2000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _docxtpl_installed() -> bool:
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--skip", default="", help="Comma-separated methods to leave out.")
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return
    skip = set(filter(None, args.skip.split(",")))
    if not _docxtpl_installed():
        print("docxtpl is not installed (pip install -e .[bench]): its column is left out")
        skip.add("docxtpl")
    methods = [m for m in METHODS if m not in skip]
    print("| Rows | Method | Build s | Save s | Total s | Peak RSS MB | .docx KB | Rows read back |")
    print("|---|---|---|---|---|---|---|---|")
    for count in (int(size) for size in args.sizes.split(",")):
        totals = {}
        for method in methods:
            result = _measure(method, count)
            if result is None:
                continue
            total = result["build"] + result["save"]
            if method == "database":
                total += result["load"]
                build = f"{result['load']:.2f} load + {result['build']:.2f}"
            else:
                build = f"{result['build']:.2f}"
            totals[method] = total
            print(
                f"| {count:,} | {method} | {build} | {result['save']:.2f} | {total:.2f} | {result['peak_mb']:.0f} "
                f"| {result['size_kb']:,.0f} | {result['rows']:,} |"
            )
            if method == "database":
                print(f"|  | ...publication leak scan of that file | {result['scan']:.2f} | | | | | |")
        if "fast" in totals:
            ratios = ", ".join(
                f"{m} {totals[m] / totals['fast']:.1f}x" for m in totals if m in ("copy", "naive", "docxtpl")
            )
            if ratios:
                print(f"|  | total time against fast: {ratios} | | | | | | |")


if __name__ == "__main__":
    main()
