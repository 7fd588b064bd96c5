"""The org app's job kinds: Excel import and export of units and people (found by jinguo.jobs)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jinguo.access.roles import Action
from jinguo.jobs.models import Job
from jinguo.jobs.progress import Progress
from jinguo.jobs.registry import Commit, JobOutcome, ResultFile, register
from jinguo.org.excel import exports, people, units
from jinguo.org.excel.columns import PERSON_COLUMNS, UNIT_COLUMNS, Column
from jinguo.org.excel.readers import Row, SpreadsheetError, read_rows
from jinguo.org.excel.references import ErrorList
from jinguo.org.excel.writers import errors_workbook

IMPORT_UNITS = "org.import_units"
IMPORT_PEOPLE = "org.import_people"
EXPORT_UNITS = "org.export_units"
EXPORT_PEOPLE = "org.export_people"
# Shown on the page without downloading the errors workbook.
ERRORS_SHOWN = 20


def _read(job: Job, columns: tuple[Column, ...]) -> list[Row]:
    with job.input_file.open("rb") as upload:
        return read_rows(
            upload, filename=job.params.get("filename", job.input_file.name), size=job.input_file.size, columns=columns
        )


def _refused(job: Job, errors: ErrorList, row_count: int) -> JobOutcome:
    """Nothing saved; the errors as a workbook (row, column, reason) and the first few on the page."""
    listed = errors.sorted()
    bad_rows = len({error.row for error in listed})
    message = _(
        "Nothing was imported: %(rows)d of %(total)d rows have problems (%(errors)d in all). "
        "Download the list of errors, correct the file and upload it again."
    ) % {"rows": bad_rows, "total": row_count, "errors": len(listed)}
    summary = {
        "rows": row_count,
        "errors": len(listed),
        "error_rows": bad_rows,
        "first_errors": [[error.row, error.column, error.reason] for error in listed[:ERRORS_SHOWN]],
    }
    name = _("import-errors-%(job)d.xlsx") % {"job": job.pk}
    return JobOutcome(
        succeeded=False, message=message, summary=summary, result=ResultFile(name, errors_workbook(listed))
    )


def _unreadable(error: SpreadsheetError) -> JobOutcome:
    return JobOutcome(succeeded=False, message=error.message, summary={"errors": 1})


@dataclass(frozen=True)
class _Importer:
    """One import kind: its columns, its row checks, its writes and its success message."""

    columns: tuple[Column, ...]
    check: Callable[..., Any]
    commit: Callable[..., list[Any]]
    done: Callable[[int, int], str]

    def run(self, job: Job, progress: Progress) -> JobOutcome | Commit:
        try:
            rows = _read(job, self.columns)
        except SpreadsheetError as error:
            return _unreadable(error)
        plan = self.check(actor=job.created_by, scope_unit=job.unit, rows=rows, progress=progress)
        if plan.errors:
            return _refused(job, plan.errors, len(rows))

        def apply() -> JobOutcome:
            created = self.commit(actor=job.created_by, plan=plan)
            masked = getattr(plan, "masked_id_numbers", 0)
            summary = {"rows": len(rows), "created": len(created), "masked_id_numbers": masked}
            return JobOutcome(succeeded=True, message=self.done(len(created), masked), summary=summary)

        return Commit(apply)


def _units_done(count: int, _masked: int) -> str:
    return ngettext("Imported %(count)d unit.", "Imported %(count)d units.", count) % {"count": count}


def _people_done(count: int, masked: int) -> str:
    message = ngettext("Imported %(count)d person.", "Imported %(count)d people.", count) % {"count": count}
    if masked:
        message += " " + ngettext(
            "%(count)d masked ID number was left blank.", "%(count)d masked ID numbers were left blank.", masked
        ) % {"count": masked}
    return message


@register(IMPORT_UNITS, action=Action.MANAGE_UNITS)
def import_units(job: Job, progress: Progress) -> JobOutcome | Commit:
    return _Importer(UNIT_COLUMNS, units.check_units, units.commit_units, _units_done).run(job, progress)


@register(IMPORT_PEOPLE, action=Action.MANAGE_PEOPLE)
def import_people(job: Job, progress: Progress) -> JobOutcome | Commit:
    return _Importer(PERSON_COLUMNS, people.check_people, people.commit_people, _people_done).run(job, progress)


@register(EXPORT_UNITS, action=Action.VIEW)
def export_units(job: Job, progress: Progress) -> JobOutcome:
    content, count = exports.export_units(user=job.created_by, unit=job.unit, progress=progress)
    name = _("%(unit)s-units.xlsx") % {"unit": job.unit.name}
    message = ngettext("Exported %(count)d unit.", "Exported %(count)d units.", count) % {"count": count}
    return JobOutcome(succeeded=True, message=message, summary={"rows": count}, result=ResultFile(name, content))


@register(EXPORT_PEOPLE, action=Action.VIEW)
def export_people(job: Job, progress: Progress) -> JobOutcome:
    content, count = exports.export_people(user=job.created_by, unit=job.unit, progress=progress)
    name = _("%(unit)s-people.xlsx") % {"unit": job.unit.name}
    message = ngettext("Exported %(count)d person.", "Exported %(count)d people.", count) % {"count": count}
    return JobOutcome(succeeded=True, message=message, summary={"rows": count}, result=ResultFile(name, content))
