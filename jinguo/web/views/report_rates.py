"""Completeness of periodic reporting (DHIS2's reporting and on-time rates): every report the viewer
can see with its latest closed period at a glance; one report's rates by subordinate unit for a
period, drillable down the tree; the unit × period matrix; the overdue list.

A definition out of the viewer's scope, a unit outside their reach and a period that has not started
are the same 404. Each page runs a fixed number of queries, whatever the size of the tree.
"""

from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jinguo.access.scopes import path_q
from jinguo.accounts.models import User
from jinguo.reporting import completeness, policies, rates
from jinguo.reporting.models import ReportDefinition, Submission
from jinguo.reporting.periods import Period
from jinguo.reporting.rates import BranchRates, Rates

DEFINITIONS_PAGE_SIZE = 20
OVERDUE_PAGE_SIZE = 25


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


def _definition(request: HttpRequest, pk: int) -> ReportDefinition:
    """The definition through the viewer's scope: missing and out of scope are the same 404."""
    try:
        return policies.definition_scope(_viewer(request)).select_related("owner").get(pk=pk)
    except ReportDefinition.DoesNotExist as exc:
        raise Http404 from exc


def _unit_query(focus: completeness.Focus, **extra: str) -> str:
    """The query string that keeps the drilled-to unit (and `extra`) across the tabs and pages."""
    params = {"unit": str(focus.unit.pk)} if focus.unit.pk != focus.tops[0].pk else {}
    params.update({key: value for key, value in extra.items() if value})
    return urlencode(params)


@login_required
def rates_list(request: HttpRequest) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    definitions = policies.definition_scope(user).select_related("owner")
    page = Paginator(definitions, DEFINITIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    items = completeness.definitions_rates(user=user, definitions=list(page), today=today)
    return render(request, "reports/rates_list.html", {"page": page, "items": items})


# --- one definition's rates by subordinate unit ----------------------------------------------------


def _total(lines: list[BranchRates]) -> Rates:
    return Rates(
        expected=sum(line.rates.expected for line in lines),
        reported=sum(line.rates.reported for line in lines),
        on_time=sum(line.rates.on_time for line in lines),
        returned=sum(line.rates.returned for line in lines),
    )


def _ranking(lines: list[BranchRates]) -> list[BranchRates]:
    """Best on-time rate first; ties by reporting rate, then in tree order."""
    return sorted(lines, key=lambda line: (-(line.rates.on_time_rate or 0), -(line.rates.reporting_rate or 0)))


def _line_name(line: BranchRates) -> str:
    if line.is_focus:
        return _("%(unit)s (own reports)") % {"unit": line.unit.display_name}
    return line.unit.display_name


def _chart(lines: list[BranchRates]) -> list[dict[str, object]]:
    return [
        {
            "name": _line_name(line),
            "reporting": round((line.rates.reporting_rate or 0) * 100),
            "on_time": round((line.rates.on_time_rate or 0) * 100),
        }
        for line in lines
    ]


@login_required
def rates_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    definition = _definition(request, pk)
    focus = completeness.report_focus(user=user, definition=definition, unit_pk=request.GET.get("unit"))
    period, periods = completeness.chosen_period(definition, request.GET.get("period"), today)
    lines = (
        rates.branch_rates(definition=definition, periods=[period.key], focus=focus.unit) if period is not None else []
    )
    context = {
        "definition": definition,
        "focus": focus,
        "period": period,
        "periods": periods,
        "lines": lines,
        "total": _total(lines),
        "ranking": _ranking(lines),
        "chart": _chart(lines),
        "chart_labels": {"reporting": _("Reporting rate"), "on_time": _("On-time rate")},
        "on_time_until": completeness.on_time_until(definition, period) if period else None,
        "unit_query": _unit_query(focus),
        "keep": f"&{urlencode({'period': period.key})}" if period else "",
    }
    return render(request, "reports/rates_detail.html", context)


# --- the matrix -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """How a state shows: its colour class, a symbol in the cell and the words the legend gives it."""

    state: str
    symbol: str
    label: str


def _report_states() -> dict[str, Shown]:
    return {
        state: Shown(state, symbol, label)
        for state, symbol, label in (
            ("on_time", "✓", _("Sent on time")),
            ("late", "!", _("Sent late")),
            ("missing", "✗", _("Missing (overdue)")),
            ("returned", "↩", _("Returned, not sent again")),
            ("not_due", "·", _("Not due yet")),
        )
    }


def _bands() -> dict[str, Shown]:
    good, fair = round(completeness.GOOD_RATE * 100), round(completeness.FAIR_RATE * 100)
    return {
        state: Shown(state, "", label)
        for state, label in (
            ("good", _("%(good)d%% or more sent") % {"good": good}),
            ("fair", _("%(fair)d–%(below)d%% sent") % {"fair": fair, "below": good - 1}),
            ("poor", _("Under %(fair)d%% sent") % {"fair": fair}),
            ("not_due", _("Not due yet")),
        )
    }


@dataclass(frozen=True)
class GridCell:
    cell: completeness.MatrixCell
    shown: Shown


def _grid(
    rows: list[completeness.MatrixRow], periods: list[Period]
) -> list[tuple[completeness.MatrixRow, list[GridCell | None]]]:
    states, bands = _report_states(), _bands()
    grid = []
    for row in rows:
        shown = bands if row.is_branch else states
        cells = [GridCell(cell, shown[cell.state]) if cell else None for cell in row.cells_for(periods)]
        grid.append((row, cells))
    return grid


@login_required
def rates_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    definition = _definition(request, pk)
    focus = completeness.report_focus(user=user, definition=definition, unit_pk=request.GET.get("unit"))
    periods = completeness.matrix_periods(definition, today)
    rows = completeness.unit_matrix_rows(definition=definition, focus=focus.unit, periods=periods, today=today)
    context = {
        "definition": definition,
        "focus": focus,
        "periods": periods,
        "grid": _grid(rows, periods),
        "report_states": _report_states().values(),
        "bands": _bands().values(),
        "unit_query": _unit_query(focus),
    }
    return render(request, "reports/rates_matrix.html", context)


# --- overdue ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    submission: Submission
    days_overdue: int  # since the due date


@login_required
def rates_overdue(request: HttpRequest, pk: int) -> HttpResponse:
    """Reports past their on-time date and not sent (or returned and not sent again), in the viewer's
    reach or, with `?unit=`, under that unit."""
    user, today = _viewer(request), timezone.localdate()
    definition = _definition(request, pk)
    focus = completeness.report_focus(user=user, definition=definition, unit_pk=request.GET.get("unit"))
    submissions = policies.submissions.scope(user).filter(definition=definition)
    if request.GET.get("unit"):
        submissions = submissions.filter(path_q([focus.unit.path], "unit__path"))
    page = Paginator(rates.overdue(submissions, today), OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    unit_query = _unit_query(focus)
    context = {
        "definition": definition,
        "focus": focus,
        "page": page,
        "rows": [OverdueRow(row, (today - row.due_on).days) for row in page],
        "unit_query": unit_query,
        "querystring_base": f"{unit_query}&" if unit_query else "",
    }
    return render(request, "reports/rates_overdue.html", context)
