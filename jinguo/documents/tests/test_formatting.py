import datetime

import pytest

from jinguo.documents import layout
from jinguo.documents.content import Attachment, Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.formatting import (
    DocNumberParts,
    chinese_date,
    chinese_numeral,
    format_doc_number,
    parse_doc_number,
    text_width,
)


def test_a_document_number_puts_the_full_year_in_brackets_and_no_leading_zeros():
    assert format_doc_number("泉妇", 2012, 39) == "泉妇〔2012〕39号"
    assert format_doc_number("泉妇", 2013, 1) == "泉妇〔2013〕1号"


@pytest.mark.parametrize(("prefix", "year", "number"), [("", 2012, 1), ("泉妇", 12, 1), ("泉妇", 2012, 0)])
def test_an_incomplete_document_number_is_refused(prefix, year, number):
    with pytest.raises(ValueError, match="not a document number"):
        format_doc_number(prefix, year, number)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("泉妇〔2012〕39号", DocNumberParts("泉妇", 2012, 39)),
        (" 闽妇办〔2013〕7号 ", DocNumberParts("闽妇办", 2013, 7)),
        ("泉妇〔2012〕039号", None),  # 不编虚位
        ("泉妇[2012]39号", None),
        ("泉妇〔12〕39号", None),
        ("泉妇〔2012〕第39号", None),
    ],
)
def test_parse_reads_only_numbers_written_as_the_standard_says(text, parts):
    assert parse_doc_number(text) == parts


def test_dates_have_no_leading_zeros():
    assert chinese_date(datetime.date(2012, 9, 25)) == "2012年9月25日"
    assert chinese_date(datetime.date(2013, 1, 5)) == "2013年1月5日"


@pytest.mark.parametrize(
    ("number", "text"), [(1, "一"), (5, "五"), (10, "十"), (11, "十一"), (20, "二十"), (34, "三十四")]
)
def test_heading_ordinals(number, text):
    assert chinese_numeral(number) == text


def test_type_sizes_are_the_chinese_hao_in_points():
    assert (layout.HAO_2, layout.HAO_3, layout.HAO_4) == (22, 16, 14)


def test_text_width_counts_latin_letters_and_digits_as_half():
    assert text_width("泉州市妇联") == 5
    assert text_width("2012年9月25日") == 6.5
    assert text_width("“争六好”") == 5


def test_the_text_block_holds_22_lines_of_28_characters():
    assert layout.MARGIN_RIGHT_MM == 26 and layout.MARGIN_BOTTOM_MM == 35
    assert 22 * layout.LINE_PITCH_PT <= layout.mm_to_pt(225) < 23 * layout.LINE_PITCH_PT
    characters = 28 * (layout.HAO_3 + layout.LETTER_SPACING_PT)
    assert characters <= layout.mm_to_pt(156) < characters + layout.HAO_3


def test_long_titles_turn_at_punctuation_into_even_lines():
    assert layout.title_lines("泉州市妇联系统“争六好、创特色”主题活动实施方案") == [
        "泉州市妇联系统“争六好、",
        "创特色”主题活动实施方案",
    ]
    assert layout.title_lines("特色工作一览表") == ["特色工作一览表"]
    assert layout.title_lines("关于表彰\n先进集体的决定") == ["关于表彰", "先进集体的决定"]
    unbreakable = "一" * 30
    assert layout.title_lines(unbreakable) == [unbreakable]


def test_the_issuer_mark_shrinks_to_fit_one_line():
    assert layout.issuer_mark_size("泉州市妇女联合会文件") == layout.HAO_0
    long_mark = "中华全国妇女联合会办公厅福建省妇女联合会办公室文件"
    assert layout.issuer_mark_size(long_mark) * len(long_mark) <= layout.mm_to_pt(156)


@pytest.mark.parametrize(
    ("unit", "date", "indents"),
    [
        ("泉州市妇联", "2012年9月25日", (5.5, 2)),  # the longer date stands two in and pushes the unit left
        ("泉州市妇女联合会办公室", "2012年9月25日", (2, 4.5)),  # the date starts two characters right of the unit
    ],
)
def test_signature_indents_for_documents_without_a_seal(unit, date, indents):
    assert layout.signature_indents(unit, date) == indents


def test_attachments_are_labelled_and_noted_as_the_standard_numbers_them():
    one = Attachment("特色工作一览表", (Paragraph("…"),))
    two = Attachment("泉州市妇联系统“争六好、\n创特色”主题活动实施方案", ())
    single = OfficialDocument("X文件", "", "T", "", (), "X", datetime.date(2012, 1, 1), attachments=(one,))
    double = OfficialDocument("X文件", "", "T", "", (), "X", datetime.date(2012, 1, 1), attachments=(one, two))

    assert (single.attachment_labels, single.attachment_notes) == (("附件",), ("特色工作一览表",))
    assert double.attachment_labels == ("附件1", "附件2")
    assert double.attachment_notes == ("1.特色工作一览表", "2.泉州市妇联系统“争六好、创特色”主题活动实施方案")


def test_the_cc_line_ends_with_a_full_stop():
    doc = OfficialDocument("X文件", "", "T", "", (), "X", datetime.date(2012, 1, 1), cc="省妇联，市委 ")
    assert doc.cc_line == "省妇联，市委。"


def test_blocks_refuse_what_cannot_be_laid_out():
    with pytest.raises(ValueError, match="level"):
        Heading(5, "（一）")
    with pytest.raises(ValueError, match="one cell per column"):
        Table(("序号", "名称"), (("1",),))
