"""Forms of the reporting pages: a report's values built from its definition's fields, a photo with its
caption, review, comment and highlight.

Values pass through as typed: the service checks them (reporting.values) and its messages are put next
to the fields, so the page and the API refuse the same input with the same words.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jinguo.reporting.models import NUMERIC_TYPES, UPLOAD_TYPES, FieldType, ReportField, ReviewAction

VALUES_PREFIX = "values"  # report field keys are free slugs: keep them apart from the page's own inputs
REVIEW_ACTIONS = (ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.REOPEN)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _number_input(report_field: ReportField) -> forms.NumberInput:
    whole = report_field.type == FieldType.INTEGER
    attrs = {"step": "1" if whole else "any", "inputmode": "numeric" if whole else "decimal"}
    if report_field.min_value is not None:
        attrs["min"] = _plain(report_field.min_value)
    if report_field.max_value is not None:
        attrs["max"] = _plain(report_field.max_value)
    return forms.NumberInput(attrs=attrs)


def _widget(report_field: ReportField) -> forms.Widget:
    kind = report_field.type
    if kind == FieldType.LONG_TEXT:
        return forms.Textarea(attrs={"rows": 4})
    if kind in NUMERIC_TYPES:
        return _number_input(report_field)
    if kind == FieldType.DATE:
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if kind == FieldType.CHOICE:
        return forms.Select(choices=[("", "---------"), *((choice, choice) for choice in report_field.choices)])
    return forms.TextInput(attrs={"maxlength": 200})


class ReportForm(forms.Form):
    """One input per field of the definition except photos and files (they are uploaded apart)."""

    prefix = VALUES_PREFIX

    def __init__(self, *args: Any, report_fields: Sequence[ReportField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for report_field in report_fields:
            if report_field.type not in UPLOAD_TYPES:
                self.fields[report_field.key] = forms.CharField(
                    label=report_field.label,
                    help_text=report_field.help_text,
                    required=False,  # the service says what is missing, for a submission only
                    widget=_widget(report_field),
                )

    def raw(self) -> dict[str, str]:
        """Field key → text as typed, for the service."""
        return {key: self.cleaned_data.get(key, "") for key in self.fields}


class PhotoForm(forms.Form):
    """A photo for one photo field (the form's prefix is the field's key)."""

    photo = forms.FileField(
        label=_("Take or choose a photo"),
        # capture= opens the phone's camera directly
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        error_messages={"required": _("Choose a photo.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The inputs sit inside the report's form on the page but belong to this photo's own form.
        for field in self.fields.values():
            field.widget.attrs["form"] = self.form_id

    @property
    def form_id(self) -> str:
        return f"photo-form-{self.prefix}"


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(action.value, action.label) for action in REVIEW_ACTIONS])
    comment = forms.CharField(
        label=_("Message to the sender"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RemarkForm(forms.Form):
    """A leader's comment (点评) on a report."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HighlightForm(forms.Form):
    on = forms.BooleanField(label=_("Highlight for the bulletin"), required=False)
    note = forms.CharField(
        label=_("Why it stands out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown with the report in the bulletin."),
    )
