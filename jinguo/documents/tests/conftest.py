"""A made-up document that uses every part of the layout, rendered once per session."""

import datetime

import pytest

from jinguo.documents.content import Attachment, Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.pdf import render_pdf
from jinguo.documents.word import render_docx

# One sentence of seed 000's guiding text: 3号 characters, CJK punctuation and quotes.
SENTENCE = (
    "坚持以邓小平理论和“三个代表”重要思想为指导，全面贯彻落实科学发展观，围绕现代化泉州建设发展战略"
    "和党群共建创先争优活动，在全市妇联系统着力争“六好”、创特色，努力把妇联组织建设成为党开展妇女工作的坚强阵地。"
)
TITLE = "泉州市妇联关于印发《泉州市妇联系统“争六好、创特色”主题活动实施方案》的通知"
DOC_NUMBER = "泉妇〔2012〕39号"


def layout_document() -> OfficialDocument:
    """Long enough for full pages of body text (pages 2 and 3), with two attachments and an imprint."""
    return OfficialDocument(
        issuer_mark="泉州市妇女联合会文件",
        doc_number=DOC_NUMBER,
        title=TITLE,
        addressees="各县（区、市）妇联、台商投资区妇工委，市直机关妇工委",
        body=(
            Paragraph("现将《泉州市妇联系统“争六好、创特色”主题活动实施方案》印发给你们，请认真组织实施。"),
            Heading(1, "一、指导思想"),
            Paragraph(SENTENCE * 2),
            Heading(2, "（一）争“六好”"),
            Heading(3, "1.好班子"),
            Heading(4, "（1）建设学习型领导班子。", "推进学习型党组织建设，完善党组中心组学习制度。"),
            *[Paragraph(SENTENCE * 3) for _ in range(8)],
        ),
        signature_unit="泉州市妇联",
        signature_date=datetime.date(2012, 9, 25),
        attachments=(
            Attachment("泉州市妇联系统“争六好、创特色”主题活动实施方案", (Paragraph(SENTENCE),)),
            Attachment(
                "特色工作一览表",
                (
                    Table(
                        ("序号", "特色项目内容", "责任单位"),
                        (("1", "以168工作机制为抓手推进基层妇女组织建设", "鲤城区妇联\n惠安县妇联"),),
                        widths=(1, 5, 2),
                        centered=(0,),
                    ),
                ),
            ),
        ),
        cc="省妇联，市委常委、组织部部长周银芳，市人大常委会副主任洪泽生、市政府副市长周真平、市政协副主席苏小青",
        printed_by="泉州市妇联办公室",
        printed_on=datetime.date(2012, 9, 26),
    )


@pytest.fixture(scope="session")
def layout_pdf() -> bytes:
    return render_pdf(layout_document())


@pytest.fixture(scope="session")
def layout_docx() -> bytes:
    return render_docx(layout_document())
