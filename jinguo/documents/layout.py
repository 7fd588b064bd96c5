"""GB/T 9704-2012 page geometry, type sizes and font slots, shared by the PDF and .docx renderers."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from jinguo.documents.formatting import text_width

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_INCH * PT_PER_INCH


def pt_to_mm(points: float) -> float:
    return points / PT_PER_INCH * MM_PER_INCH


# Chinese type sizes (号) in points.
HAO_0 = 42.0  # 初号
HAO_2 = 22.0  # 2号: document title
HAO_3 = 16.0  # 3号: everything else by default
HAO_4 = 14.0  # 4号: imprint (版记) lines and page numbers

# A4, and the text block (版心) of 156 × 225 mm at 37 mm from the top and 28 mm from the left.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0
MARGIN_LEFT_MM = 28.0
TEXT_WIDTH_MM = 156.0
TEXT_HEIGHT_MM = 225.0
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

# 22 lines of 28 characters of 3号 fill the text block.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 225 mm / 22 = 28.99 pt; 28.95 pt is the fixed line spacing of the usual Word templates, and the
# spare 0.9 pt keeps rounding from pushing the 22nd line onto the next page.
LINE_PITCH_PT = 28.95
# 156 mm / 28 = 15.79 pt per character, so 3号 characters are set 0.21 pt tighter than their size.
CHAR_PITCH_PT = mm_to_pt(TEXT_WIDTH_MM) / CHARS_PER_LINE
# A hair under the exact pitch, so that 28 characters never wrap for rounding.
LETTER_SPACING_PT = round(CHAR_PITCH_PT - HAO_3 - 0.01, 3)

# The head (版头): the issuer mark's top edge 35 mm below the text block's top edge; the document
# number two blank lines below it; the red rule 4 mm under the number.
ISSUER_MARK_OFFSET_MM = 35.0
RULE_BELOW_NUMBER_MM = 4.0
HEAD_RULE_MM = 0.75
# The imprint (版记): thick outer rules, thin inner rules (recommended 0.35 mm and 0.25 mm).
IMPRINT_THICK_RULE_MM = 0.35
IMPRINT_THIN_RULE_MM = 0.25
# Page numbers: the dashes 7 mm below the text block, one character in from the outer edge.
PAGE_NUMBER_GAP_MM = 7.0

RED = "#E60012"  # the red of issuer marks and rules (C0 M100 Y100 K0 in print)


@dataclass(frozen=True)
class FontSlot:
    """A typeface role of the standard. `css_family` is aliased by the project fontconfig to whatever
    is installed; `word_name` is the official font's name, which Word substitutes where it is missing."""

    css_family: str
    word_name: str


XIAOBIAOSONG = FontSlot("JG XiaoBiaoSong", "方正小标宋简体")
FANGSONG = FontSlot("JG FangSong", "仿宋_GB2312")
KAITI = FontSlot("JG KaiTi", "楷体_GB2312")
HEITI = FontSlot("JG HeiTi", "黑体")
SONGTI = FontSlot("JG SongTi", "宋体")

# Structure levels of the body: 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋.
HEADING_SLOTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}


def issuer_mark_size(mark: str) -> float:
    """The issuer mark is set as large as 初号, and smaller when that would not fit on one line."""
    fit = math.floor(mm_to_pt(TEXT_WIDTH_MM) / max(text_width(mark), 1) * 100) / 100
    return min(HAO_0, fit)


def signature_indents(unit: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the issuing unit and the date of a document without a seal:
    the unit two characters in from the right and the date on the next line starting two characters
    further right; a date too long for that is set two in from the right and pushes the unit left."""
    unit_width, date_width = text_width(unit), text_width(date_text)
    if date_width <= unit_width - 2:
        return 2.0, unit_width - date_width
    return 4 + date_width - unit_width, 2.0


# Where a title may turn: after these marks, or before an opening one.
_BREAK_AFTER = "，、；：”’）》〕"
_BREAK_BEFORE = "“‘（《〔"


def title_lines(title: str, size_pt: float = HAO_2) -> list[str]:
    """A long title in lines of whole phrases, as even as can be (the standard's 梯形 or 菱形).

    Explicit line breaks are kept. Otherwise the title turns only at punctuation, so that no word is
    split; with no such place that fits, it is left to the renderer to wrap."""
    if "\n" in title:
        return title.splitlines()
    capacity = int(mm_to_pt(TEXT_WIDTH_MM) // size_pt)
    if text_width(title) <= capacity:
        return [title]
    breaks = [i for i in range(1, len(title)) if title[i - 1] in _BREAK_AFTER or title[i] in _BREAK_BEFORE]
    best: list[str] | None = None
    for count in (2, 3):
        for cut in _cuts(breaks, count - 1):
            lines = [title[start:end] for start, end in zip((0, *cut), (*cut, len(title)), strict=True)]
            widths = [text_width(line) for line in lines]
            if max(widths) <= capacity and (best is None or _spread(widths) < _spread(map(text_width, best))):
                best = lines
        if best:
            return best
    return [title]


def _cuts(breaks: list[int], count: int) -> list[tuple[int, ...]]:
    if count == 1:
        return [(b,) for b in breaks]
    return [(b, *rest) for i, b in enumerate(breaks) for rest in _cuts(breaks[i + 1 :], count - 1)]


def _spread(widths: Iterable[float]) -> float:
    values = list(widths)
    return max(values) - min(values)
