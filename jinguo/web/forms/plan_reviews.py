"""Forms of the plan's supervision rounds: review a unit's quarter, schedule and write up the
observation meetings, issue a commendation or criticism. The services check everything again."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import OrgUnit, Person
from jinguo.plans.models import NoticeKind, Rating
from jinguo.plans.reviews import MAX_ROTATION_QUARTERS, YEARS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads
QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


def _year(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=YEARS[0], max_value=YEARS[1])


def _quarter(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=QUARTERS, coerce=int)


def _text(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class QuarterFilterForm(forms.Form):
    year = _year(_("Year"))
    quarter = _quarter(_("Quarter"))


class ReviewForm(forms.Form):
    year = _year(_("Year"))
    quarter = _quarter(_("Quarter"))
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    strengths = _text(_("Good practice"))
    problems = _text(_("Problems"))


class RotationForm(forms.Form):
    year_from = _year(_("From year"))
    quarter_from = _quarter(_("From quarter"))
    count = forms.IntegerField(label=_("Quarters"), min_value=1, max_value=MAX_ROTATION_QUARTERS, initial=4)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos at once; each is checked as an image by the service."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


class MeetingForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host unit"), queryset=OrgUnit.objects.none())
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE_INPUT)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    minutes = _text(_("Minutes"), rows=6)
    photos = MultipleImageField(label=_("Add photos"), required=False)
    caption = forms.CharField(label=_("Photo caption"), max_length=200, required=False)

    def __init__(self, *args, hosts: QuerySet[OrgUnit], may_change_host: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        host = cast(forms.ModelChoiceField, self.fields["host"])
        host.queryset = hosts
        host.error_messages["invalid_choice"] = _("Choose a county-level unit that takes part in the plan.")
        host.disabled = not may_change_host


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.name}（{obj.unit.display_name}）"


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    reason = _text(_("Reason"), required=True, rows=4)
    doc_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT)

    def __init__(self, *args, units: QuerySet[OrgUnit], people: QuerySet[Person], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        self.fields["unit"].help_text = _("Name a unit or a person.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "unit" in data and "person" in data and (data["unit"] is None) == (data["person"] is None):
            self.add_error("unit", _("Name either a unit or a person."))
        return data
