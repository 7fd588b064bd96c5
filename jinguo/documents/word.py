""".docx in the GB/T 9704-2012 layout (python-docx), from the same geometry as the PDF.

Runs name the official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) as their East Asian
font: Word uses them where installed and substitutes where not. The section carries the standard's
character grid (22 lines of 28 characters), so Word sets the body on it.
"""

import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from jinguo.documents import layout
from jinguo.documents.content import Block, Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.formatting import chinese_date

RED = RGBColor.from_string(layout.RED.removeprefix("#"))
LINE = Pt(layout.LINE_PITCH_PT)
TWIPS_PER_PT = 20
# Word's character grid: the pitch is the default font size plus charSpace/4096 pt.
CHAR_SPACE = round((layout.CHAR_PITCH_PT - layout.HAO_3) * 4096)
# Schema order of the children of w:pPr after w:pBdr, and of w:tblPr: Word rejects other orders.
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    _set_up_section(document, section)
    _head(document, doc)
    _main_text(document, doc)
    for label, attachment in zip(doc.attachment_labels, doc.attachments, strict=True):
        label_paragraph = _line(document, label, layout.HEITI)
        label_paragraph.paragraph_format.page_break_before = True
        title = _line(document, "", layout.XIAOBIAOSONG, size=layout.HAO_2, align=WD_ALIGN_PARAGRAPH.CENTER)
        _title_runs(title, attachment.title)
        title.paragraph_format.space_before = LINE
        title.paragraph_format.space_after = LINE
        _blocks(document, attachment.blocks)
    if doc.has_imprint:
        _imprint(document, doc)
        # The body must end with a paragraph; a hairline one, so it never needs a page of its own.
        _line(document, "").paragraph_format.line_spacing = Pt(1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Page set-up -----------------------------------------------------------------------------------


def _set_up_section(document: DocxDocument, section: Section) -> None:
    section.page_width = Mm(layout.PAGE_WIDTH_MM)
    section.page_height = Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The footer's 4号 line is centred on the page-number dashes, 7 mm below the text block.
    number_centre_mm = layout.PAGE_HEIGHT_MM - layout.MARGIN_BOTTOM_MM + layout.PAGE_NUMBER_GAP_MM
    section.footer_distance = Mm(layout.PAGE_HEIGHT_MM - number_centre_mm - layout.pt_to_mm(layout.HAO_4) / 2)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(layout.LINE_PITCH_PT * TWIPS_PER_PT)))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    _default_style(document)
    _page_numbers(document, section)


def _default_style(document: DocxDocument) -> None:
    """3号 仿宋 on the grid by default. The document defaults carry the size too: Word reckons the
    character grid's pitch from the default font size."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run_defaults is not None:
        for tag in ("w:sz", "w:szCs"):
            size = run_defaults.find(qn(tag))
            if size is not None:
                size.set(qn("w:val"), str(round(layout.HAO_3 * 2)))  # half-points
        language = run_defaults.find(qn("w:lang"))
        if language is not None:
            language.set(qn("w:eastAsia"), "zh-CN")
    style = document.styles["Normal"]
    style.font.size = Pt(layout.HAO_3)
    _font_names(style.element.get_or_add_rPr(), layout.FANGSONG)
    paragraph = style.paragraph_format
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE
    paragraph.widow_control = False  # pages are filled to the 22nd line


def _page_numbers(document: DocxDocument, section: Section) -> None:
    """—1— in 4号 宋体: odd pages at the right, even pages at the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        form = paragraph.paragraph_format
        form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        form.line_spacing = Pt(layout.HAO_4)
        form.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            form.right_indent = Pt(layout.HAO_4)
        else:
            form.left_indent = Pt(layout.HAO_4)
        _styled(paragraph.add_run("—"), layout.SONGTI, layout.HAO_4)
        _page_field(paragraph)
        _styled(paragraph.add_run("—"), layout.SONGTI, layout.HAO_4)


def _page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field: Word puts in each page's number; "1" shows until it does."""
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _styled(paragraph.add_run(), layout.SONGTI, layout.HAO_4)._r.append(instruction)
    _field_char(paragraph, "separate")
    _styled(paragraph.add_run("1"), layout.SONGTI, layout.HAO_4)
    _field_char(paragraph, "end")


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    _styled(paragraph.add_run(), layout.SONGTI, layout.HAO_4)._r.append(char)


# --- Runs and lines --------------------------------------------------------------------------------


def _font_names(rpr, slot: layout.FontSlot) -> None:  # type: ignore[no-untyped-def]
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), slot.word_name)
    fonts.set(qn("w:hint"), "eastAsia")


def _styled(run: Run, slot: layout.FontSlot, size: float, *, red: bool = False) -> Run:
    run.font.size = Pt(size)
    run.font.name = slot.word_name
    _font_names(run._r.get_or_add_rPr(), slot)
    if red:
        run.font.color.rgb = RED
    return run


def _line(
    document: DocxDocument,
    text: str,
    slot: layout.FontSlot = layout.FANGSONG,
    *,
    size: float = layout.HAO_3,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    indent_chars: float = 0,
) -> DocxParagraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent_chars:
        _first_line_indent(paragraph, indent_chars)
    if text:
        _styled(paragraph.add_run(text), slot, size)
    return paragraph


def _first_line_indent(paragraph: DocxParagraph, chars: float) -> None:
    paragraph.paragraph_format.first_line_indent = Pt(chars * layout.CHAR_PITCH_PT)
    indent = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if indent is not None:  # in grid characters too, as Word writes 首行缩进 2 字符
        indent.set(qn("w:firstLineChars"), str(round(chars * 100)))


def _title_runs(paragraph: DocxParagraph, title: str) -> None:
    for number, line in enumerate(layout.title_lines(title)):
        run = _styled(paragraph.add_run(), layout.XIAOBIAOSONG, layout.HAO_2)
        if number:
            run.add_break()
        run.add_text(line)


# --- The head and the main text --------------------------------------------------------------------


def _head(document: DocxDocument, doc: OfficialDocument) -> None:
    mark_size = layout.issuer_mark_size(doc.issuer_mark)
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_before = Mm(layout.ISSUER_MARK_OFFSET_MM)
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact height would clip it
    _styled(mark.add_run(doc.issuer_mark), layout.XIAOBIAOSONG, mark_size, red=True)

    number = _line(document, doc.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.space_before = Pt(2 * layout.LINE_PITCH_PT)
    # The red rule: a bottom border, 4 mm under the number's characters (half a leading is in the line).
    below_text_pt = layout.mm_to_pt(layout.RULE_BELOW_NUMBER_MM) - (layout.LINE_PITCH_PT - layout.HAO_3) / 2
    _border(number, "bottom", layout.RED, layout.HEAD_RULE_MM, space_pt=below_text_pt)

    title = _line(document, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_before = Pt(2 * layout.LINE_PITCH_PT)
    _title_runs(title, doc.title)


def _border(paragraph: DocxParagraph, side: str, color: str, width_mm: float, *, space_pt: float = 0) -> None:
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(round(layout.mm_to_pt(width_mm) * 8)))  # eighths of a point
    edge.set(qn("w:space"), str(round(space_pt)))
    edge.set(qn("w:color"), color.removeprefix("#"))
    borders.append(edge)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def _main_text(document: DocxDocument, doc: OfficialDocument) -> None:
    if doc.addressees:
        addressees = _line(document, f"{doc.addressees}：")
        addressees.paragraph_format.space_before = LINE
    _blocks(document, doc.body)
    _attachment_notes(document, doc)
    _signature(document, doc)


def _blocks(document: DocxDocument, blocks: Iterable[Block]) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            paragraph = _line(document, block.text, layout.HEADING_SLOTS[block.level], indent_chars=2)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if block.text_after:
                _styled(paragraph.add_run(block.text_after), layout.FANGSONG, layout.HAO_3)
            else:
                paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            _table(document, block)
        else:
            assert isinstance(block, Paragraph)
            _line(document, block.text, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _table(document: DocxDocument, block: Table) -> DocxTable:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = Mm(layout.TEXT_WIDTH_MM)
    grid_columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for column, grid_column, share in zip(table.columns, grid_columns, block.relative_widths, strict=True):
        grid_column.set(qn("w:w"), str(_twips_mm(layout.TEXT_WIDTH_MM * share)))  # what LibreOffice reads
        for cell in column.cells:
            cell.width = int(width * share)  # what Word reads
    for index, name in enumerate(block.columns):
        _cell_text(table.cell(0, index), name, layout.HEITI, centered=True)
    for row_index, row in enumerate(block.rows, start=1):
        for index, text in enumerate(row):
            _cell_text(table.cell(row_index, index), text, layout.FANGSONG, centered=index in block.centered)
    return table


def _cell_text(cell: _Cell, text: str, slot: layout.FontSlot, *, centered: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for number, line in enumerate(text.splitlines() or [""]):
        run = _styled(paragraph.add_run(), slot, layout.HAO_4)
        if number:
            run.add_break()
        run.add_text(line)


def _attachment_notes(document: DocxDocument, doc: OfficialDocument) -> None:
    """附件：1.… two characters in; further names, and wrapped lines, under the first name's first character."""
    label_chars = 3.0  # 附件：
    number_chars = 1.0 if len(doc.attachments) > 1 else 0.0  # "1." in half-width characters
    for index, note in enumerate(doc.attachment_notes):
        paragraph = _line(document, ("附件：" if index == 0 else "") + note)
        form = paragraph.paragraph_format
        form.left_indent = Pt((2 + label_chars + number_chars) * layout.CHAR_PITCH_PT)
        hanging = number_chars + (label_chars if index == 0 else 0)
        form.first_line_indent = Pt(-hanging * layout.CHAR_PITCH_PT)
        if index == 0:
            form.space_before = LINE


def _signature(document: DocxDocument, doc: OfficialDocument) -> None:
    date_text = chinese_date(doc.signature_date)
    unit_right, date_right = layout.signature_indents(doc.signature_unit, date_text)
    unit = _line(document, doc.signature_unit, align=WD_ALIGN_PARAGRAPH.RIGHT)
    unit.paragraph_format.space_before = LINE
    unit.paragraph_format.right_indent = Pt(unit_right * layout.CHAR_PITCH_PT)
    unit.paragraph_format.keep_with_next = True
    date = _line(document, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(date_right * layout.CHAR_PITCH_PT)


# --- The imprint -----------------------------------------------------------------------------------


def _imprint(document: DocxDocument, doc: OfficialDocument) -> None:
    """抄送 and 印发 lines between rules, in a table floated to the foot of the last page's text block."""
    lines = 2 if doc.cc_line else 1
    table = document.add_table(rows=lines, cols=1)
    _float_to_text_block_foot(table)
    edges = {"top": layout.IMPRINT_THICK_RULE_MM, "bottom": layout.IMPRINT_THICK_RULE_MM}
    if lines == 2:
        edges["insideH"] = layout.IMPRINT_THIN_RULE_MM
    _table_borders(table, edges)
    one_char = Pt(layout.HAO_4)
    if doc.cc_line:
        paragraph = table.cell(0, 0).paragraphs[0]
        form = paragraph.paragraph_format
        form.left_indent = Pt(4 * layout.HAO_4)  # one character in, then 抄送： hangs
        form.first_line_indent = Pt(-3 * layout.HAO_4)
        form.right_indent = one_char
        _styled(paragraph.add_run(f"抄送：{doc.cc_line}"), layout.FANGSONG, layout.HAO_4)
    paragraph = table.cell(lines - 1, 0).paragraphs[0]
    form = paragraph.paragraph_format
    form.left_indent = form.right_indent = one_char
    stop = Mm(layout.TEXT_WIDTH_MM) - 2 * one_char
    form.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
    printed_on = f"{chinese_date(doc.printed_on)}印发" if doc.printed_on else ""
    _styled(paragraph.add_run(f"{doc.printed_by}\t{printed_on}"), layout.FANGSONG, layout.HAO_4)


def _table_property(table: DocxTable, tag: str) -> BaseOxmlElement:
    """A fresh child of the table's properties, in its schema place (replacing one of the same tag)."""
    properties = table._tbl.tblPr
    properties.remove_all(tag)
    return properties.insert_element_before(OxmlElement(tag), *TBLPR_ORDER[TBLPR_ORDER.index(tag) + 1 :])


def _float_to_text_block_foot(table: DocxTable) -> None:
    """Anchored to the bottom of the text block (the margin), whatever page its paragraph is on."""
    position = _table_property(table, "w:tblpPr")
    position.set(qn("w:vertAnchor"), "margin")
    position.set(qn("w:horzAnchor"), "margin")
    position.set(qn("w:tblpYSpec"), "bottom")
    position.set(qn("w:tblpX"), "0")
    width = _table_property(table, "w:tblW")
    width.set(qn("w:w"), str(_twips_mm(layout.TEXT_WIDTH_MM)))
    width.set(qn("w:type"), "dxa")
    margins = _table_property(table, "w:tblCellMar")  # the text's own indents measure from the rules' ends
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)


def _twips_mm(mm: float) -> int:
    return round(layout.mm_to_pt(mm) * TWIPS_PER_PT)


def _table_borders(table: DocxTable, edges: dict[str, float]) -> None:
    borders = _table_property(table, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        if side in edges:
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), str(round(layout.mm_to_pt(edges[side]) * 8)))
            edge.set(qn("w:color"), "000000")
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
