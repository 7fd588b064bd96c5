import datetime

import pytest

from jinguo.plans.models import Plan
from jinguo.plans.selectors import flatten, plan_progress, status_counts, task_tree
from jinguo.plans.status import TaskFacts, TaskStatus, task_status

START, DEADLINE = datetime.date(2012, 9, 25), datetime.date(2013, 7, 31)


@pytest.mark.parametrize(
    ("percent", "accepted", "today", "expected"),
    [
        (None, False, datetime.date(2012, 10, 1), TaskStatus.NOT_STARTED),
        (10, False, datetime.date(2012, 11, 1), TaskStatus.ON_TRACK),
        (10, False, datetime.date(2013, 5, 1), TaskStatus.AT_RISK),
        (90, False, datetime.date(2013, 8, 1), TaskStatus.OVERDUE),
        (90, True, datetime.date(2013, 8, 1), TaskStatus.DONE),
    ],
)
def test_task_status(percent, accepted, today, expected):
    assert task_status(TaskFacts(percent, accepted, START, DEADLINE), today) == expected


@pytest.mark.django_db
def test_demo_plan_rolls_up(world):
    plan = Plan.objects.get(doc_number="泉妇〔2012〕39号")
    rows = task_tree(user=world.user("liangyuhua"), plan=plan, today=datetime.date(2026, 11, 23))
    assert [row.task.title for row in rows] == ["好班子", "好队伍", "好精神", "好机制", "好阵地", "好业绩"]
    by_number = {row.task.number: row for row in flatten(rows)}
    assert by_number["（12）"].status == TaskStatus.OVERDUE and by_number["（1）"].status == TaskStatus.DONE
    counts = status_counts(rows)
    assert counts["overdue"] == 3 and counts["done"] == 15  # (12), (16) and 好业绩 itself are open
    assert 0 < plan_progress(rows) < 100
