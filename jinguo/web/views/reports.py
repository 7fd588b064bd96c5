"""The reporter's and the reviewer's pages of periodic reporting: the inbox; a submission's page with its
autosaved form, photos and submission, review, comments and highlights; its photos.

A submission out of the viewer's reach is a 404; one they can see but not act on is a 403. Every write
goes through reporting.services; a field's error shows next to the field, and an error about the whole
report (someone else changed it meanwhile, it was sent already) comes back as a message on the page.
Photos are served here, after the same check, never from a public media URL.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jinguo.accounts.models import User
from jinguo.reporting import policies, selectors, services
from jinguo.reporting.models import (
    REPORTED,
    UPLOAD_TYPES,
    FieldType,
    ReportField,
    ReviewAction,
    Submission,
    SubmissionPhoto,
)
from jinguo.web.forms.reports import HighlightForm, PhotoForm, RemarkForm, ReportForm, ReviewForm
from jinguo.web.forms.validation import attach_errors

INBOX_PAGE_SIZE = 20
SENT_PAGE_SIZE = 10
TEMPLATE = "reports/submission.html"


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- the inbox --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One paginated list of the inbox, with its own page parameter."""

    page: Page
    previous_query: str | None
    next_query: str | None


def _query(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def _section(request: HttpRequest, param: str, rows: QuerySet[Submission], size: int) -> Section:
    page = Paginator(rows, size).get_page(request.GET.get(param))
    previous = _query(request, param, page.previous_page_number()) if page.has_previous() else None
    following = _query(request, param, page.next_page_number()) if page.has_next() else None
    return Section(page, previous, following)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    context = {
        "to_fill": _section(request, "fill", selectors.to_fill(user=user, today=today), INBOX_PAGE_SIZE),
        "to_review": _section(request, "review", selectors.to_review(user=user), INBOX_PAGE_SIZE),
        "sent": _section(request, "sent", selectors.recently_sent(user=user), SENT_PAGE_SIZE),
    }
    return render(request, "reports/inbox.html", context)


# --- the submission page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What the viewer may do with the submission now."""

    fills: bool
    review_actions: list[str]
    comments: bool
    highlights: bool


@dataclass
class PageForms:
    """The page's forms; a view passes the one it received, bound and with its errors."""

    values: ReportForm | None = None
    photos: dict[str, PhotoForm] = field(default_factory=dict)
    upload_errors: dict[str, list[str]] = field(default_factory=dict)  # "add at least one" on submitting
    review: ReviewForm | None = None
    remark: RemarkForm | None = None
    highlight: HighlightForm | None = None


@dataclass(frozen=True)
class FieldRow:
    """A field of the report with its value, its input when the viewer fills, and its photos."""

    report_field: ReportField
    value: Any
    bound: forms.BoundField | None
    photos: list[SubmissionPhoto]
    photo_form: PhotoForm | None
    errors: list[str]

    @property
    def is_upload(self) -> bool:
        return self.report_field.type in UPLOAD_TYPES


def _review_actions(submission: Submission) -> list[str]:
    """The review buttons the submission's state allows, read from the service's own table."""
    return [action for action, (states, _to, _needs) in services.TRANSITIONS.items() if submission.status in states]


def _access(user: User, submission: Submission) -> Access:
    is_open = submission.period_start <= timezone.localdate()
    comments = policies.can_comment(user, submission)
    return Access(
        fills=submission.is_editable and is_open and policies.can_fill(user, submission),
        review_actions=_review_actions(submission) if policies.can_review(user, submission) else [],
        comments=comments,
        highlights=comments and (submission.status in REPORTED or submission.is_highlight),
    )


def _with_defaults(given: PageForms, submission: Submission, fields: list[ReportField], access: Access) -> PageForms:
    """The forms the viewer may use, fresh unless the view passed one back with its errors."""
    if access.fills and given.values is None:
        given.values = ReportForm(report_fields=fields, initial=submission.values)
    for report_field in fields if access.fills else []:
        if report_field.type in UPLOAD_TYPES:
            given.photos.setdefault(report_field.key, PhotoForm(prefix=report_field.key))
    if access.review_actions and given.review is None:
        given.review = ReviewForm(prefix="review", initial={"version": submission.version})
    if access.comments and given.remark is None:
        given.remark = RemarkForm(prefix="remark")
    if access.highlights and given.highlight is None:
        initial = {"on": submission.is_highlight, "note": submission.highlight_note}
        given.highlight = HighlightForm(prefix="highlight", initial=initial)
    return given


def _rows(submission: Submission, fields: list[ReportField], page_forms: PageForms) -> list[FieldRow]:
    photos: dict[str, list[SubmissionPhoto]] = {}
    for photo in submission.photos.all():
        photos.setdefault(photo.field_key, []).append(photo)
    values_form = page_forms.values
    return [
        FieldRow(
            report_field=report_field,
            value=submission.values.get(report_field.key),
            bound=values_form[report_field.key] if values_form and report_field.key in values_form.fields else None,
            photos=photos.get(report_field.key, []),
            photo_form=page_forms.photos.get(report_field.key),
            errors=page_forms.upload_errors.get(report_field.key, []),
        )
        for report_field in fields
    ]


def _render_page(request: HttpRequest, submission: Submission, given: PageForms | None = None) -> HttpResponse:
    """The submission's page, in a fixed number of queries whatever its photos and history."""
    user = _viewer(request)
    fields = list(submission.definition.fields.all())
    access = _access(user, submission)
    page_forms = _with_defaults(given or PageForms(), submission, fields, access)
    context = {
        "submission": submission,
        "definition": submission.definition,
        "access": access,
        "forms": page_forms,
        "rows": _rows(submission, fields, page_forms),
        "events": list(submission.events.select_related("actor__person")),
        "is_overdue": submission.is_editable and submission.late_after < timezone.localdate(),
    }
    return render(request, TEMPLATE, context)


def _get(request: HttpRequest, pk: int, allowed: Callable[[User, Submission], bool] | None = None) -> Submission:
    """The submission through the policy (404 out of reach), then the viewer's right to act (403)."""
    user = _viewer(request)
    submission = policies.submissions.get(user, pk)
    if allowed is not None and not allowed(user, submission):
        raise PermissionDenied
    return submission


def _back(submission: Submission, anchor: str = "") -> HttpResponse:
    return redirect(reverse("reports:submission", args=[submission.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_page(request, _get(request, pk))


# --- filling: autosave, photos, submission -----------------------------------------------------------


def _posted_version(request: HttpRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


def _values_form(request: HttpRequest, submission: Submission) -> ReportForm:
    form = ReportForm(request.POST, report_fields=list(submission.definition.fields.all()))
    form.full_clean()  # every input is optional text: the form is always valid, the service judges
    return form


def _autosaved(request: HttpRequest, submission: Submission, form: ReportForm, errors: dict[str, str]) -> HttpResponse:
    """The fragment answering an autosave: the time, each field's message, and the new version."""
    version = Submission.objects.values_list("version", flat=True).get(pk=submission.pk)
    context = {
        "saved_at": timezone.now(),
        "has_errors": bool(errors),
        "field_errors": [(key, errors.get(key, "")) for key in form.fields],
        "version": version,
    }
    return render(request, "reports/_autosave.html", context)


@login_required
@require_POST
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (HTMX: a fragment) or the "save draft" button (a page)."""
    user, submission = _viewer(request), _get(request, pk, policies.can_fill)
    form = _values_form(request, submission)
    try:
        checked = services.draft_save(
            user=user, submission=submission, raw=form.raw(), version=_posted_version(request)
        )
    except ValidationError as error:
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "reports/_autosave.html", {"problem": " ".join(error.messages)})
        messages.error(request, " ".join(error.messages))
        return _back(submission)
    if request.htmx:  # type: ignore[attr-defined]
        return _autosaved(request, submission, form, checked.errors)
    if checked.errors:
        attach_errors(form, ValidationError(checked.errors))
        messages.warning(request, _("Draft saved; the values marked below were not kept."))
        return _render_page(request, policies.submissions.get(user, pk), PageForms(values=form))
    messages.success(request, _("Draft saved."))
    return _back(submission)


def _spread_errors(error: ValidationError, form: ReportForm) -> dict[str, list[str]]:
    """A refused submission's messages: next to the inputs, and next to the photo fields they name
    (the only other keys the service uses)."""
    on_inputs = {key: text for key, text in error.message_dict.items() if key in form.fields or key == NON_FIELD_ERRORS}
    attach_errors(form, ValidationError(on_inputs))
    return {key: text for key, text in error.message_dict.items() if key not in on_inputs}


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user, submission = _viewer(request), _get(request, pk, policies.can_fill)
    form = _values_form(request, submission)
    try:
        services.submit(user=user, submission=submission, raw=form.raw(), version=_posted_version(request))
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return _back(submission)
        upload_errors = _spread_errors(error, form)
        return _render_page(request, submission, PageForms(values=form, upload_errors=upload_errors))
    messages.success(request, _("Report sent."))
    return _back(submission)


def _handle(
    request: HttpRequest,
    submission: Submission,
    form: forms.Form,
    given: PageForms,
    write: Callable[[dict[str, Any]], str],
    *,
    anchor: str = "",
    field_map: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate, call the service (`write` returns what to tell the viewer) and come back to the page:
    with the message, or re-rendered with the form's errors next to its fields."""
    if form.is_valid():
        try:
            done = write(form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return _back(submission, anchor)
            attach_errors(form, error, field_map=field_map)
        else:
            messages.success(request, done)
            return _back(submission, anchor)
    return _render_page(request, submission, given)


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, submission = _viewer(request), _get(request, pk, policies.can_fill)
    key = request.POST.get("field_key", "")
    if not submission.definition.fields.filter(key=key, type=FieldType.PHOTOS).exists():
        raise Http404  # not a photo field of this report: the page never posts that
    form = PhotoForm(request.POST, request.FILES, prefix=key)

    def write(data: dict[str, Any]) -> str:
        services.photo_add(
            user=user, submission=submission, field_key=key, upload=data["photo"], caption=data["caption"]
        )
        return _("Photo added.")

    given = PageForms(photos={key: form})
    return _handle(request, submission, form, given, write, anchor=f"field-{key}", field_map={key: "photo"})


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    photo = selectors.photo_get(user=user, pk=pk)
    try:
        services.photo_remove(user=user, photo=photo)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Photo removed."))
    return _back(photo.submission, f"field-{photo.field_key}")


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo (or with ?size=thumb its thumbnail), only to those who may see its submission."""
    item = selectors.photo_get(user=_viewer(request), pk=pk)
    image = item.thumbnail if request.GET.get("size") == "thumb" else item.image
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- review, comments, highlights -------------------------------------------------------------------


def _reviewed(action: str) -> str:
    if action == ReviewAction.ACCEPT:
        return _("Report accepted.")
    if action == ReviewAction.RETURN:
        return _("Report returned to its sender.")
    return _("Report reopened and returned to its sender.")


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user, submission = _viewer(request), _get(request, pk, policies.can_review)
    form = ReviewForm(request.POST, prefix="review")

    def write(data: dict[str, Any]) -> str:
        action, comment, version = data["action"], data["comment"], data["version"]
        services.review(user=user, submission=submission, action=action, comment=comment, version=version)
        return _reviewed(action)

    return _handle(request, submission, form, PageForms(review=form), write, anchor="review")


@login_required
@require_POST
def remark(request: HttpRequest, pk: int) -> HttpResponse:
    user, submission = _viewer(request), _get(request, pk, policies.can_comment)
    form = RemarkForm(request.POST, prefix="remark")

    def write(data: dict[str, Any]) -> str:
        services.comment(user=user, submission=submission, text=data["comment"])
        return _("Comment posted.")

    return _handle(request, submission, form, PageForms(remark=form), write, anchor="history")


@login_required
@require_POST
def highlight(request: HttpRequest, pk: int) -> HttpResponse:
    user, submission = _viewer(request), _get(request, pk, policies.can_comment)
    form = HighlightForm(request.POST, prefix="highlight")

    def write(data: dict[str, Any]) -> str:
        services.highlight(user=user, submission=submission, note=data["note"], on=data["on"])
        return _("Marked as a highlight for the bulletin.") if data["on"] else _("No longer a highlight.")

    return _handle(request, submission, form, PageForms(highlight=form), write, anchor="highlight")
