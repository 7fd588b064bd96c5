"""Reading layout back from a rendered PDF: lines by baseline, positions in millimetres."""

import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pypdf import PdfReader

from jinguo.documents import layout
from jinguo.documents.formatting import text_width

PT_PER_MM = layout.mm_to_pt(1)
TEXT_TOP_MM = layout.MARGIN_TOP_MM
TEXT_BOTTOM_MM = layout.MARGIN_TOP_MM + layout.TEXT_HEIGHT_MM
TEXT_LEFT_MM = layout.MARGIN_LEFT_MM
TEXT_RIGHT_MM = layout.MARGIN_LEFT_MM + layout.TEXT_WIDTH_MM
# CJK faces draw ideographs in an em box from 0.12 em below the baseline to 0.88 em above it.
EM_ASCENT = 0.88
EM_DESCENT = 0.12


@dataclass
class Line:
    """The characters of one baseline, left to right; positions in mm from the page's top-left corner."""

    chars: list[dict[str, Any]]
    baseline: float

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars)

    @property
    def size(self) -> float:
        return float(self.chars[0]["size"])

    @property
    def left(self) -> float:
        return float(self.chars[0]["x0"]) / PT_PER_MM

    @property
    def right(self) -> float:
        return float(self.chars[-1]["x1"]) / PT_PER_MM

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def em_top(self) -> float:
        return self.baseline - EM_ASCENT * self.size / PT_PER_MM

    @property
    def em_bottom(self) -> float:
        return self.baseline + EM_DESCENT * self.size / PT_PER_MM

    @property
    def width_in_chars(self) -> float:
        return text_width(self.text)

    def font_of(self, text: str) -> str:
        """The font of the first character of `text` on this line, without its subset tag."""
        start = self.text.index(text)
        return str(self.chars[start]["fontname"]).split("+")[-1]

    @property
    def colour(self) -> tuple[float, ...]:
        return tuple(self.chars[0]["non_stroking_color"] or ())


def open_pdf(data: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data))


def lines(page: pdfplumber.page.Page, *, size: float | None = None) -> list[Line]:
    """Lines of the page (of characters of one size, if given), top to bottom."""
    by_baseline: dict[float, list[dict[str, Any]]] = defaultdict(list)
    for char in page.chars:
        if size is not None and abs(float(char["size"]) - size) > 0.1:
            continue
        baseline = (float(page.height) - float(char["matrix"][5])) / PT_PER_MM
        by_baseline[round(baseline, 1)].append(char)
    return [
        Line(sorted(chars, key=lambda char: float(char["x0"])), baseline)
        for baseline, chars in sorted(by_baseline.items())
    ]


def body_lines(page: pdfplumber.page.Page) -> list[Line]:
    return lines(page, size=layout.HAO_3)


def find_line(page: pdfplumber.page.Page, text: str, *, whole: bool = False) -> Line:
    """The first line containing `text` (or, `whole`, reading exactly `text`)."""
    found = [line for line in lines(page) if (line.text == text if whole else text in line.text)]
    assert found, f"{text!r} not on page {page.page_number}"
    return found[0]


def page_with(pdf: pdfplumber.PDF, text: str) -> pdfplumber.page.Page:
    for page in pdf.pages:
        if any(text in line.text for line in lines(page)):
            return page
    raise AssertionError(f"{text!r} is on no page")


@dataclass(frozen=True)
class Rule:
    """A filled rectangle (a rule or a border), in mm from the page's top-left corner."""

    left: float
    right: float
    top: float
    bottom: float
    colour: tuple[float, ...]

    @property
    def thickness(self) -> float:
        return self.bottom - self.top


def rules(page: pdfplumber.page.Page) -> list[Rule]:
    """The page's filled rectangles, top to bottom."""
    found = [
        Rule(
            float(rect["x0"]) / PT_PER_MM,
            float(rect["x1"]) / PT_PER_MM,
            float(rect["top"]) / PT_PER_MM,
            float(rect["bottom"]) / PT_PER_MM,
            tuple(rect.get("non_stroking_color") or ()),
        )
        for rect in page.rects
    ]
    return sorted(found, key=lambda rule: rule.top)


def fonts_without_embedded_file(data: bytes) -> list[str]:
    """Names of fonts in the PDF's page resources that carry no FontFile, FontFile2 or FontFile3."""
    missing: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font_ref in (fonts.get_object() if fonts else {}).values():
            font = font_ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants.get_object()[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def font_names(data: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font_ref in (fonts.get_object() if fonts else {}).values():
            names.add(str(font_ref.get_object().get("/BaseFont")).split("+")[-1])
    return names
