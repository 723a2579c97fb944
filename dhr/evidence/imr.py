"""Individual Management Review: the sections (domain.md §3.5) and reading them from an uploaded Word document."""

import io
import re

from dhr.files.guard import CheckedUpload, UploadError

# key -> (heading, what goes in it, heading synonyms found in agencies' own templates)
SECTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "agency_details": (
        "Agency details and independence",
        (
            "The agency, the IMR author's name and role, and a statement of their independence from the case and "
            "from the staff involved"
        ),
        ("agency details", "author", "independence", "introduction"),
    ),
    "terms": (
        "Terms of reference and scope",
        "The scope period and the key lines of enquiry this IMR addresses",
        ("terms of reference", "scope", "lines of enquiry"),
    ),
    "methodology": (
        "Methodology",
        "Records examined, staff interviewed and policies considered",
        ("methodology", "method", "records examined"),
    ),
    "involvement": (
        "Summary of involvement",
        "The agency's involvement with the victim, the perpetrator and any children or family",
        ("summary of involvement", "involvement", "contact with"),
    ),
    "analysis": (
        "Analysis",
        (
            "Analysis of the involvement against each line of enquiry: risk assessment, referrals, information "
            "sharing, policy, equality and diversity, professional curiosity"
        ),
        ("analysis",),
    ),
    "good_practice": ("Good practice", "Good practice identified", ("good practice",)),
    "lessons": ("Lessons learned", "What the agency has learned", ("lessons", "learning")),
    "recommendations": (
        "Recommendations and action plan",
        "Single-agency recommendations and the actions that follow",
        ("recommendation", "action plan"),
    ),
}


def _section_for(heading: str) -> str | None:
    text = heading.lower()
    for key, (_, _, synonyms) in SECTIONS.items():
        if any(synonym in text for synonym in synonyms):
            return key
    return None


def read_docx_sections(upload: CheckedUpload) -> dict[str, str]:
    """Sections from a Word IMR, by its headings. Only called after the upload guard has passed the file."""
    from docx import Document

    try:
        document = Document(io.BytesIO(upload.data))
    except Exception as exc:  # any failure to open means "refuse it"
        raise UploadError("The file is not a readable Word document. Save it again as .docx and try again") from exc
    sections: dict[str, list[str]] = {}
    current = None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        is_heading = paragraph.style is not None and paragraph.style.name.lower().startswith(("heading", "title"))
        numbered = re.match(r"^\d+(\.\d+)*\.?\s+\S", text) and len(text) < 80
        if is_heading or numbered:
            found = _section_for(text)
            if found:
                current = found
                continue
        sections.setdefault(current or "involvement", []).append(text)
    return {key: "\n\n".join(parts) for key, parts in sections.items()}
