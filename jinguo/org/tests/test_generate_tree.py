"""generate_tree builds a valid treebeard tree at the size asked, and `bench tree` runs end to end."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from jinguo.org.management.commands.generate_tree import level_counts, plan_fanouts, shape_fanouts, tree_roots
from jinguo.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db

ROOT_NAME = "测试"


@pytest.fixture
def tree() -> list[OrgUnit]:
    """A 2,000-unit tree with 3 people per unit, next to the demo world; its provinces."""
    call_command("generate_tree", units=2000, people_per_unit=3, root_name=ROOT_NAME, seed=7, stdout=StringIO())
    return list(tree_roots(ROOT_NAME))


def subtree(provinces: list[OrgUnit]) -> list[OrgUnit]:
    return [unit for province in provinces for unit in OrgUnit.objects.filter(path__startswith=province.path)]


def test_level_counts_keep_the_national_shape():
    assert level_counts(750_000) == [31, 333, 2935, 42672, 704029]
    assert sum(level_counts(2000)) == 2000
    assert level_counts(5) == [1, 1, 1, 1, 1]
    with pytest.raises(ValueError, match="at least 5"):
        level_counts(4)


def test_fanouts_match_the_level_counts():
    fanouts = plan_fanouts(2000, random.Random(1))
    assert [sum(level) for level in fanouts] == level_counts(2000)
    assert all(min(level) >= 1 for level in fanouts)
    assert shape_fanouts([2, 3, 1, 2, 2]) == [[2], [3, 3], [1] * 6, [2] * 6, [2] * 12]


def test_tree_has_the_size_asked_and_no_treebeard_problems(tree):
    units = subtree(tree)
    assert len(units) == 2000
    for province in tree:
        assert OrgUnit.objects.find_problems(parent=province) == ([], [], [], [], [])


def test_numchild_and_levels_are_right(tree):
    units = subtree(tree)
    children = {unit.path: 0 for unit in units}
    for unit in units:
        if unit.depth > 1:
            children[unit.path[: -OrgUnit.steplen]] += 1
    assert {unit.path: unit.numchild for unit in units} == children
    assert all(unit.level == unit.depth for unit in units)
    assert [sum(1 for unit in units if unit.level == level) for level in range(1, 6)] == level_counts(2000)
    assert all(unit.numchild == 0 for unit in units if unit.level == 5)


def test_units_are_flagged_named_and_coded_clear_of_the_demo_world(tree):
    units = subtree(tree)
    assert all(unit.is_generated and unit.name and unit.name_initials for unit in units)
    assert all(unit.name.startswith(ROOT_NAME) for unit in tree)
    codes = [unit.division_code for unit in units if unit.division_code]
    assert len(codes) == len(units)
    assert all(
        code.startswith("9") and len(code) == {1: 6, 2: 6, 3: 6, 4: 9, 5: 12}[unit.level]
        for unit, code in zip(units, codes, strict=True)
    )
    village = next(unit for unit in units if unit.level == 5)
    township = OrgUnit.objects.get(path=village.path[:16])
    assert (village.division_code or "").startswith(township.division_code or "-")


def test_people_count_as_asked_with_pinyin(tree):
    people = Person.objects.filter(unit__in=subtree(tree))
    assert people.count() == 2000 * 3
    assert not people.filter(is_generated=False).exists()
    assert set(people.values_list("unit").annotate(n=Count("id")).values_list("n", flat=True)) == {3}
    person = people.order_by("id")[0]
    assert person.name_pinyin and person.name_initials == person.name_initials.lower()
    assert person.title.endswith(("主席", "主任"))


def test_a_second_tree_with_the_same_root_name_is_refused(tree):
    with pytest.raises(CommandError, match="exists"):
        call_command("generate_tree", units=10, root_name=ROOT_NAME, stdout=StringIO())


def test_a_fixed_shape_builds_exactly_that_tree():
    call_command("generate_tree", shape="2,2,1,2,3", people_per_unit=0, root_name="形状", stdout=StringIO())
    provinces = list(tree_roots("形状"))
    assert [province.numchild for province in provinces] == [2, 2]
    assert len(subtree(provinces)) == 2 + 4 + 4 + 8 + 24


def test_bench_tree_runs_end_to_end_at_tiny_size():
    out = StringIO()
    call_command("bench", "tree", units=60, runs=2, warmup=1, stdout=out, stderr=StringIO())
    report = out.getvalue()
    assert "generate: units" in report
    assert "village ancestors (breadcrumbs)" in report
    assert "county children: first page of 50" in report
    assert "FAIL" not in report.split("generate: people")[1]  # reads are far within budget at this size
    assert tree_roots().count() >= 1
