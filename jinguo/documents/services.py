"""Giving out document numbers. Each call runs in its own transaction and locks its series' counter
row, so two requests never get the same number; the unique constraint is the last line of defence."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record
from jinguo.documents.formatting import format_doc_number
from jinguo.documents.models import DocNumber, DocNumberSeries

# A prefix is the issuer's abbreviation (泉妇, 闽妇办): no spaces, digits or brackets.
_PREFIX = re.compile(r"^[^\s\d〔〕\[\]()（）]{1,20}$")


def _validate(prefix: str, year: int, number: int | None = None) -> None:
    errors: dict[str, str] = {}
    if not _PREFIX.match(prefix):
        errors["prefix"] = _("An issuer prefix is the issuer's abbreviation, without spaces, digits or brackets.")
    if not 1000 <= year <= 9999:
        errors["year"] = _("The year must be written in full, with four digits.")
    if number is not None and number < 1:
        errors["number"] = _("Document numbers start at 1.")
    if errors:
        raise ValidationError(errors)


def _locked_series(prefix: str, year: int) -> DocNumberSeries:
    # get_or_create relies on the series' unique constraint when two requests create it at once.
    series, _created = DocNumberSeries.objects.get_or_create(prefix=prefix, year=year)
    return DocNumberSeries.objects.select_for_update().get(pk=series.pk)


def _record(doc_number: DocNumber, actor: User | None) -> DocNumber:
    doc_number.created_by = actor
    doc_number.full_clean()
    doc_number.save()
    audit_record(actor=actor, instance=doc_number, action=AuditAction.CREATE)
    return doc_number


def doc_number_allocate(*, prefix: str, year: int, actor: User | None = None, title: str = "") -> DocNumber:
    """The next number of the series: one above the highest given out or reserved."""
    _validate(prefix, year)
    with transaction.atomic():
        series = _locked_series(prefix, year)
        series.last_number += 1
        series.save(update_fields=["last_number"])
        return _record(DocNumber(prefix=prefix, year=year, number=series.last_number, title=title), actor)


def doc_number_reserve(*, prefix: str, year: int, number: int, actor: User | None = None, title: str = "") -> DocNumber:
    """Take a given number (importing 泉妇〔2012〕39号, say); refused if it was already given out.
    Allocation then continues above it."""
    _validate(prefix, year, number)
    with transaction.atomic():
        series = _locked_series(prefix, year)
        if DocNumber.objects.filter(prefix=prefix, year=year, number=number).exists():
            taken = ValidationError(
                _("%(number)s has already been given out."),
                code="taken",
                params={"number": format_doc_number(prefix, year, number)},
            )
            raise ValidationError({"number": taken})
        if number > series.last_number:
            series.last_number = number
            series.save(update_fields=["last_number"])
        return _record(DocNumber(prefix=prefix, year=year, number=number, title=title, is_reserved=True), actor)
