"""A fresh A4 document in the house style: Arial throughout, black headings, portrait or landscape sections."""

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
A4 = (Cm(21), Cm(29.7))
MARGIN = Cm(2.5)
# (style, size in points, bold): Home Office reports use Arial 12 for the text.
SIZES = (
    ("Normal", 12, False),
    ("Title", 26, True),
    ("Subtitle", 16, False),
    ("Heading 1", 14, True),
    ("Heading 2", 12, True),
    ("Heading 3", 12, True),
    ("TOC Heading", 14, True),
    ("Header", 10, False),
    ("Footer", 10, False),
)
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_font(rpr, name: str = FONT) -> None:
    """Name the font for every script and drop theme fonts, which Word would otherwise prefer (Calibri)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _style(document, name: str, size: int, bold: bool) -> None:
    style = document.styles[name]
    _set_font(style.element.get_or_add_rPr())
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    color = style.element.rPr.find(qn("w:color"))
    for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attribute), None)


def _plain_title(document) -> None:
    """The template's Title has a coloured rule under it: the house style has none."""
    ppr = document.styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _document_defaults(document) -> None:
    rpr_default = document.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        for rpr in rpr_default.iter(qn("w:rPr")):
            _set_font(rpr)


def page_setup(section, *, landscape: bool) -> None:
    """A4 in the given orientation, with the standard margins."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1)


def new_section(document, *, landscape: bool):
    """Start a new page in a new section of the given orientation; headers and footers carry on."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=landscape)
    return section


def usable_width(section) -> int:
    """The width between the margins, in EMU."""
    return section.page_width - section.left_margin - section.right_margin


def new_document(*, landscape: bool = False):
    """An empty A4 document with the house styles and fields set to update when Word opens it."""
    document = Document()
    _document_defaults(document)
    for name, size, bold in SIZES:
        _style(document, name, size, bold)
    _plain_title(document)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(8)
    normal.line_spacing = 1.15
    page_setup(document.sections[0], landscape=landscape)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    add_setting(document, update)
    return document


# Settings that come after w:updateFields in the schema's sequence: Word refuses a file whose order is wrong.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def add_setting(document, element, after: tuple[str, ...] = _AFTER_UPDATE_FIELDS) -> None:
    """Put a setting in its schema position: before the first present setting that must follow it."""
    settings = document.settings.element
    existing = settings.find(element.tag)
    if existing is not None:
        settings.remove(existing)
    following = {qn(f"w:{name}") for name in after}
    for child in settings:
        if child.tag in following:
            child.addprevious(element)
            return
    settings.append(element)


def remove_personal_information(document) -> None:
    """Ask Word to strip author names from comments and properties whenever the file is saved again."""
    settings = document.settings.element
    if settings.find(qn("w:removePersonalInformation")) is not None:
        return
    element = OxmlElement("w:removePersonalInformation")
    # Its place in the schema: after w:writeProtection, w:view and w:zoom, before everything else.
    leading = [child for child in settings if child.tag in {qn("w:writeProtection"), qn("w:view"), qn("w:zoom")}]
    if leading:
        leading[-1].addnext(element)
    else:
        settings.insert(0, element)
