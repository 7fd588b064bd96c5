"""Upload and export forms of the import page. The upload is checked (size, format, title row)
before a job is started, so those mistakes show next to the file field at once."""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths
from jinguo.org import policies
from jinguo.org.excel.columns import PERSON_COLUMNS, UNIT_COLUMNS
from jinguo.org.excel.readers import SpreadsheetError, read_header, size_limit_message
from jinguo.org.models import OrgUnit

WHAT_CHOICES = [("people", _("People")), ("units", _("Units"))]
COLUMNS = {"people": PERSON_COLUMNS, "units": UNIT_COLUMNS}
ACTIONS = {"people": Action.MANAGE_PEOPLE, "units": Action.MANAGE_UNITS}
ACCEPT = ".xlsx,.xls,.csv"


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by depth below the first one offered, so a short list reads as a tree."""

    def __init__(self, *args, top_depth: int = 1, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.top_depth = top_depth

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "　" * max(obj.depth - self.top_depth, 0) + obj.name


def import_units(user) -> QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    """Where the user may import: the top units of their managing grants."""
    paths = {*granted_paths(user, Action.MANAGE_PEOPLE), *granted_paths(user, Action.MANAGE_UNITS)}
    return OrgUnit.objects.filter(path__in=paths).order_by("path")


def export_units(user, *, extra_pk: object = None) -> QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    """The top units of the user's reach and the level below them (plus one unit asked for by id)."""
    query = Q(pk__in=[])
    for path in granted_paths(user, Action.VIEW):
        query |= Q(path=path) | Q(path__startswith=path, depth=len(path) // OrgUnit.steplen + 1)
    if extra_pk:
        query |= Q(pk__in=policies.units.scope(user).filter(pk=extra_pk).values("pk"))
    return OrgUnit.objects.filter(query).order_by("path")


def _select(units: QuerySet[OrgUnit], label: str) -> UnitChoiceField:
    first = units.first()
    return UnitChoiceField(
        queryset=units,
        label=label,
        empty_label=None,
        top_depth=first.depth if first else 1,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What to import"),
        choices=WHAT_CHOICES,
        initial="people",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("Spreadsheet file"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT}),
    )

    def __init__(self, *args, user, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"] = _select(import_units(user), str(_("Within unit")))
        self.order_fields(["what", "unit", "file"])
        limit = settings.JINGUO_IMPORT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "Excel (.xlsx or .xls) or CSV (UTF-8 or GBK), at most %(limit)d MB. The first row holds the column titles."
        ) % {"limit": limit}

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > settings.JINGUO_IMPORT_MAX_BYTES:
            raise forms.ValidationError(size_limit_message())  # before reading a byte of it
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        what, unit, upload = data.get("what"), data.get("unit"), data.get("file")
        if what and unit and not policies.units.can(self.user, ACTIONS[what], unit):
            self.add_error("what", _("You may not import these records into this unit."))
        elif what and upload:
            try:
                read_header(upload, filename=upload.name, size=upload.size, columns=COLUMNS[what])
            except SpreadsheetError as error:
                self.add_error("file", error.message)
        return data


class ExportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What to export"),
        choices=WHAT_CHOICES,
        initial="people",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, extra_pk: object = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _select(export_units(user, extra_pk=extra_pk), str(_("Unit and everything below it")))
        self.order_fields(["what", "unit"])
