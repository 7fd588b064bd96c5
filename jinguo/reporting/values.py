"""Checking the values of a report against its fields and rules.

Values are kept as JSON: text and dates as strings, numbers as strings of their decimal form (no
float rounding), choices as the chosen value. A draft keeps what parses and reports the rest; a
submission must be complete and pass every rule. Messages name the field they belong to.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jinguo.reporting.models import NUMERIC_TYPES, UPLOAD_TYPES, FieldRule, FieldType, ReportField

MAX_TEXT = {FieldType.SHORT_TEXT: 200, FieldType.LONG_TEXT: 10_000}


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _number(report_field: ReportField, raw: str) -> tuple[str | None, str | None]:
    """(the value as stored, or an error)."""
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None, _("Enter a number.")
    if not number.is_finite():
        return None, _("Enter a number.")
    if report_field.type == FieldType.INTEGER and number != number.to_integral_value():
        return None, _("Enter a whole number.")
    if report_field.min_value is not None and number < report_field.min_value:
        return None, _("At least %(min)s.") % {"min": _plain(report_field.min_value)}
    if report_field.max_value is not None and number > report_field.max_value:
        return None, _("At most %(max)s.") % {"max": _plain(report_field.max_value)}
    return _plain(number), None


def _plain(number: Decimal) -> str:
    """12.5000 → 12.5, 3.0 → 3: how the number was meant."""
    text = format(number.normalize(), "f")
    return text


def _one(report_field: ReportField, raw: str) -> tuple[Any, str | None]:
    kind = report_field.type
    if kind in NUMERIC_TYPES:
        return _number(report_field, raw)
    if kind == FieldType.DATE:
        try:
            return datetime.date.fromisoformat(raw).isoformat(), None
        except ValueError:
            return None, _("Enter a date such as 2013-01-31.")
    if kind == FieldType.CHOICE:
        return (raw, None) if raw in report_field.choices else (None, _("Choose one of the listed values."))
    limit = MAX_TEXT.get(FieldType(kind), 200)
    if len(raw) > limit:
        return None, _("At most %(limit)d characters.") % {"limit": limit}
    return raw, None


def check_values(
    fields: Sequence[ReportField],
    rules: Sequence[FieldRule],
    raw: Mapping[str, str],
    *,
    uploads: Mapping[str, int] | None = None,
    final: bool,
) -> Checked:
    """Parse `raw` (field key → text as typed). With `final`, required fields and rules are enforced.

    `uploads` gives how many photos or files each upload field holds (they are stored apart)."""
    checked = Checked()
    uploads = uploads or {}
    for report_field in fields:
        if report_field.type in UPLOAD_TYPES:
            if final and report_field.required and not uploads.get(report_field.key):
                checked.errors[report_field.key] = _("Add at least one.")
            continue
        text = str(raw.get(report_field.key, "") or "").strip()
        if not text:
            if final and report_field.required:
                checked.errors[report_field.key] = _("This field is required.")
            continue
        value, error = _one(report_field, text)
        if error:
            checked.errors[report_field.key] = error
        else:
            checked.values[report_field.key] = value
    if final and not checked.errors:
        _apply_rules(rules, checked)
    return checked


def _apply_rules(rules: Sequence[FieldRule], checked: Checked) -> None:
    for rule in rules:
        left, right = checked.values.get(rule.left.key), checked.values.get(rule.right.key)
        if left is None or right is None:
            continue
        if not rule.holds(Decimal(left), Decimal(right)):
            default = _("%(left)s must be %(comparison)s %(right)s.") % {
                "left": rule.left.label,
                "comparison": rule.get_comparison_display(),
                "right": rule.right.label,
            }
            checked.errors.setdefault(rule.left.key, rule.message or default)
