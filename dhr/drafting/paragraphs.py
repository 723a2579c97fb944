"""Paragraph splitting and automatic numbering: 1.1, 1.2, ... so comments and QA points can cite them."""

from dataclasses import dataclass

SUBHEADING = "### "


@dataclass(frozen=True)
class Paragraph:
    """One block of a section: a numbered paragraph, or a subheading (no number)."""

    number: str
    text: str
    heading: bool = False


def split(body: str) -> list[str]:
    """The section's blocks: text separated by blank lines, with line ends normalised."""
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks, current = [], []
    for line in body.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def number(section_number: str, body: str) -> list[Paragraph]:
    """Number each paragraph within its section; subheadings (lines starting '### ') are not numbered."""
    paragraphs, count = [], 0
    for block in split(body):
        if block.startswith(SUBHEADING):
            paragraphs.append(Paragraph("", block[len(SUBHEADING) :].strip(), heading=True))
            continue
        count += 1
        paragraphs.append(Paragraph(f"{section_number}.{count}" if section_number else "", block))
    return paragraphs
