"""Forms of the supervision loop: progress updates with photos, comments and instructions, answers,
and declaring a feature project. Files are checked here as in the service, so a refused photo shows
next to its own field."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org.models import Department, OrgUnit, UnitKind, UnitLevel
from jinguo.plans import uploads
from jinguo.plans.models import CommentKind, FeatureLevel, Plan, ProgressUpdate
from jinguo.web.forms.imports import UnitChoiceField

DOCUMENT_ACCEPT = "image/*," + ",".join(uploads.DOCUMENT_SUFFIXES)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def _checked(uploads_: list[UploadedFile], *, photos_only: bool) -> list[UploadedFile]:
    errors: list[str] = []
    for upload in uploads_:
        try:
            is_photo = uploads.validate_upload(upload)
        except ValidationError as error:
            errors += error.messages
            continue
        if photos_only and not is_photo:
            errors.append(str(_("“%(name)s” is not a photo.") % {"name": upload.name}))
    if errors:
        raise forms.ValidationError(errors)
    return uploads_


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    # capture= opens the phone's camera directly; gallery photos go in the second field.
    photos = MultipleFileField(
        label=_("Take photos"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    attachments = MultipleFileField(
        label=_("Attach photos or files"),
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = uploads._max_bytes()
        self.fields["photos"].help_text = _("Opens the camera on a phone; at most %(limit)d MB each.") % {
            "limit": limit // 2**20
        }
        self.fields["attachments"].help_text = _(
            "Photos, or PDF, Word, Excel or text files; at most %(limit)d MB each."
        ) % {"limit": limit // 2**20}

    def clean_photos(self) -> list[UploadedFile]:
        return _checked(self.cleaned_data["photos"], photos_only=True)

    def clean_attachments(self) -> list[UploadedFile]:
        return _checked(self.cleaned_data["attachments"], photos_only=False)


class CommentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommentKind.choices, initial=CommentKind.COMMENT)
    text = forms.CharField(label=_("Comment or instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    update = forms.ModelChoiceField(queryset=ProgressUpdate.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, updates: QuerySet[ProgressUpdate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["update"]).queryset = updates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "update" in self.errors:  # a hidden field: show its error above the form
            self.add_error(None, self.errors.pop("update"))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


def declarable_units(user: User, plan: Plan) -> QuerySet[OrgUnit]:
    """Units the user administers in the plan (the issuing unit, participants and below them), at most
    two levels under the user's own top units: a city admin is offered townships, a county admin villages."""
    paths = granted_paths(user, Action.MANAGE_UNITS)
    if not paths:
        return OrgUnit.objects.none()
    participant_paths = list(plan.participants.values_list("path", flat=True))
    near = Q(pk__in=[])
    for path in paths:
        near |= path_q([path]) & Q(depth__lte=len(path) // OrgUnit.steplen + 2)
    in_plan = path_q(participant_paths) | Q(pk=plan.unit_id)
    return OrgUnit.objects.filter(in_plan, near, level__lte=UnitLevel.VILLAGE).order_by("path")


def _offered_levels(units: list[OrgUnit], plan: Plan) -> list[tuple[str, Any]]:
    """The kinds at least one of the offered units can declare (the service decides for the one chosen)."""
    participants = list(plan.participants.all())

    def participant_of(unit: OrgUnit) -> OrgUnit | None:
        return next((p for p in participants if unit.path.startswith(p.path)), None)

    tops = [(unit, participant_of(unit)) for unit in units]
    organs = UnitKind.ORGANS_COMMITTEE
    offered = {
        FeatureLevel.COUNTY_BRAND: any(top == unit and unit.kind != organs for unit, top in tops),
        FeatureLevel.TOWNSHIP_FEATURE: any(top and unit.level == UnitLevel.TOWNSHIP for unit, top in tops),
        FeatureLevel.VILLAGE_MODEL: any(top and unit.level == UnitLevel.VILLAGE for unit, top in tops),
        FeatureLevel.SYSTEM_HIGHLIGHT: any(top and top.kind == organs for _unit, top in tops),
        FeatureLevel.DEPARTMENT_KEY_WORK: any(unit.pk == plan.unit_id for unit, _top in tops),
    }
    return [(level.value, level.label) for level, shown in offered.items() if shown]


class ProjectDeclareForm(forms.Form):
    level = forms.ChoiceField(label=_("Kind of project"))
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Only for department key work."),
    )
    name = forms.CharField(label=_("Project name"), max_length=200)
    targets = forms.CharField(label=_("Creation targets"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_list = list(units)
        self.fields["unit"] = UnitChoiceField(
            queryset=units,
            label=_("Declaring unit"),
            empty_label=None,
            top_depth=unit_list[0].depth if unit_list else 1,
        )
        self.order_fields(["unit", "level", "department", "name", "targets"])
        cast(forms.ChoiceField, self.fields["level"]).choices = _offered_levels(unit_list, plan)
        if any(unit.pk == plan.unit_id for unit in unit_list):
            cast(forms.ModelChoiceField, self.fields["department"]).queryset = plan.unit.departments.all()
        else:
            del self.fields["department"]
