"""Official documents rendered from the records they issue: a plan's notice."""

from django.urls import URLPattern, path

from jinguo.web.views import documents

urlpatterns: list[URLPattern] = [
    path("<int:pk>/notice.pdf", documents.plan_notice_pdf, name="notice_pdf"),
    path("<int:pk>/notice.docx", documents.plan_notice_docx, name="notice_docx"),
]
