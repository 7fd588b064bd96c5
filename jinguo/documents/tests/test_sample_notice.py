"""Seed 000's notice, 泉妇〔2012〕39号, from the demo plan: its content, its layout, and previews.

The rendered PDF, the .docx and a PNG of every page are kept in test-artifacts/documents/."""

import datetime
import io
from pathlib import Path

import pypdfium2
import pytest
from docx import Document

from jinguo.documents import layout
from jinguo.documents.content import Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.pdf import render_pdf
from jinguo.documents.tests.measure import (
    TEXT_LEFT_MM,
    TEXT_TOP_MM,
    body_lines,
    find_line,
    fonts_without_embedded_file,
    lines,
    open_pdf,
    page_with,
)
from jinguo.documents.word import render_docx
from jinguo.plans.demo import seed_data as seed
from jinguo.plans.models import Plan
from jinguo.plans.notice import plan_notice

# The demo world is read once for the module; the mark makes pytest-django set up the database.
pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "documents"
PREVIEW_DPI = 100
PRINTED_ON = datetime.date(2012, 9, 26)  # 泉州市妇联办公室 2012年9月26日印发


@pytest.fixture(scope="module")
def notice(django_db_setup, django_db_blocker) -> OfficialDocument:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("unit").get(doc_number=seed.DOC_NUMBER)
        return plan_notice(plan, printed_on=PRINTED_ON)


@pytest.fixture(scope="module")
def notice_pdf(notice: OfficialDocument) -> bytes:
    data = render_pdf(notice)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "notice-39.pdf").write_bytes(data)
    return data


def test_the_notice_reads_as_published(notice):
    assert notice.issuer_mark == "泉州市妇女联合会文件"
    assert notice.doc_number == "泉妇〔2012〕39号"
    assert notice.title == seed.NOTICE_TITLE
    assert notice.addressees == seed.ADDRESSEES
    assert notice.body == (
        Paragraph("现将《泉州市妇联系统“争六好、创特色”主题活动实施方案》印发给你们，请认真组织实施。"),
    )
    assert (notice.signature_unit, notice.signature_date) == ("泉州市妇联", datetime.date(2012, 9, 25))
    assert notice.cc == seed.CC
    assert (notice.printed_by, notice.printed_on) == ("泉州市妇联办公室", PRINTED_ON)
    assert notice.attachment_notes == ("1.泉州市妇联系统“争六好、创特色”主题活动实施方案", "2.特色工作一览表")


def test_the_plan_is_attached_section_by_section(notice):
    plan = notice.attachments[0]
    headings = [block.text for block in plan.blocks if isinstance(block, Heading) and block.level == 1]
    task = next(block for block in plan.blocks if isinstance(block, Paragraph) and block.text.startswith("（1）"))
    first = seed.TASKS[0]

    assert headings == ["一、指导思想", "二、目标任务", "三、活动载体", "四、具体安排"]
    assert plan.blocks[1] == Paragraph(seed.GUIDING_TEXT)
    assert (
        task.text == f"（1）{first.text}（责任单位：{first.units}；责任人：{first.persons}；分管领导：{first.leaders}）"
    )
    phases = [block.text for block in plan.blocks if isinstance(block, Heading) and block.level == 2]
    assert phases[0] == "（一）宣传动员阶段（2012年9月21日至2012年9月30日）"
    assert phases[-1] == "（四）继续深化阶段（2013年9月1日开始）"


def test_annex_one_lists_the_feature_projects(notice):
    [table] = notice.attachments[1].blocks
    assert isinstance(table, Table)
    assert table.columns == ("序号", "特色项目内容", "创建目标", "责任单位", "市妇联联系部室")
    assert len(table.rows) == len(seed.FEATURE_PROJECTS)
    assert table.rows[0][:2] == ("1", "以168工作机制为抓手推进基层妇女组织建设")
    assert table.rows[0][3:] == ("鲤城区妇联\n惠安县妇联\n永春县妇联\n市直机关金山幼儿园", "办公室\n儿童部")


def test_the_pdf_has_the_standard_head_and_foot(notice_pdf):
    with open_pdf(notice_pdf) as pdf:
        first = pdf.pages[0]
        assert find_line(first, "泉州市妇女联合会文件").text == "泉州市妇女联合会文件"
        assert find_line(first, "泉妇〔2012〕39号").text == "泉妇〔2012〕39号"
        title = "".join(line.text for line in lines(first, size=layout.HAO_2))
        assert title == seed.NOTICE_TITLE
        assert find_line(first, "现将《").left > TEXT_LEFT_MM  # the first page shows the text
        assert find_line(first, "—1—").text == "—1—"

        notes = find_line(page_with(pdf, "附件："), "附件：")
        assert notes.text.startswith("附件：1.泉州市妇联系统“争六好、创特色”")
        signed = page_with(pdf, "2012年9月25日")
        assert len(body_lines(signed)) > 2  # with text before it, never alone

        last = pdf.pages[-1]
        assert find_line(last, "泉州市妇联办公室").text == "泉州市妇联办公室2012年9月26日印发"
        assert lines(page_with(pdf, "附件2"))[0].text == "附件2"

        full_pages = [page for page in pdf.pages if len(body_lines(page)) == layout.LINES_PER_PAGE]
        assert len(full_pages) >= 3  # the plan's text fills pages to the 22nd line
        for page in full_pages:
            assert max(line.width_in_chars for line in body_lines(page)) <= layout.CHARS_PER_LINE
            assert body_lines(page)[0].em_top >= TEXT_TOP_MM
        for page in pdf.pages:
            assert (round(float(page.width), 1), round(float(page.height), 1)) == (595.3, 841.9)
    assert fonts_without_embedded_file(notice_pdf) == []


def test_the_docx_reads_back(notice):
    document = Document(io.BytesIO(render_docx(notice)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document.save(str(ARTIFACTS / "notice-39.docx"))
    texts = [paragraph.text for paragraph in document.paragraphs]

    assert texts[:2] == ["泉州市妇女联合会文件", "泉妇〔2012〕39号"]
    assert texts[2].replace("\n", "") == seed.NOTICE_TITLE
    assert "（1）" + seed.TASKS[0].text in "".join(texts)
    assert [row.cells[0].text for row in document.tables[-1].rows][-1] == "泉州市妇联办公室\t2012年9月26日印发"


def test_previews_of_every_page(notice_pdf):
    for stale in ARTIFACTS.glob("notice-39-page-*.png"):
        stale.unlink()
    document = pypdfium2.PdfDocument(notice_pdf)
    previews = []
    for index in range(len(document)):
        image = document[index].render(scale=PREVIEW_DPI / 72).to_pil()
        path = ARTIFACTS / f"notice-39-page-{index + 1:02d}.png"
        image.save(path)
        previews.append(image.size)
    document.close()

    width_px, height_px = round(210 / 25.4 * PREVIEW_DPI), round(297 / 25.4 * PREVIEW_DPI)
    assert previews and all(size == pytest.approx((width_px, height_px), abs=1) for size in previews)
