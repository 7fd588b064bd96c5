"""Official documents for download: a plan's notice (印发通知) as PDF or .docx."""

from collections.abc import Callable
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jinguo.accounts.models import User
from jinguo.documents.content import OfficialDocument
from jinguo.documents.pdf import render_pdf
from jinguo.documents.word import render_docx
from jinguo.plans import selectors
from jinguo.plans.notice import plan_notice

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(
    request: HttpRequest, pk: int, render: Callable[[OfficialDocument], bytes], content_type: str, suffix: str
) -> HttpResponse:
    plan = selectors.plan_get(user=cast(User, request.user), pk=pk)
    doc = plan_notice(plan)
    filename = f"{doc.doc_number or plan.title}.{suffix}"
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(render(doc), content_type=content_type, headers={"Content-Disposition": disposition})


@require_GET
@login_required
def plan_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, render_pdf, PDF, "pdf")


@require_GET
@login_required
def plan_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, render_docx, DOCX, "docx")
