"""The document-number registry: per issuer prefix and year, numbers in sequence, never given twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jinguo.documents.formatting import format_doc_number


class DocNumberSeries(models.Model):
    """The counter of one prefix and year (泉妇, 2012): the highest number given out so far.

    Allocation locks this row, so concurrent requests for the same series queue on it; the numbers
    themselves are `DocNumber` rows, unique per prefix, year and number."""

    prefix = models.CharField(_("issuer prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="documents_series_prefix_year_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕"


class DocNumber(models.Model):
    """One number given out (allocated in sequence) or reserved (a historical or agreed number)."""

    prefix = models.CharField(_("issuer prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("document title"), max_length=300, blank=True)
    is_reserved = models.BooleanField(
        _("reserved"), default=False, help_text=_("Taken by hand (e.g. imported) rather than allocated in sequence.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        ordering = ["prefix", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "number"], name="documents_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_number_positive"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """As printed: 泉妇〔2012〕39号."""
        return format_doc_number(self.prefix, self.year, self.number)
