"""The inbox lists: a unit's own reports to fill (not its subordinates'), its departments' to their staff,
and to review only what the viewer's units receive from below."""

import datetime

import pytest

from jinguo.reporting import selectors, services
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import Submission
from jinguo.reporting.tests.factories import jpeg

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 11, 20)


@pytest.fixture
def expected(monthly) -> list[Submission]:  # type: ignore[no-untyped-def]
    ensure_expected(monthly, until=TODAY)
    return list(Submission.objects.filter(definition=monthly))


def names(rows, definition) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(row.reporter_name, row.period) for row in rows if row.definition_id == definition.pk]


def test_a_county_fills_its_own_reports_overdue_first(monthly, expected, world):
    rows = selectors.to_fill(user=world.user("huangyufang"), today=TODAY)

    assert names(rows, monthly) == [("鲤城区妇联", "2012-10"), ("鲤城区妇联", "2012-11")]
    overdue = [row.is_overdue for row in rows if row.definition_id == monthly.pk]  # type: ignore[attr-defined]
    assert overdue == [True, False]


def test_the_city_office_fills_its_department_and_reviews_the_rest(monthly, expected, world):
    office, city = world.user("liuweihong"), world.unit("泉州市妇联")
    lichen, own = (
        Submission.objects.get(definition=monthly, period="2012-10", unit=world.unit("鲤城区妇联")),
        Submission.objects.get(definition=monthly, period="2012-10", unit=city, department__name="办公室"),
    )
    other = Submission.objects.get(definition=monthly, period="2012-10", unit=city, department__name="宣传部")
    for submission, reporter in ((lichen, "huangyufang"), (own, "liuweihong"), (other, "linhui")):
        user = world.user(reporter)
        services.photo_add(user=user, submission=submission, field_key="photos", upload=jpeg())
        services.submit(user=user, submission=submission, raw={"summary": "已完成。"})

    assert names(selectors.to_fill(user=office, today=TODAY), monthly) == [("办公室", "2012-11")]
    assert names(selectors.to_review(user=office), monthly) == [("鲤城区妇联", "2012-10"), ("宣传部", "2012-10")]
    assert names(selectors.recently_sent(user=office), monthly) == [("办公室", "2012-10")]
    assert names(selectors.to_review(user=world.user("huangyufang")), monthly) == []
