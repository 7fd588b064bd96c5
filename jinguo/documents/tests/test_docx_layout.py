"""The .docx read back with python-docx: page set-up, the grid, the head, faces by run, footers."""

import io

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Length
from docx.text.paragraph import Paragraph

from jinguo.documents import layout
from jinguo.documents.tests.conftest import DOC_NUMBER, TITLE
from jinguo.documents.word import CHAR_SPACE


@pytest.fixture(scope="module")
def document(layout_docx) -> DocxDocument:  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(layout_docx))


def paragraph(document: DocxDocument, text: str, *, whole: bool = False) -> Paragraph:
    found = [p for p in document.paragraphs if (p.text == text if whole else p.text.startswith(text))]
    assert found, f"no paragraph starts with {text!r}"
    return found[0]


def east_asian_fonts(paragraph: Paragraph) -> list[str | None]:
    fonts = [run._r.rPr.rFonts if run._r.rPr is not None else None for run in paragraph.runs if run.text]
    return [font.get(qn("w:eastAsia")) if font is not None else None for font in fonts]


def properties(paragraph: Paragraph) -> CT_PPr:
    assert paragraph._p.pPr is not None
    return paragraph._p.pPr


def points(length: Length | None) -> float:
    assert length is not None
    return length.pt


def test_the_section_has_the_standard_page_and_grid(document):
    section = document.sections[0]

    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.05)
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert margins == pytest.approx((37, 35, 28, 26), abs=0.05)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert int(grid.get(qn("w:linePitch"))) == 579  # 28.95 pt: 22 lines in 225 mm
    assert int(grid.get(qn("w:charSpace"))) == CHAR_SPACE
    # Word's pitch is the default size plus charSpace/4096 pt: 28 characters fill 156 mm.
    normal = document.styles["Normal"]
    assert points(normal.font.size) == layout.HAO_3
    pitch = points(normal.font.size) + CHAR_SPACE / 4096
    assert 28 * pitch == pytest.approx(layout.mm_to_pt(156), abs=0.2)
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)


def test_the_head_has_the_red_mark_the_centred_number_and_the_red_rule(document):
    mark = paragraph(document, "泉州市妇女联合会文件")
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert mark.paragraph_format.space_before.mm == pytest.approx(35, abs=0.05)
    assert str(mark.runs[0].font.color.rgb) == "E60012"
    assert east_asian_fonts(mark) == ["方正小标宋简体"]

    number = paragraph(document, DOC_NUMBER)
    assert number.text == DOC_NUMBER
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_fonts(number) == ["仿宋_GB2312"]
    rule = properties(number).find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("single", "E60012")


def test_the_title_turns_at_punctuation_in_xiaobiaosong(document):
    title = paragraph(document, "泉州市妇联关于印发")
    assert title.text.replace("\n", "") == TITLE
    assert title.text.count("\n") == 2
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert set(east_asian_fonts(title)) == {"方正小标宋简体"}
    assert {points(run.font.size) for run in title.runs} == {layout.HAO_2}


@pytest.mark.parametrize(
    ("start", "fonts"),
    [
        ("各县（区、市）妇联", ["仿宋_GB2312"]),
        ("一、指导思想", ["黑体"]),
        ("（一）争“六好”", ["楷体_GB2312"]),
        ("1.好班子", ["仿宋_GB2312"]),
        ("（1）建设学习型领导班子。", ["仿宋_GB2312", "仿宋_GB2312"]),
        ("坚持以邓小平理论", ["仿宋_GB2312"]),
        ("附件1", ["黑体"]),
    ],
)
def test_runs_name_the_official_east_asian_fonts(document, start, fonts):
    assert east_asian_fonts(paragraph(document, start)) == fonts


def test_paragraphs_open_two_characters_in(document):
    body = paragraph(document, "坚持以邓小平理论")
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(2 * layout.CHAR_PITCH_PT, abs=0.05)
    assert properties(body).find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert paragraph(document, "各县").text.endswith("：")


def test_attachment_notes_signature_and_attachments(document):
    first, second = paragraph(document, "附件：1."), paragraph(document, "2.特色工作一览表")
    assert first.text == "附件：1.泉州市妇联系统“争六好、创特色”主题活动实施方案"
    # Both names start at the same indent; 附件：1. hangs before the first.
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    assert first.paragraph_format.first_line_indent.pt == pytest.approx(-4 * layout.CHAR_PITCH_PT, abs=0.05)

    unit, date = paragraph(document, "泉州市妇联", whole=True), paragraph(document, "2012年9月25日")
    assert (unit.alignment, date.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT)
    assert date.paragraph_format.right_indent.pt == pytest.approx(2 * layout.CHAR_PITCH_PT, abs=0.05)
    assert unit.paragraph_format.right_indent.pt == pytest.approx(5.5 * layout.CHAR_PITCH_PT, abs=0.05)

    labels = [p for p in document.paragraphs if p.text in ("附件1", "附件2")]
    assert [p.paragraph_format.page_break_before for p in labels] == [True, True]
    assert len(document.tables) == 2  # annex 2's table and the imprint
    assert [cell.text for cell in document.tables[0].rows[0].cells] == ["序号", "特色项目内容", "责任单位"]


def test_page_numbers_alternate_sides(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]

    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    assert odd.paragraph_format.right_indent.pt == even.paragraph_format.left_indent.pt == layout.HAO_4
    for footer in (odd, even):
        assert footer.text == "—1—"  # the PAGE field's cached value between the dashes
        assert "PAGE" in "".join(footer._p.itertext())
        assert {points(run.font.size) for run in footer.runs} == {layout.HAO_4}
        assert set(east_asian_fonts(footer)) == {"宋体"}


def test_the_imprint_floats_to_the_foot_of_the_text_block(document):
    imprint = document.tables[-1]
    position = imprint._tbl.tblPr.find(qn("w:tblpPr"))

    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    assert [row.cells[0].text for row in imprint.rows] == [
        "抄送：省妇联，市委常委、组织部部长周银芳，市人大常委会副主任洪泽生、市政府副市长周真平、市政协副主席苏小青。",
        "泉州市妇联办公室\t2012年9月26日印发",
    ]
    borders = imprint._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")}
    assert sizes == {"top": "8", "insideH": "6", "bottom": "8"}  # 0.35 mm, 0.25 mm, 0.35 mm in eighths of a point
