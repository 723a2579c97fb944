"""The small part of Markdown the user guide is written in, read into blocks and drawn with GOV.UK classes.

Headings, paragraphs, bullet and numbered lists (nested by indentation), bold, italic, inline code and links.
Anything else is text: every character of the source is escaped, and a link keeps its address only when the
caller's `resolve` gives one, so a document can never put markup or a script into a page.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# An address for a link's target, or None to show the link's words as plain text.
Resolve = Callable[[str], str | None]

HEADING_CLASSES = {1: "govuk-heading-l", 2: "govuk-heading-m"}
HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
)


@dataclass
class Heading:
    """A heading, with the anchor it is linked to by."""

    level: int
    text: str
    anchor: str = ""


@dataclass
class Paragraph:
    """Lines of text joined into one paragraph."""

    text: str


@dataclass
class Item:
    """One entry of a list, with any lists nested under it."""

    text: str
    lists: list["ListBlock"] = field(default_factory=list)


@dataclass
class ListBlock:
    """A bullet or numbered list."""

    ordered: bool
    indent: int
    items: list[Item] = field(default_factory=list)


Block = Heading | Paragraph | ListBlock


def plain(text: str) -> str:
    """The words of inline Markdown without its marks: a heading's text for its anchor, or a page's title."""
    return INLINE.sub(lambda m: m.group("code") or m.group("label") or m.group("bold") or m.group("italic"), text)


def anchor_for(text: str) -> str:
    """The anchor GitHub gives a heading (lower case, punctuation dropped, spaces as hyphens), so that a link to a
    section reads the same in the repository and in the app."""
    words = unicodedata.normalize("NFC", plain(text)).strip().lower()
    return "".join(c for c in words if c.isalnum() or c in " -_").replace(" ", "-")


def parse(source: str) -> list[Block]:
    """The document's blocks in order, each heading given an anchor unique in the document."""
    blocks: list[Block] = []
    lines: list[str] = []  # the paragraph being read
    open_lists: list[ListBlock] = []  # outermost first
    used: dict[str, int] = {}

    def close() -> None:
        if lines:
            blocks.append(Paragraph(" ".join(lines)))
            lines.clear()
        open_lists.clear()

    for raw in source.splitlines():
        line = raw.rstrip()
        if not line.strip():
            close()
            continue
        heading = HEADING.match(line)
        item = ITEM.match(line)
        # Within a paragraph, only "1." starts a numbered list: a wrapped line may begin with a year and a full stop.
        if item and lines and item.group(2)[0].isdigit() and int(item.group(2)[:-1]) != 1:
            item = None
        if heading:
            close()
            blocks.append(_heading(len(heading.group(1)), heading.group(2), used))
        elif item:
            if lines:
                close()
            _add_item(blocks, open_lists, len(item.group(1).expandtabs(4)), item.group(2), item.group(3).strip())
        elif open_lists:
            deepest = open_lists[-1].items[-1]
            deepest.text = f"{deepest.text} {line.strip()}"
        else:
            lines.append(line.strip())
    close()
    return blocks


def _heading(level: int, text: str, used: dict[str, int]) -> Heading:
    anchor = anchor_for(text)
    # GitHub's rule again: the second heading with the same words is "-1", the third "-2".
    if anchor in used:
        used[anchor] += 1
        anchor = f"{anchor}-{used[anchor]}"
    else:
        used[anchor] = 0
    return Heading(level, text, anchor)


def _add_item(blocks: list[Block], open_lists: list[ListBlock], indent: int, marker: str, text: str) -> None:
    ordered = marker[0].isdigit()
    while open_lists and indent < open_lists[-1].indent:
        open_lists.pop()
    if open_lists and indent == open_lists[-1].indent and open_lists[-1].ordered != ordered:
        open_lists.pop()
    if open_lists and indent == open_lists[-1].indent:
        open_lists[-1].items.append(Item(text))
        return
    new = ListBlock(ordered, indent, [Item(text)])
    if open_lists:
        open_lists[-1].items[-1].lists.append(new)
    else:
        blocks.append(new)
    open_lists.append(new)


def render(blocks: list[Block], resolve: Resolve) -> Markup:
    """The blocks as GOV.UK HTML."""
    return Markup("\n").join(_block(block, resolve) for block in blocks)


def _block(block: Block, resolve: Resolve) -> Markup:
    if isinstance(block, Heading):
        css = HEADING_CLASSES.get(block.level, "govuk-heading-s")
        return Markup('<h{0} class="{1}" id="{2}">{3}</h{0}>').format(
            block.level, css, block.anchor, inline(block.text, resolve)
        )
    if isinstance(block, Paragraph):
        return Markup('<p class="govuk-body">{}</p>').format(inline(block.text, resolve))
    return _list(block, resolve)


def _list(block: ListBlock, resolve: Resolve) -> Markup:
    tag, kind = ("ol", "number") if block.ordered else ("ul", "bullet")
    items = Markup("").join(
        Markup("<li>{}{}</li>").format(
            inline(item.text, resolve), Markup("").join(_list(sub, resolve) for sub in item.lists)
        )
        for item in block.items
    )
    return Markup('<{0} class="govuk-list govuk-list--{1}">{2}</{0}>').format(tag, kind, items)


def inline(text: str, resolve: Resolve) -> Markup:
    """One line of inline Markdown as HTML: everything escaped but the marks it understands."""
    out = Markup("")
    position = 0
    for match in INLINE.finditer(text):
        out += escape(text[position : match.start()])
        out += _mark(match, resolve)
        position = match.end()
    return out + escape(text[position:])


def _mark(match: re.Match[str], resolve: Resolve) -> Markup:
    if match.group("code") is not None:
        return Markup("<code>{}</code>").format(match.group("code"))
    if match.group("bold") is not None:
        return Markup("<strong>{}</strong>").format(inline(match.group("bold"), resolve))
    if match.group("italic") is not None:
        return Markup("<em>{}</em>").format(inline(match.group("italic"), resolve))
    label = inline(match.group("label"), resolve)
    target = resolve(match.group("href"))
    if target is None:
        return label
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(target, label)
