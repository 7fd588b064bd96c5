"""The import & export page: upload a spreadsheet or ask for an export; both run as background
jobs, and the job's panel polls itself (HTMX) until it has finished."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths
from jinguo.jobs.models import Job
from jinguo.jobs.policies import jobs as job_policy
from jinguo.jobs.selectors import job_list
from jinguo.jobs.services import job_start
from jinguo.org import jobs as org_jobs
from jinguo.org.excel.columns import PERSON_COLUMNS, UNIT_COLUMNS, Column
from jinguo.org.excel.writers import template_workbook
from jinguo.web.forms.imports import ExportForm, ImportForm

RECENT_JOBS = 10
IMPORT_KINDS = {"people": org_jobs.IMPORT_PEOPLE, "units": org_jobs.IMPORT_UNITS}
EXPORT_KINDS = {"people": org_jobs.EXPORT_PEOPLE, "units": org_jobs.EXPORT_UNITS}
JOB_TITLES = {
    org_jobs.IMPORT_PEOPLE: gettext_lazy("Import of people"),
    org_jobs.IMPORT_UNITS: gettext_lazy("Import of units"),
    org_jobs.EXPORT_PEOPLE: gettext_lazy("Export of people"),
    org_jobs.EXPORT_UNITS: gettext_lazy("Export of units"),
}


def _require_importer(request: HttpRequest) -> None:
    user = request.user
    if not (granted_paths(user, Action.MANAGE_PEOPLE) or granted_paths(user, Action.MANAGE_UNITS)):
        raise PermissionDenied


def _org_job(request: HttpRequest, pk: int) -> Job:
    """A job of this page's kinds that the user may see; anything else is the same 404."""
    job = job_policy.get(request.user, pk)
    if job.kind not in JOB_TITLES:
        raise Http404
    return job


def _column_list(columns: tuple[Column, ...]) -> str:
    return "、".join(f"{column.title}{'*' if column.required else ''}" for column in columns)


def _unit_pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _page(
    request: HttpRequest,
    *,
    import_form: ImportForm | None = None,
    export_form: ExportForm | None = None,
    job: Job | None = None,
    status: int = 200,
) -> HttpResponse:
    user, unit_pk = request.user, _unit_pk(request.GET.get("unit"))
    recent = job_list(user=user, kinds=list(JOB_TITLES))[:RECENT_JOBS]
    context = {
        "import_form": import_form or ImportForm(user=user),
        "export_form": export_form or ExportForm(user=user, extra_pk=unit_pk, initial={"unit": unit_pk}),
        "job": job,
        "job_title": JOB_TITLES.get(job.kind) if job else None,
        "recent": [(recent_job, JOB_TITLES[recent_job.kind]) for recent_job in recent],
        "people_columns": _column_list(PERSON_COLUMNS),
        "unit_columns": _column_list(UNIT_COLUMNS),
    }
    return render(request, "org/import.html", context, status=status)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the page. POST: check the upload (size, format, title row) and start the import job."""
    _require_importer(request)
    if request.method != "POST":
        return _page(request)
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    data = form.cleaned_data
    job = job_start(kind=IMPORT_KINDS[data["what"]], user=request.user, unit=data["unit"], input_file=data["file"])
    return redirect("org:import_job", pk=job.pk)


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ExportForm(request.POST, user=request.user, extra_pk=_unit_pk(request.POST.get("unit")))
    if not form.is_valid():
        return _page(request, export_form=form, status=400)
    job = job_start(kind=EXPORT_KINDS[form.cleaned_data["what"]], user=request.user, unit=form.cleaned_data["unit"])
    return redirect("org:import_job", pk=job.pk)


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The page with the job's panel on top; for HTMX polls, the panel alone."""
    job = _org_job(request, pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "org/_job_status.html", {"job": job, "job_title": JOB_TITLES[job.kind]})
    _require_importer(request)
    return _page(request, job=job)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The job's result (errors list or export), only through the job's access check."""
    job = _org_job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)


def _template(request: HttpRequest, columns: tuple[Column, ...], filename: str) -> FileResponse:
    _require_importer(request)
    return FileResponse(io.BytesIO(template_workbook(columns)), as_attachment=True, filename=filename)


@login_required
def people_template(request: HttpRequest) -> FileResponse:
    """An empty people workbook with the title row, for filling in."""
    return _template(request, PERSON_COLUMNS, _("people-import-template.xlsx"))


@login_required
def units_template(request: HttpRequest) -> FileResponse:
    """An empty units workbook with the title row, for filling in."""
    return _template(request, UNIT_COLUMNS, _("units-import-template.xlsx"))
