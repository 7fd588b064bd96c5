"""The PDF read back: GB/T 9704-2012 geometry measured from character positions and drawn rules."""

import subprocess
from dataclasses import replace

import pytest

from jinguo.documents import layout
from jinguo.documents.font_config import configure_fontconfig
from jinguo.documents.pdf import render_html
from jinguo.documents.tests.conftest import DOC_NUMBER, TITLE, layout_document
from jinguo.documents.tests.measure import (
    PT_PER_MM,
    TEXT_BOTTOM_MM,
    TEXT_LEFT_MM,
    TEXT_RIGHT_MM,
    TEXT_TOP_MM,
    body_lines,
    find_line,
    font_names,
    fonts_without_embedded_file,
    lines,
    open_pdf,
    page_with,
    rules,
)

LINE_PITCH_MM = layout.LINE_PITCH_PT / PT_PER_MM
CHAR_MM = layout.CHAR_PITCH_PT / PT_PER_MM
FOURTH_SIZE_MM = layout.HAO_4 / PT_PER_MM
TEXT_CENTRE_MM = TEXT_LEFT_MM + layout.TEXT_WIDTH_MM / 2
RED = (0.902, 0.0, 0.071)  # #E60012


def is_red(colour: tuple[float, ...]) -> bool:
    return len(colour) == 3 and all(abs(a - b) < 0.01 for a, b in zip(colour, RED, strict=True))


@pytest.fixture(scope="module")
def pdf(layout_pdf):  # type: ignore[no-untyped-def]
    with open_pdf(layout_pdf) as document:
        yield document


def slot_font(slot: layout.FontSlot) -> str:
    """The PDF font name of what the project fontconfig picks for a slot (Noto Serif CJK SC → Noto-Serif-CJK-SC)."""
    config = configure_fontconfig()
    family = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", slot.css_family],
        env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return family.replace(" ", "-")


def test_every_page_is_a4(pdf):
    assert len(pdf.pages) > 3
    for page in pdf.pages:
        assert float(page.width) == pytest.approx(595.3, abs=1)
        assert float(page.height) == pytest.approx(841.9, abs=1)


@pytest.mark.parametrize("page_number", [2, 3])
def test_a_full_page_holds_22_lines_of_28_characters_in_the_text_block(pdf, page_number):
    body = body_lines(pdf.pages[page_number - 1])

    assert len(body) == layout.LINES_PER_PAGE
    gaps = [after.baseline - before.baseline for before, after in zip(body, body[1:], strict=False)]
    assert gaps == pytest.approx([LINE_PITCH_MM] * 21, abs=0.1)
    # The first line sits in the first line of the text block, 37 mm down; the 22nd in the last.
    assert TEXT_TOP_MM <= body[0].em_top < body[0].em_bottom <= TEXT_TOP_MM + LINE_PITCH_MM
    assert TEXT_BOTTOM_MM - LINE_PITCH_MM <= body[-1].em_top < body[-1].em_bottom <= TEXT_BOTTOM_MM
    assert max(line.width_in_chars for line in body) == layout.CHARS_PER_LINE
    full = [line for line in body if line.width_in_chars == layout.CHARS_PER_LINE]
    assert len(full) > 10
    for line in full:  # 28 characters span the 156 mm from 28 mm in
        assert line.left == pytest.approx(TEXT_LEFT_MM, abs=0.05)
        assert line.right == pytest.approx(TEXT_RIGHT_MM, abs=0.3)


def test_paragraphs_open_two_characters_in(pdf):
    opening = find_line(pdf.pages[1], "坚持以邓小平理论")
    assert opening.left == pytest.approx(TEXT_LEFT_MM + 2 * CHAR_MM, abs=0.1)


def test_the_red_issuer_mark_stands_35_mm_below_the_top_of_the_text_block(pdf):
    mark = find_line(pdf.pages[0], "泉州市妇女联合会文件")

    assert mark.text == "泉州市妇女联合会文件"
    assert is_red(mark.colour)
    assert mark.size == pytest.approx(layout.HAO_0, abs=0.1)
    assert mark.centre == pytest.approx(TEXT_CENTRE_MM, abs=0.3)
    assert mark.em_top == pytest.approx(TEXT_TOP_MM + layout.ISSUER_MARK_OFFSET_MM, abs=1)


def test_the_number_is_centred_two_lines_below_the_mark_above_the_red_rule(pdf):
    page = pdf.pages[0]
    mark, number = find_line(page, "泉州市妇女联合会文件"), find_line(page, DOC_NUMBER)

    assert number.text == DOC_NUMBER
    assert number.size == pytest.approx(layout.HAO_3, abs=0.1)
    assert number.centre == pytest.approx(TEXT_CENTRE_MM, abs=0.3)
    # Two blank 3号 lines between the mark and the number.
    assert number.em_top - mark.em_bottom == pytest.approx(2 * LINE_PITCH_MM, abs=LINE_PITCH_MM / 2)
    [rule] = [rule for rule in rules(page) if is_red(rule.colour)]
    assert (rule.left, rule.right) == pytest.approx((TEXT_LEFT_MM, TEXT_RIGHT_MM), abs=0.05)
    assert rule.top - number.em_bottom == pytest.approx(layout.RULE_BELOW_NUMBER_MM, abs=0.5)


def test_the_title_is_centred_in_xiaobiaosong_below_the_rule(pdf):
    page = pdf.pages[0]
    title = lines(page, size=layout.HAO_2)

    assert "".join(line.text for line in title) == TITLE
    assert len(title) == 3  # turned at punctuation: whole phrases on each line
    assert [line.centre for line in title] == pytest.approx([TEXT_CENTRE_MM] * 3, abs=0.3)
    assert {line.font_of(line.text[0]) for line in title} == {slot_font(layout.XIAOBIAOSONG) + "-Bold"}
    [rule] = [rule for rule in rules(page) if is_red(rule.colour)]
    assert title[0].em_top - rule.bottom > 2 * LINE_PITCH_MM - 1  # two blank lines


def test_headings_take_the_faces_of_their_levels(pdf):
    page = pdf.pages[0]
    addressees = find_line(page, "各县（区、市）妇联")
    assert addressees.text.endswith("：") and addressees.left == pytest.approx(TEXT_LEFT_MM, abs=0.05)
    assert find_line(page, "一、指导思想").font_of("一、") == slot_font(layout.HEITI)
    level_two = find_line(page_with(pdf, "（一）争"), "（一）争")
    assert level_two.font_of("争") == slot_font(layout.KAITI)
    run_on = find_line(page_with(pdf, "（1）建设"), "（1）建设")
    assert run_on.font_of("推进") == slot_font(layout.FANGSONG)
    assert len({slot_font(slot) for slot in (layout.HEITI, layout.KAITI, layout.FANGSONG)}) == 3


def test_every_font_is_embedded(layout_pdf):
    assert fonts_without_embedded_file(layout_pdf) == []
    assert len(font_names(layout_pdf)) >= 4


def test_page_numbers_alternate_sides_below_the_text_block(pdf):
    odd, even = find_line(pdf.pages[0], "—1—"), find_line(pdf.pages[1], "—2—")

    assert odd.text == "—1—" and even.text == "—2—"
    assert [odd.size, even.size] == pytest.approx([layout.HAO_4] * 2, abs=0.1)
    assert odd.right == pytest.approx(TEXT_RIGHT_MM - FOURTH_SIZE_MM, abs=0.2)  # one character in
    assert even.left == pytest.approx(TEXT_LEFT_MM + FOURTH_SIZE_MM, abs=0.2)
    # The dashes (mid-height of the em box) 7 mm below the text block.
    dash_mm = (odd.em_top + odd.em_bottom) / 2
    assert dash_mm - TEXT_BOTTOM_MM == pytest.approx(layout.PAGE_NUMBER_GAP_MM, abs=1)
    numbers = [find_line(page, f"—{page.page_number}—") for page in pdf.pages]
    assert [line.right > TEXT_CENTRE_MM for line in numbers] == [n % 2 == 1 for n in range(1, len(numbers) + 1)]


def test_attachment_notes_and_the_signature_close_the_main_text(pdf):
    first, second = find_line(page_with(pdf, "附件："), "附件："), find_line(page_with(pdf, "2.特色"), "2.特色")
    assert first.text.startswith("附件：1.泉州市妇联系统")
    assert first.left == pytest.approx(TEXT_LEFT_MM + 2 * CHAR_MM, abs=0.1)
    assert second.left == pytest.approx(first.chars[first.text.index("1.")]["x0"] / PT_PER_MM, abs=0.05)

    page = page_with(pdf, "2012年9月25日")
    unit, date = find_line(page, "泉州市妇联", whole=True), find_line(page, "2012年9月25日", whole=True)
    assert date.baseline - unit.baseline == pytest.approx(LINE_PITCH_MM, abs=0.1)
    # The date is longer than the unit: it stands two characters in, the unit two characters left of it.
    assert date.right == pytest.approx(TEXT_RIGHT_MM - 2 * CHAR_MM, abs=0.4)
    assert unit.left == pytest.approx(date.left - 2 * CHAR_MM, abs=0.4)
    assert len(body_lines(page)) > 2  # never alone on a page: the line before it comes along


@pytest.mark.parametrize(("label", "title"), [("附件1", "泉州市妇联系统“争六好、"), ("附件2", "特色工作一览表")])
def test_attachments_start_a_page_under_their_label(pdf, label, title):
    page = page_with(pdf, label)
    first, heading = lines(page)[0], find_line(page, title)

    assert first.text == label
    assert first.left == pytest.approx(TEXT_LEFT_MM, abs=0.05)
    assert TEXT_TOP_MM <= first.em_top < first.em_bottom <= TEXT_TOP_MM + LINE_PITCH_MM
    assert first.font_of(label) == slot_font(layout.HEITI)
    assert heading.size == pytest.approx(layout.HAO_2, abs=0.1)
    assert heading.centre == pytest.approx(TEXT_CENTRE_MM, abs=0.3)
    assert heading.baseline - first.baseline == pytest.approx(2 * LINE_PITCH_MM, abs=1.5)  # the third line


def test_the_imprint_sits_between_rules_at_the_foot_of_the_last_page(pdf):
    page = pdf.pages[-1]
    cc, printing = find_line(page, "抄送："), find_line(page, "泉州市妇联办公室")
    black = [rule for rule in rules(page) if not is_red(rule.colour)][-3:]

    assert [(rule.left, rule.right) for rule in black] == [pytest.approx((TEXT_LEFT_MM, TEXT_RIGHT_MM), abs=0.05)] * 3
    assert black[-1].bottom == pytest.approx(TEXT_BOTTOM_MM, abs=0.1)
    assert [rule.thickness for rule in black] == pytest.approx([0.35, 0.25, 0.35], abs=0.02)
    assert black[0].bottom < cc.em_top and cc.em_bottom < black[1].top
    assert black[1].bottom < printing.em_top and printing.em_bottom < black[2].top
    assert [cc.size, printing.size] == pytest.approx([layout.HAO_4] * 2, abs=0.1)
    assert [cc.left, printing.left] == pytest.approx([TEXT_LEFT_MM + FOURTH_SIZE_MM] * 2, abs=0.05)
    assert printing.text == "泉州市妇联办公室2012年9月26日印发"
    assert printing.right == pytest.approx(TEXT_RIGHT_MM - FOURTH_SIZE_MM, abs=0.1)
    assert "".join(line.text for line in lines(page, size=layout.HAO_4) if line.baseline < printing.baseline).endswith(
        "市政协副主席苏小青。"
    )


def test_document_text_is_escaped_into_the_template():
    doc = replace(layout_document(), addressees='<link rel="stylesheet" href="file:///etc/passwd">各县妇联')
    html = render_html(doc)
    assert "<link" not in html and "&lt;link rel=" in html
