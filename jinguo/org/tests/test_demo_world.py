"""The demo world matches seed 000's annexes name for name."""

import pytest
from django.core.management import call_command

from jinguo.org.demo import seed_data as seed
from jinguo.org.models import GroupMember, LeadingGroup, Liaison, OrgUnit, Person, Position

pytestmark = pytest.mark.django_db

COUNTIES = [
    "鲤城区妇联",
    "丰泽区妇联",
    "洛江区妇联",
    "泉港区妇联",
    "石狮市妇联",
    "晋江市妇联",
    "南安市妇联",
    "惠安县妇联",
    "安溪县妇联",
    "永春县妇联",
    "德化县妇联",
]


def test_city_has_eleven_counties_the_zone_and_the_organs_committee(world):
    city = world.unit("泉州市妇联")
    children = list(OrgUnit.objects.get_children(city).values_list("name", flat=True))
    assert children == [*COUNTIES, "台商投资区妇工委", "市直机关妇工委"]


def test_lixia_sits_under_jinan(world):
    assert OrgUnit.objects.get_parent(world.unit("历下区妇联")).name == "济南市妇联"


def test_every_annex3_person_has_title_and_unit(world):
    expected = {
        ("梁玉华", "市妇联党组书记、主席", "泉州市妇联"),
        ("林晖", "市妇联宣传部部长", "泉州市妇联"),
        ("李曙", "市妇联儿童工作部部长", "泉州市妇联"),
        ("庄泓鸿", "市直机关妇工委主任", "市直机关妇工委"),
        ("王育英", "台商投资区妇工委主任", "台商投资区妇工委"),
        ("郑桂真", "市直机关金山幼儿园园长", "泉州市妇联"),
    }
    named = set(Person.objects.filter(is_generated=False).values_list("name", "title", "unit__name"))
    assert expected <= named
    assert len(named) == len(seed.PEOPLE) == 29


def test_a_person_named_in_several_places_is_one_record(world):
    assert Person.objects.filter(name="刘伟宏").count() == 1
    assert Person.objects.filter(name="林晖").count() == 1
    liu = world.person("刘伟宏")
    assert liu.department is not None and liu.department.name == "办公室"
    assert GroupMember.objects.filter(person=liu).count() == 1


def test_leading_group_roles_and_office(world):
    group = LeadingGroup.objects.get(name=seed.LEADING_GROUP)
    assert group.office is not None and group.office.name == "办公室"
    by_role = {
        role: [m.person.name for m in group.members.filter(role=role).order_by("sort_order")]
        for role in ("leader", "deputy", "member")
    }
    assert by_role["leader"] == ["梁玉华"]
    assert by_role["deputy"] == ["苏淑勉", "丁为华", "李小玲", "陈少青", "杨文忠", "黄秀伦"]
    assert len(by_role["member"]) == 22
    assert by_role["member"][0] == "黄玉芳" and by_role["member"][-1] == "郑桂真"


def test_liaisons_of_annex2(world):
    pairs = {
        (liaison.leader.name, liaison.unit.short_name) for liaison in Liaison.objects.select_related("leader", "unit")
    }
    assert pairs == {
        ("苏淑勉", "鲤城区"),
        ("苏淑勉", "晋江市"),
        ("丁为华", "惠安县"),
        ("丁为华", "永春县"),
        ("李小玲", "南安市"),
        ("李小玲", "德化县"),
        ("李小玲", "市直"),
        ("陈少青", "石狮市"),
        ("陈少青", "丰泽区"),
        ("陈少青", "洛江区"),
        ("杨文忠", "泉港区"),
        ("杨文忠", "安溪县"),
        ("杨文忠", "台商投资区"),
    }


def test_departments_of_the_city_federation(world):
    names = list(world.unit("泉州市妇联").departments.values_list("short_name", flat=True))
    for short in (
        "办公室",
        "宣传部",
        "权益部",
        "发展部",
        "儿童部",
        "妇儿工委办",
        "市直机关妇工委",
        "市妇女儿童活动中心",
    ):
        assert short in names


def test_generated_levels_are_flagged_and_staffed(world):
    county = world.unit("鲤城区妇联")
    townships = OrgUnit.objects.get_children(county)
    assert townships.count() == 2 and all(t.is_generated for t in townships)
    village = OrgUnit.objects.get_children(townships[0])[0]
    assert village.level == 5 and len(village.division_code) == 12
    assert set(Position.objects.filter(unit=village).values_list("kind", flat=True)) == {"chair", "information_officer"}


def test_demo_accounts_by_pinyin(world):
    assert world.user("liangyuhua").person.name == "梁玉华"
    assert world.user("admin").is_superuser


def test_load_demo_is_idempotent(world, settings):
    before = (OrgUnit.objects.count(), Person.objects.count(), Liaison.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = (OrgUnit.objects.count(), Person.objects.count(), Liaison.objects.count())
    assert after == before


def test_load_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.JINGUO_DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("load_demo")
