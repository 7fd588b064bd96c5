"""The completeness pages on the demo campaign report (seed 000) and Lixia's report (seed 004): rates by
county against a month set by hand, drilling down with breadcrumbs, 404 outside the viewer's reach,
the matrix's states and colours, the overdue list, and query counts pinned at two sizes."""

import datetime
import json
from typing import Any

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.reporting.demo import texts
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import EDITABLE, ReportDefinition, ReportTarget, Submission, SubmissionStatus
from jinguo.reporting.periods import DueRule, Frequency
from jinguo.web.tests.test_pages import count_queries

pytestmark = pytest.mark.django_db

AUGUST = "2013-08"
MONTHS = ["2012-10", "2012-11", "2012-12", *(f"2013-{month:02d}" for month in range(1, 9))]
FIELDS = ["expected", "reported", "on_time", "late", "missing", "returned", "reporting_rate", "on_time_rate"]
NOTHING_SENT = ["1", "0", "0", "0", "1", "0", "0%", "0%"]


def _campaign() -> ReportDefinition:
    return ReportDefinition.objects.get(name=texts.CAMPAIGN_REPORT)


def _lixia() -> ReportDefinition:
    return ReportDefinition.objects.get(name=texts.LIXIA_REPORT)


def _url(name: str, definition: ReportDefinition | None = None, query: str = "") -> str:
    url = reverse(f"reports:{name}", args=[definition.pk] if definition else [])
    return f"{url}?{query}" if query else url


def _get(client, user: User, url: str):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def _doc(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode())


def _line(response, unit: OrgUnit) -> list[str]:  # type: ignore[no-untyped-def]
    row = _doc(response).xpath(f"//*[@data-testid='rate-lines']//tbody/tr[@data-unit='{unit.pk}']")[0]
    return [row.xpath(f".//*[@data-field='{name}']")[0].text_content().strip() for name in FIELDS]


def _crumbs(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.text_content().strip() for item in _doc(response).xpath("//*[@data-testid='tree-path']//li")]


def _put(world, status: str, is_late: bool | None, unit: str, department: str = "") -> Submission:  # type: ignore[no-untyped-def]
    rows = Submission.objects.filter(definition=_campaign(), period=AUGUST, unit=world.unit(unit))
    row = rows.get(department__name=department) if department else rows.get(department__isnull=True)
    Submission.objects.filter(pk=row.pk).update(status=status, is_late=is_late)
    return row


@pytest.fixture
def august(world) -> dict[str, Submission]:  # type: ignore[no-untyped-def]
    """August 2013 set by hand: nothing sent, then a few reports of each kind."""
    Submission.objects.filter(definition=_campaign(), period=AUGUST).update(
        status=SubmissionStatus.MISSING, is_late=None, first_submitted_at=None, submitted_at=None
    )
    return {
        "鲤城": _put(world, SubmissionStatus.ACCEPTED, False, "鲤城区妇联"),
        "丰泽": _put(world, SubmissionStatus.SUBMITTED, True, "丰泽区妇联"),
        "洛江": _put(world, SubmissionStatus.RETURNED, False, "洛江区妇联"),
        "泉港": _put(world, SubmissionStatus.DRAFT, None, "泉港区妇联"),
        "办公室": _put(world, SubmissionStatus.SUBMITTED, False, "泉州市妇联", "办公室"),
        "宣传部": _put(world, SubmissionStatus.ACCEPTED, True, "泉州市妇联", "宣传部"),
    }


# --- access -----------------------------------------------------------------------------------------


PAGES = ["rates_detail", "rates_matrix", "rates_overdue"]


def test_pages_need_a_login(client, world):
    assert client.get(_url("rates")).status_code == 302
    for name in PAGES:
        response = client.get(_url(name, _campaign()))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_menu_leads_to_the_rates(client, world):
    response = _get(client, world.user("huangyufang"), reverse("home"))

    assert _url("rates") in [item["url"] for item in response.context["menu"]]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("where", ["sibling county", "the city above", "the province above", "not a unit"])
def test_drilling_outside_the_viewers_reach_is_not_found(client, world, name, where):
    unit = {
        "sibling county": lambda: str(world.unit("丰泽区妇联").pk),
        "the city above": lambda: str(world.unit("泉州市妇联").pk),
        "the province above": lambda: str(world.unit("福建省妇联").pk),
        "not a unit": lambda: "abc",
    }[where]()
    client.force_login(world.user("huangyufang"))

    assert client.get(_url(name, _campaign(), f"unit={unit}")).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_report_out_of_scope_is_not_found(client, world, name):
    client.force_login(world.user("huangyufang"))  # Lixia's report is none of Quanzhou's business

    assert client.get(_url(name, _lixia())).status_code == 404
    assert client.get(_url(name, ReportDefinition(pk=999_999))).status_code == 404


def test_a_period_that_has_not_started_is_not_found(client, world):
    client.force_login(world.user("liangyuhua"))

    for period in ("2013-09", "2012-09", "soon"):
        assert client.get(_url("rates_detail", _campaign(), f"period={period}")).status_code == 404


# --- the list ---------------------------------------------------------------------------------------


def _items(response) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {
        item.definition.name: (
            item.period.key if item.period else "",
            "、".join(unit.display_name for unit in item.tops),
            f"{item.rates.reported}/{item.rates.on_time}/{item.rates.expected}",
        )
        for item in response.context["items"]
    }


def test_the_list_shows_the_latest_closed_period_in_the_viewers_units(client, world, august):
    assert _items(_get(client, world.user("liangyuhua"), _url("rates"))) == {
        texts.CAMPAIGN_REPORT: (AUGUST, "泉州市", "4/2/20")
    }
    assert _items(_get(client, world.user("huangyufang"), _url("rates"))) == {
        texts.CAMPAIGN_REPORT: (AUGUST, "鲤城区", "1/1/1")
    }
    admin = _get(client, world.user("admin"), _url("rates"))
    lixia = Submission.objects.filter(definition=_lixia(), period="2014-04")
    sent = lixia.filter(status__in=("submitted", "accepted"))
    assert _items(admin)[texts.LIXIA_REPORT] == (
        "2014-04",
        "历下区",
        f"{sent.count()}/{sent.filter(is_late=False).count()}/{lixia.count()}",
    )
    shown = _doc(admin).xpath(f"//*[@data-definition='{_campaign().pk}']//*[@data-field='reporting_rate']")
    assert shown[0].text_content() == "20%"


# --- rates by unit ----------------------------------------------------------------------------------


def test_rates_by_county_match_the_month_set_by_hand(client, world, august):
    response = _get(client, world.user("liangyuhua"), _url("rates_detail", _campaign()))

    assert response.context["period"].key == AUGUST  # the latest period whose on-time date has passed
    city = world.unit("泉州市妇联")
    assert _line(response, city) == ["7", "2", "1", "1", "5", "0", "29%", "14%"]  # its departments
    assert _line(response, world.unit("鲤城区妇联")) == ["1", "1", "1", "0", "0", "0", "100%", "100%"]
    assert _line(response, world.unit("丰泽区妇联")) == ["1", "1", "0", "1", "0", "0", "100%", "0%"]
    assert _line(response, world.unit("洛江区妇联")) == ["1", "0", "0", "0", "1", "1", "0%", "0%"]
    for name in ("泉港区妇联", "石狮市妇联", "市直机关妇工委"):
        assert _line(response, world.unit(name)) == NOTHING_SENT
    total = _doc(response).xpath("//*[@data-testid='total']//*[@data-field]")
    assert [cell.text_content() for cell in total] == ["20", "4", "2", "2", "16", "1", "20%", "10%"]
    assert len(_doc(response).xpath("//*[@data-testid='rate-lines']//tbody/tr")) == 14  # the city and 13 units


def test_ranking_and_chart_follow_the_on_time_rate(client, world, august):
    response = _get(client, world.user("liangyuhua"), _url("rates_detail", _campaign()))

    ranking = [item.get("data-unit") for item in _doc(response).xpath("//*[@data-testid='ranking']/li")]
    first = [world.unit(name).pk for name in ("鲤城区妇联", "泉州市妇联", "丰泽区妇联", "洛江区妇联", "泉港区妇联")]
    assert ranking[:5] == [str(pk) for pk in first]  # ties keep the tree's order
    chart = json.loads(_doc(response).get_element_by_id("rates-chart-data").text_content())
    assert [(row["reporting"], row["on_time"]) for row in chart[:4]] == [(29, 14), (100, 100), (100, 0), (0, 0)]
    assert [row["name"] for row in chart[1:4]] == ["鲤城区", "丰泽区", "洛江区"]


def test_another_period_is_chosen_from_the_started_ones(client, world):
    response = _get(client, world.user("liangyuhua"), _url("rates_detail", _campaign(), "period=2012-10"))

    october = Submission.objects.filter(definition=_campaign(), period="2012-10")
    sent = october.filter(status__in=("submitted", "accepted"))
    total = _doc(response).xpath("//*[@data-testid='total']//*[@data-field]")
    assert [cell.text_content() for cell in total[:3]] == [
        str(october.count()),
        str(sent.count()),
        str(sent.filter(is_late=False).count()),
    ]
    options = _doc(response).xpath("//select[@name='period']/option")
    assert [option.get("value") for option in options] == MONTHS[::-1]


def test_drilling_down_to_a_county_and_back(client, world, august):
    lichen = world.unit("鲤城区妇联")

    response = _get(client, world.user("liangyuhua"), _url("rates_detail", _campaign(), f"unit={lichen.pk}"))

    assert _crumbs(response) == ["泉州市", "鲤城区"]
    assert _doc(response).xpath("//*[@data-testid='tree-path']//a/@href") == [
        f"?unit={world.unit('泉州市妇联').pk}&period={AUGUST}"
    ]
    assert _line(response, lichen) == ["1", "1", "1", "0", "0", "0", "100%", "100%"]
    assert len(_doc(response).xpath("//*[@data-testid='rate-lines']//tbody/tr")) == 1


def test_a_county_starts_from_itself(client, world, august):
    response = _get(client, world.user("huangyufang"), _url("rates_detail", _campaign()))

    assert _crumbs(response) == ["鲤城区"]
    lines = _doc(response).xpath("//*[@data-testid='rate-lines']//tbody/tr")
    assert [line.get("data-unit") for line in lines] == [str(world.unit("鲤城区妇联").pk)]


def test_lixia_drills_from_the_district_to_a_street(client, world):
    lixia = world.unit("历下区妇联")
    street = OrgUnit.objects.get_children(lixia).first()
    assert street is not None

    response = _get(client, world.user("admin"), _url("rates_detail", _lixia(), f"unit={street.pk}&period=2014-04"))

    assert _crumbs(response) == ["历下区", street.display_name]
    row = Submission.objects.get(definition=_lixia(), unit=street, period="2014-04")
    on_time = "1" if row.status in ("submitted", "accepted") and not row.is_late else "0"
    assert _line(response, street)[:3] == ["1", "1" if row.status in ("submitted", "accepted") else "0", on_time]


# --- the matrix -------------------------------------------------------------------------------------


def _cell(response, unit: OrgUnit, period: str, department: str = "") -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    selector = f"[@data-department='{department}']" if department else "[not(@data-department)]"
    row = _doc(response).xpath(f"//*[@data-testid='matrix']//tbody/tr[@data-unit='{unit.pk}']{selector}")[0]
    return row.xpath("./td")[MONTHS.index(period)]


def test_matrix_cells_show_each_reports_state_and_open_it(client, world, august):
    jinjiang = Submission.objects.get(definition=_campaign(), period=AUGUST, unit=world.unit("晋江市妇联"))
    Submission.objects.filter(pk=jinjiang.pk).update(late_after=timezone.localdate() + datetime.timedelta(days=3))

    response = _get(client, world.user("liangyuhua"), _url("rates_matrix", _campaign()))

    city = world.unit("泉州市妇联")
    expected = {
        (world.unit("鲤城区妇联"), ""): ("on_time", august["鲤城"]),
        (world.unit("丰泽区妇联"), ""): ("late", august["丰泽"]),
        (world.unit("洛江区妇联"), ""): ("returned", august["洛江"]),
        (world.unit("泉港区妇联"), ""): ("missing", august["泉港"]),  # a draft past its on-time date
        (world.unit("晋江市妇联"), ""): ("not_due", jinjiang),
        (city, "办公室"): ("on_time", august["办公室"]),
        (city, "宣传部"): ("late", august["宣传部"]),
    }
    for (unit, department), (state, row) in expected.items():
        cell = _cell(response, unit, AUGUST, department)
        assert (cell.get("data-state"), f"jg-cell-{state}" in cell.get("class")) == (state, True)
        assert cell.xpath(".//a/@href") == [reverse("reports:submission", args=[row.pk])]
        assert cell.xpath(".//*[@class='visually-hidden']")[0].text_content()  # the state in words too
    header = _doc(response).xpath("//*[@data-testid='matrix']//thead//th[@data-period]")
    assert [th.get("data-period") for th in header] == MONTHS
    assert len(_doc(response).xpath("//*[@data-testid='matrix']//tbody/tr")) == 7 + 13  # departments, units


def test_matrix_legend_says_each_state_in_words(client, world):
    response = _get(client, world.user("liangyuhua"), _url("rates_matrix", _campaign()))

    items = _doc(response).xpath("//*[@data-testid='legend']//li[@data-state]")
    legend = {item.get("data-state"): item.text_content().strip() for item in items}
    assert set(legend) == {"on_time", "late", "missing", "returned", "not_due", "good", "fair", "poor"}
    assert all(len(text) > 2 for text in legend.values())
    assert _doc(response).xpath("//*[@data-testid='matrix-scroll']/@class") == ["table-responsive"]


def test_matrix_summarises_a_unit_with_reporters_below_and_drills_into_it(client, world, august):
    definition, lichen = _campaign(), world.unit("鲤城区妇联")
    ReportTarget.objects.create(definition=definition, unit=lichen, below=True, level=UnitLevel.TOWNSHIP)
    ensure_expected(definition, until=definition.last_day)
    townships = list(OrgUnit.objects.get_children(lichen).order_by("path"))
    Submission.objects.filter(definition=definition, period=AUGUST, unit=townships[0]).update(
        status=SubmissionStatus.SUBMITTED, is_late=False
    )

    response = _get(client, world.user("liangyuhua"), _url("rates_matrix", definition))

    cell = _cell(response, lichen, AUGUST)
    assert (cell.get("data-state"), cell.text_content().strip()) == ("fair", "67%")  # 2 of 3 sent
    assert gettext("%(sent)s of %(expected)s sent") % {"sent": 2, "expected": 3} in cell.get("title")
    row = cell.getparent()
    assert row.get("data-branch") == "true" and row.xpath("./th/a/@href") == [f"?unit={lichen.pk}"]

    inside = _get(client, world.user("liangyuhua"), _url("rates_matrix", definition, f"unit={lichen.pk}"))
    assert _crumbs(inside) == ["泉州市", "鲤城区"]
    rows = _doc(inside).xpath("//*[@data-testid='matrix']//tbody/tr/@data-unit")
    assert rows == [str(lichen.pk), *(str(township.pk) for township in townships)]
    assert _cell(inside, townships[0], AUGUST).get("data-state") == "on_time"


# --- overdue ----------------------------------------------------------------------------------------


def test_overdue_lists_reports_not_sent_after_their_on_time_date(client, world):
    definition, today = _campaign(), timezone.localdate()
    unsent = Submission.objects.filter(definition=definition, status__in=EDITABLE).order_by(
        "due_on", "unit__path", "pk"
    )

    response = _get(client, world.user("liangyuhua"), _url("rates_overdue", definition))

    assert response.context["page"].paginator.count == unsent.count() == 27
    rows = _doc(response).xpath("//*[@data-testid='overdue']/tbody/tr")
    assert len(rows) == 25
    first = unsent.first()
    assert first is not None
    assert rows[0].get("data-submission") == str(first.pk)
    assert rows[0].xpath(".//*[@data-field='days']")[0].text_content() == str((today - first.due_on).days)
    assert rows[0].xpath(".//a/@href") == [reverse("reports:submission", args=[first.pk])]
    second = _get(client, world.user("liangyuhua"), _url("rates_overdue", definition, "page=2"))
    assert len(_doc(second).xpath("//*[@data-testid='overdue']/tbody/tr")) == 2


def test_overdue_keeps_to_the_viewers_reach_and_to_the_drilled_unit(client, world):
    definition, lichen = _campaign(), world.unit("鲤城区妇联")
    own = set(
        Submission.objects.filter(definition=definition, unit=lichen, status__in=EDITABLE).values_list("pk", flat=True)
    )

    for user, query in ((world.user("huangyufang"), ""), (world.user("liangyuhua"), f"unit={lichen.pk}")):
        response = _get(client, user, _url("rates_overdue", definition, query))
        assert {row.submission.pk for row in response.context["rows"]} == own


# --- query counts -----------------------------------------------------------------------------------


def _grow(world) -> None:  # type: ignore[no-untyped-def]
    """More of everything: every township under the city reports too, and two more reports with rows."""
    definition, city = _campaign(), world.unit("泉州市妇联")
    ReportTarget.objects.create(definition=definition, unit=city, below=True, level=UnitLevel.TOWNSHIP)
    ensure_expected(definition, until=definition.last_day)
    for index in range(2):
        extra = ReportDefinition.objects.create(
            owner=city,
            name=f"季度报表{index}",
            frequency=Frequency.QUARTERLY,
            first_day=datetime.date(2012, 1, 1),
            last_day=datetime.date(2013, 12, 31),
            due_rule=DueRule.DAYS_AFTER_END,
            due_value=10,
        )
        ReportTarget.objects.create(definition=extra, unit=city, below=True, level=UnitLevel.TOWNSHIP)
        ensure_expected(extra, until=extra.last_day)
    Submission.objects.filter(definition=definition, unit__level=UnitLevel.TOWNSHIP, period=AUGUST).update(
        status=SubmissionStatus.SUBMITTED, is_late=False
    )


PINNED: list[tuple[str, str, Any]] = [
    ("rates", "", 12),
    ("rates_detail", "", 11),
    ("rates_detail", "unit", 13),
    ("rates_matrix", "", 12),
    ("rates_matrix", "unit", 14),
    ("rates_overdue", "", 11),
    ("rates_overdue", "unit", 13),
]


@pytest.mark.parametrize(("name", "drill", "queries"), PINNED, ids=[f"{n}-{d}" for n, d, _q in PINNED])
def test_query_count_is_pinned_whatever_the_data_size(client, world, name, drill, queries):
    client.force_login(world.user("liangyuhua"))
    definition = None if name == "rates" else _campaign()
    url = _url(name, definition, f"unit={world.unit('鲤城区妇联').pk}" if drill else "")

    assert count_queries(client, url) == queries
    before = Submission.objects.count()
    _grow(world)
    assert Submission.objects.count() > before + 200
    assert count_queries(client, url) == queries
