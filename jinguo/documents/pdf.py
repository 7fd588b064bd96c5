"""PDF in the GB/T 9704-2012 layout: WeasyPrint from a Django template with @page rules."""

from typing import Any

from django.template.loader import render_to_string

from jinguo.documents import layout
from jinguo.documents.content import Attachment, Block, Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.font_config import configure_fontconfig
from jinguo.documents.formatting import chinese_date

TEMPLATE = "documents/official_document.html"


def _geometry() -> dict[str, Any]:
    pitch = layout.CHAR_PITCH_PT
    return {
        "margin_top": layout.MARGIN_TOP_MM,
        "margin_right": layout.MARGIN_RIGHT_MM,
        "margin_bottom": layout.MARGIN_BOTTOM_MM,
        "margin_left": layout.MARGIN_LEFT_MM,
        "hao_2": layout.HAO_2,
        "hao_3": layout.HAO_3,
        "hao_4": layout.HAO_4,
        "line_pitch": layout.LINE_PITCH_PT,
        "two_lines": 2 * layout.LINE_PITCH_PT,
        "half_line": layout.LINE_PITCH_PT / 2,
        "letter_spacing": layout.LETTER_SPACING_PT,
        "two_chars": round(2 * pitch, 3),
        "mark_offset": layout.ISSUER_MARK_OFFSET_MM,
        # The number's line box has half a leading below its characters; the rule is 4 mm below them.
        "rule_gap": round(layout.RULE_BELOW_NUMBER_MM - layout.pt_to_mm((layout.LINE_PITCH_PT - layout.HAO_3) / 2), 2),
        "head_rule": layout.HEAD_RULE_MM,
        "thick_rule": layout.IMPRINT_THICK_RULE_MM,
        "cc_label": 3 * layout.HAO_4,  # 抄送：
        "cc_indent": 4 * layout.HAO_4,
        "thin_rule": layout.IMPRINT_THIN_RULE_MM,
        # The dash sits mid-height of its 4号 line: its line box starts half a character above it.
        "page_number_top": round(layout.PAGE_NUMBER_GAP_MM - layout.pt_to_mm(layout.HAO_4 / 2), 2),
        "red": layout.RED,
        "xiaobiaosong": layout.XIAOBIAOSONG.css_family,
        "fangsong": layout.FANGSONG.css_family,
        "kaiti": layout.KAITI.css_family,
        "heiti": layout.HEITI.css_family,
        "songti": layout.SONGTI.css_family,
    }


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"kind": "heading", "level": block.level, "text": block.text, "text_after": block.text_after}
    if isinstance(block, Table):
        widths = [round(width * 100, 2) for width in block.relative_widths]
        return {
            "kind": "table",
            "columns": block.columns,
            "rows": block.rows,
            "widths": widths,
            "centered": block.centered,
        }
    assert isinstance(block, Paragraph)
    return {"kind": "paragraph", "text": block.text}


def _attachment(label: str, attachment: Attachment) -> dict[str, Any]:
    return {
        "label": label,
        "title_lines": layout.title_lines(attachment.title),
        "blocks": [_block(block) for block in attachment.blocks],
    }


def _notes(doc: OfficialDocument) -> list[tuple[str, str]]:
    """附件说明 rows: number and name, so that a long name wraps under its own first character."""
    if len(doc.attachments) == 1:
        return [("", doc.attachments[0].name)]
    return [(f"{number}.", item.name) for number, item in enumerate(doc.attachments, start=1)]


def render_html(doc: OfficialDocument) -> str:
    imprint = None
    if doc.has_imprint:
        imprint = {
            "cc": doc.cc_line,
            "printed_on": f"{chinese_date(doc.printed_on)}印发" if doc.printed_on else "",
        }
    context = {
        "doc": doc,
        "g": _geometry(),
        "mark_size": layout.issuer_mark_size(doc.issuer_mark),
        "title_lines": layout.title_lines(doc.title),
        "body": [_block(block) for block in doc.body],
        "notes": _notes(doc),
        "signature": {"date": chinese_date(doc.signature_date)},
        "attachments": [
            _attachment(label, item) for label, item in zip(doc.attachment_labels, doc.attachments, strict=True)
        ],
        "imprint": imprint,
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(doc: OfficialDocument) -> bytes:
    configure_fontconfig()  # a no-op once the app is ready; here for scripts that render first
    from weasyprint import HTML  # after fontconfig is pointed at the project's slots
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # The template links nothing: whatever a document's text might smuggle in is never fetched.
    html = HTML(string=render_html(doc), url_fetcher=URLFetcher(allowed_protocols=()))
    pdf = html.write_pdf(font_config=FontConfiguration())
    assert pdf is not None
    return pdf
