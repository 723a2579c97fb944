"""The user guide, docs/user-guide.md, cut into one page per role by its headings.

The file stays the one source: it is read when first asked for and again whenever it changes. A section (a level-2
heading and what follows) goes on the page of every role its heading names. A section whose heading names no role
is shared out by its level-3 headings instead, keeping its opening text on each page that gets one of them; one
that names no role anywhere goes on everyone's page, so nothing in the guide is left off every page.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, url_for
from markupsafe import Markup

from dhr.help.markdown import Block, Heading, Resolve, parse, plain, render
from dhr.help.roles import EVERYONE, ROLE_PAGES, slugs_named_in

GUIDE_FILE = "user-guide.md"


@dataclass
class Part:
    """A heading and the blocks under it, up to the next heading of its level or higher."""

    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    parts: list["Part"] = field(default_factory=list)

    @property
    def named(self) -> frozenset[str]:
        """The role pages this part's own heading names."""
        return slugs_named_in(plain(self.heading.text))

    def flat(self) -> list[Block]:
        """The heading, its text and every part under it, in order."""
        return [self.heading, *self.blocks, *(block for part in self.parts for block in part.flat())]


@dataclass(frozen=True)
class Guide:
    """The guide's opening text and each role page's blocks."""

    intro: list[Block]
    pages: dict[str, list[Block]]

    def page_with(self, anchor: str, preferred: str) -> str | None:
        """The page that has a heading with this anchor: the preferred one if it does, else the first."""
        holding = [slug for slug, blocks in self.pages.items() if any(_anchored(block, anchor) for block in blocks)]
        return preferred if preferred in holding else next(iter(holding), None)

    def contents(self, slug: str) -> list[tuple[str, str]]:
        """The page's sections as (anchor, words), for its contents list."""
        return [(b.anchor, plain(b.text)) for b in self.pages[slug] if isinstance(b, Heading) and b.level <= 2]

    def render(self, slug: str | None) -> Markup:
        """A role's page as HTML, or the opening text when slug is None."""
        blocks = self.intro if slug is None else self.pages[slug]
        return render(blocks, self._resolver(slug or EVERYONE))

    def _resolver(self, slug: str) -> Resolve:
        def resolve(href: str) -> str | None:
            address = urlsplit(href)
            if address.scheme in ("http", "https") and address.netloc:
                return href
            if address.scheme or address.netloc or address.query:
                return None
            # Only the guide itself becomes a help page; any other file of docs/ is not served, so its words stay.
            if address.path.removeprefix("./") not in ("", GUIDE_FILE):
                return None
            if not address.fragment:
                return url_for("help.index")
            page = self.page_with(address.fragment, slug)
            return None if page is None else f"{url_for('help.role', role_slug=page)}#{address.fragment}"

        return resolve


def _anchored(block: Block, anchor: str) -> bool:
    return isinstance(block, Heading) and block.anchor == anchor


def _outline(blocks: list[Block]) -> tuple[list[Block], list[Part]]:
    """The text before the first section (without the title), and the sections with their level-3 parts."""
    intro: list[Block] = []
    sections: list[Part] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 2:
            if block.level == 2 or sections:
                sections.append(Part(block))
        elif isinstance(block, Heading) and block.level == 3 and sections:
            sections[-1].parts.append(Part(block))
        elif sections:
            (sections[-1].parts[-1] if sections[-1].parts else sections[-1]).blocks.append(block)
        else:
            intro.append(block)
    return intro, sections


def _page(sections: list[Part], slug: str) -> list[Block]:
    blocks: list[Block] = []
    for section in sections:
        if slug in section.named or (slug == EVERYONE and not _names_anyone(section)):
            blocks += section.flat()
            continue
        chosen = [part for part in section.parts if slug in part.named]
        if chosen:
            shared = [part for part in section.parts if part in chosen or not part.named]
            blocks += [section.heading, *section.blocks, *(block for part in shared for block in part.flat())]
    return blocks


def _names_anyone(section: Part) -> bool:
    return bool(section.named or any(part.named for part in section.parts))


def read(source: str) -> Guide:
    """The guide from its Markdown."""
    intro, sections = _outline(parse(source))
    return Guide(intro, {page.slug: _page(sections, page.slug) for page in ROLE_PAGES})


@lru_cache(maxsize=2)
def _cached(path: str, modified: int) -> Guide:
    return read(Path(path).read_text(encoding="utf-8"))


def guide_path() -> Path:
    """Where the guide is: docs/ beside the application's package."""
    return Path(current_app.root_path).parent / "docs" / GUIDE_FILE


def current_guide() -> Guide:
    """The guide as the file now stands, read once per change in each process."""
    path = guide_path()
    return _cached(str(path), path.stat().st_mtime_ns)
