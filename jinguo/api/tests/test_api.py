"""The JSON API on the Quanzhou world: tokens, scoped lists and filters, the directory's writes.

Viewers: 黄玉芳 (huangyufang) administers 鲤城区妇联 (7 units, 2 people in the county office);
刘伟宏 (liuweihong) administers the city; 梁玉华 (liangyuhua) leads it and may only read.
"""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jinguo.accounts.models import User
from jinguo.api.tests.test_plans_api import PLAN_LIST_QUERIES
from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.conftest import DEMO_PASSWORD
from jinguo.core.validators import id_number_check_char
from jinguo.org.demo import seed_data as seed
from jinguo.org.models import Department, GroupMember, LeadingGroup, OrgUnit, Person

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    """The token view's rate limit counts in the cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [row["id"] for row in response.json()["results"]]


def subtree(unit: OrgUnit):  # type: ignore[no-untyped-def]
    return OrgUnit.objects.filter(path__startswith=unit.path).order_by("path")


def valid_id_number(first17: str = "35050219850312002") -> str:
    return first17 + id_number_check_char(first17)


# --- Tokens -----------------------------------------------------------------------------------------


def test_token_for_username_and_password(world):
    response = APIClient().post(TOKEN_URL, {"username": "huangyufang", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=world.user("huangyufang")).key}


def test_token_for_mobile_number_however_written(world):
    chair = world.village_user("鲤城区妇联")
    written = f"+86 {chair.mobile[:3]} {chair.mobile[3:7]} {chair.mobile[7:]}"
    for login in (chair.mobile, written):
        response = APIClient().post(TOKEN_URL, {"username": login, "password": DEMO_PASSWORD}, format="json")
        assert response.status_code == 200, login
        assert response.json()["token"] == Token.objects.get(user=chair).key


def test_wrong_password_is_400_and_makes_no_token(world):
    response = APIClient().post(TOKEN_URL, {"username": "huangyufang", "password": "wrong-pass-123"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert not Token.objects.filter(user=world.user("huangyufang")).exists()


def test_missing_fields_are_400_per_field(world):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_token_requests_are_rate_limited(world):
    client = APIClient()
    statuses = [
        client.post(TOKEN_URL, {"username": "nobody", "password": "x"}, format="json").status_code for _ in range(21)
    ]
    assert statuses == [400] * 20 + [429]


def test_the_token_authenticates_and_nothing_else_does(world):
    assert api_as(world.user("huangyufang")).get("/api/v1/units/").status_code == 200
    anonymous = APIClient().get("/api/v1/units/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert forged.get("/api/v1/units/").status_code == 401


def test_an_inactive_users_token_stops_working(world):
    user = world.user("huangyufang")
    client = api_as(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/units/").status_code == 401


# --- Units ------------------------------------------------------------------------------------------


def test_units_are_the_callers_subtree_in_tree_order(world):
    lichen = world.unit("鲤城区妇联")
    response = api_as(world.user("huangyufang")).get("/api/v1/units/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7
    assert ids(response) == list(subtree(lichen).values_list("pk", flat=True))
    first = body["results"][0]
    assert first == {
        "id": lichen.pk,
        "name": "鲤城区妇联",
        "short_name": "鲤城区",
        "kind": "federation",
        "level": 3,
        "division_code": "350502",
        "parent": world.unit("泉州市妇联").pk,
        "depth": 3,
        "numchild": 2,
        "sort_order": lichen.sort_order,
        "is_active": True,
        "is_generated": False,
    }


def test_units_paginate(world):
    client = api_as(world.user("huangyufang"))
    expected = list(subtree(world.unit("鲤城区妇联")).values_list("pk", flat=True))
    pages = [client.get("/api/v1/units/", {"page_size": 3, "page": page}) for page in (1, 2, 3)]
    assert [ids(page) for page in pages] == [expected[:3], expected[3:6], expected[6:]]
    assert pages[0].json()["next"].endswith("/api/v1/units/?page=2&page_size=3")
    assert pages[2].json()["next"] is None
    assert client.get("/api/v1/units/", {"page_size": 3, "page": 4}).status_code == 404


def test_page_size_is_capped(world):
    city = world.unit("泉州市妇联")
    Person.objects.bulk_create([Person(unit=city, name=f"测试{number}") for number in range(250)])
    response = api_as(world.user("admin")).get("/api/v1/people/", {"page_size": 10_000})
    assert response.json()["count"] > 400
    assert len(response.json()["results"]) == 200


def test_units_filter_by_level_kind_parent_and_within(world):
    client = api_as(world.user("huangyufang"))
    lichen = world.unit("鲤城区妇联")
    township = OrgUnit.objects.get_children(lichen).order_by("path").first()
    villages = list(subtree(lichen).filter(level=5).values_list("pk", flat=True))
    townships = list(subtree(lichen).filter(level=4).values_list("pk", flat=True))
    assert ids(client.get("/api/v1/units/", {"level": 5})) == villages
    assert ids(client.get("/api/v1/units/", {"kind": "community_federation"})) == villages
    assert ids(client.get("/api/v1/units/", {"parent": lichen.pk})) == townships
    assert ids(client.get("/api/v1/units/", {"within": township.pk})) == list(
        subtree(township).values_list("pk", flat=True)
    )
    assert ids(client.get("/api/v1/units/", {"level": 5, "within": township.pk})) == list(
        subtree(township).filter(level=5).values_list("pk", flat=True)
    )


def test_a_filter_naming_an_unseen_unit_is_the_same_400_as_a_missing_one(world):
    client = api_as(world.user("huangyufang"))
    sibling = world.unit("丰泽区妇联")
    for param in ("parent", "within"):
        unseen = client.get("/api/v1/units/", {param: sibling.pk})
        missing = client.get("/api/v1/units/", {param: 999_999})
        assert unseen.status_code == missing.status_code == 400
        assert list(unseen.json()) == [param]
        assert unseen.json()[param][0].replace(str(sibling.pk), "?") == missing.json()[param][0].replace("999999", "?")


def test_invalid_filter_values_are_400(world):
    client = api_as(world.user("huangyufang"))
    assert client.get("/api/v1/units/", {"level": "county"}).status_code == 400
    assert client.get("/api/v1/units/", {"kind": "club"}).status_code == 400
    assert client.get("/api/v1/units/", {"parent": "1.5"}).status_code == 400
    assert client.get("/api/v1/units/", {"within": "99999999999999999999999"}).status_code == 400


def test_units_search_by_name_prefix_pinyin_initials_and_division_code(world):
    client = api_as(world.user("liuweihong"))
    lichen = world.unit("鲤城区妇联")
    assert ids(client.get("/api/v1/units/", {"search": "鲤城"})) == [lichen.pk]
    assert ids(client.get("/api/v1/units/", {"search": "LCQ"})) == [lichen.pk]
    by_code = client.get("/api/v1/units/", {"search": "350502", "page_size": "200"})
    assert ids(by_code) == list(subtree(lichen).values_list("pk", flat=True))
    assert ids(client.get("/api/v1/units/", {"search": "城区"})) == []  # a prefix, not a substring


def test_search_stays_inside_the_callers_reach(world):
    assert ids(api_as(world.user("huangyufang")).get("/api/v1/units/", {"search": "丰泽"})) == []


def test_unit_detail(world):
    client = api_as(world.user("huangyufang"))
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).order_by("path").first()
    response = client.get(f"/api/v1/units/{township.pk}/")
    assert response.status_code == 200
    assert response.json()["parent"] == world.unit("鲤城区妇联").pk


@pytest.mark.parametrize("unit_name", ["丰泽区妇联", "泉州市妇联", "历下区妇联"])
def test_unit_detail_out_of_reach_is_404(world, unit_name):
    response = api_as(world.user("huangyufang")).get(f"/api/v1/units/{world.unit(unit_name).pk}/")
    assert response.status_code == 404
    assert response.json() == api_as(world.user("huangyufang")).get("/api/v1/units/999999/").json()


def test_units_are_read_only(world):
    client = api_as(world.user("admin"))
    lichen = world.unit("鲤城区妇联")
    assert client.post("/api/v1/units/", {"name": "新单位"}, format="json").status_code == 405
    assert client.patch(f"/api/v1/units/{lichen.pk}/", {"name": "新名"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/units/{lichen.pk}/").status_code == 405
    assert OrgUnit.objects.get(pk=lichen.pk).name == "鲤城区妇联"


# --- People -----------------------------------------------------------------------------------------


def test_people_are_those_in_reach(world):
    lichen = world.unit("鲤城区妇联")
    response = api_as(world.user("huangyufang")).get("/api/v1/people/", {"page_size": 200})
    expected = Person.objects.filter(unit__path__startswith=lichen.path).order_by("unit__path", "sort_order", "id")
    assert ids(response) == list(expected.values_list("pk", flat=True))
    huang = next(row for row in response.json()["results"] if row["name"] == "黄玉芳")
    assert huang == {
        "id": world.person("黄玉芳").pk,
        "name": "黄玉芳",
        "name_pinyin": "huangyufang",
        "name_initials": "hyf",
        "gender": "",
        "mobile": "",
        "title": "鲤城区妇联主席",
        "unit": lichen.pk,
        "unit_name": "鲤城区妇联",
        "department": None,
        "department_name": None,
        "sort_order": world.person("黄玉芳").sort_order,
    }


@pytest.mark.parametrize("query", ["黄玉芳", "玉芳", "huangyu", "HYF"])
def test_people_search_by_name_pinyin_or_initials(world, query):
    response = api_as(world.user("huangyufang")).get("/api/v1/people/", {"search": query})
    assert [row["name"] for row in response.json()["results"]] == ["黄玉芳"]


def test_people_search_stays_inside_the_callers_reach(world):
    assert ids(api_as(world.user("huangyufang")).get("/api/v1/people/", {"search": "王少容"})) == []


def test_people_filter_by_unit_within_and_department(world):
    city = world.unit("泉州市妇联")
    lichen = world.unit("鲤城区妇联")
    office = Department.objects.get(unit=city, name="办公室")
    client = api_as(world.user("liuweihong"))
    by_unit = client.get("/api/v1/people/", {"unit": lichen.pk})
    assert {row["name"] for row in by_unit.json()["results"]} == set(
        Person.objects.filter(unit=lichen).values_list("name", flat=True)
    )
    within = client.get("/api/v1/people/", {"within": lichen.pk, "page_size": 200})
    assert within.json()["count"] == Person.objects.filter(unit__path__startswith=lichen.path).count()
    by_department = client.get("/api/v1/people/", {"department": office.pk})
    assert [row["name"] for row in by_department.json()["results"]] == ["刘伟宏"]
    assert api_as(world.user("huangyufang")).get("/api/v1/people/", {"department": office.pk}).status_code == 400


def test_person_detail_out_of_reach_is_404(world):
    client = api_as(world.user("huangyufang"))
    assert client.get(f"/api/v1/people/{world.person('黄玉芳').pk}/").status_code == 200
    assert client.get(f"/api/v1/people/{world.person('王少容').pk}/").status_code == 404
    assert client.get(f"/api/v1/people/{world.person('梁玉华').pk}/").status_code == 404


def test_create_a_person(world):
    lichen = world.unit("鲤城区妇联")
    data = {
        "name": "林  秀英",
        "gender": "F",
        "mobile": "13905951234",
        "title": "执委",
        "unit": lichen.pk,
        "id_number": valid_id_number(),
    }
    response = api_as(world.user("huangyufang")).post("/api/v1/people/", data, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": person.pk,
        "name": "林秀英",
        "name_pinyin": "linxiuying",
        "name_initials": "lxy",
        "gender": "F",
        "mobile": "13905951234",
        "title": "执委",
        "unit": lichen.pk,
        "unit_name": "鲤城区妇联",
        "department": None,
        "department_name": None,
        "sort_order": 0,
    }
    assert person.id_number == valid_id_number()
    event = AuditEvent.objects.get(object_id=str(person.pk), content_type__model="person")
    assert (event.action, event.actor) == (AuditAction.CREATE, world.user("huangyufang"))
    assert event.changes["id_number"][1].startswith("***")  # redacted in the audit trail


def wrong_check_character(first17: str = "35050219850312002") -> str:
    right = id_number_check_char(first17)
    return first17 + ("1" if right != "1" else "2")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mobile", "12345678901"),
        ("mobile", "1390595123"),
        ("id_number", wrong_check_character()),
        ("id_number", valid_id_number("35050219851312002")),  # month 13, though its check character fits
        ("id_number", "3505021985"),
        ("name", "   "),
        ("gender", "X"),
        ("unit", "鲤城"),
    ],
)
def test_create_refuses_invalid_fields_with_400_per_field(world, field, value):
    data = {"name": "林秀英", "unit": world.unit("鲤城区妇联").pk, field: value}
    before = Person.objects.count()
    response = api_as(world.user("huangyufang")).post("/api/v1/people/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Person.objects.count() == before


def test_create_refuses_a_unit_out_of_reach_with_400(world):
    before = Person.objects.count()
    client = api_as(world.user("huangyufang"))
    for unit in (world.unit("丰泽区妇联").pk, world.unit("泉州市妇联").pk, 999_999):
        response = client.post("/api/v1/people/", {"name": "林秀英", "unit": unit}, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["unit"]
    assert Person.objects.count() == before


def test_create_refuses_a_department_of_another_unit_with_400(world):
    office = Department.objects.get(unit=world.unit("泉州市妇联"), name="办公室")
    data = {"name": "林秀英", "unit": world.unit("鲤城区妇联").pk, "department": office.pk}
    before = Person.objects.count()
    response = api_as(world.user("liuweihong")).post("/api/v1/people/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["department"]
    assert Person.objects.count() == before


def test_a_leader_may_read_but_not_create(world):
    client = api_as(world.user("liangyuhua"))
    before = Person.objects.count()
    response = client.post("/api/v1/people/", {"name": "林秀英", "unit": world.unit("泉州市妇联").pk}, format="json")
    assert response.status_code == 403
    assert Person.objects.count() == before


def test_update_a_person(world):
    huang = world.person("黄玉芳")
    response = api_as(world.user("huangyufang")).patch(
        f"/api/v1/people/{huang.pk}/", {"title": "鲤城区妇联主席、党组书记", "mobile": "13905950000"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["mobile"]) == ("鲤城区妇联主席、党组书记", "13905950000")
    event = AuditEvent.objects.filter(object_id=str(huang.pk), content_type__model="person").latest("id")
    assert event.action == AuditAction.UPDATE
    assert event.changes == {
        "mobile": ["", "13905950000"],
        "title": ["鲤城区妇联主席", "鲤城区妇联主席、党组书记"],
    }


def test_put_needs_every_required_field(world):
    huang = world.person("黄玉芳")
    response = api_as(world.user("huangyufang")).put(f"/api/v1/people/{huang.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "unit"}
    assert Person.objects.get(pk=huang.pk).title == "鲤城区妇联主席"


def test_update_cannot_move_a_person_out_of_reach(world):
    huang = world.person("黄玉芳")
    response = api_as(world.user("huangyufang")).patch(
        f"/api/v1/people/{huang.pk}/", {"unit": world.unit("丰泽区妇联").pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["unit"]
    assert Person.objects.get(pk=huang.pk).unit == world.unit("鲤城区妇联")


def test_update_out_of_reach_is_404_and_changes_nothing(world):
    wang = world.person("王少容")
    response = api_as(world.user("huangyufang")).patch(f"/api/v1/people/{wang.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 404
    assert Person.objects.get(pk=wang.pk).title == "丰泽区妇联主席"


def test_a_leader_may_not_update(world):
    liu = world.person("刘伟宏")
    response = api_as(world.user("liangyuhua")).patch(f"/api/v1/people/{liu.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert Person.objects.get(pk=liu.pk).title == "市妇联办公室副主任"


def test_people_cannot_be_deleted_through_the_api(world):
    huang = world.person("黄玉芳")
    assert api_as(world.user("admin")).delete(f"/api/v1/people/{huang.pk}/").status_code == 405
    assert Person.objects.filter(pk=huang.pk).exists()


# --- Groups, liaisons, departments ------------------------------------------------------------------


def test_groups_with_their_members(world):
    response = api_as(world.user("liangyuhua")).get("/api/v1/groups/")
    groups = {group["name"]: group for group in response.json()["results"]}
    assert set(groups) == {seed.LEADING_GROUP, seed.PARTY_GROUP}
    leading = groups[seed.LEADING_GROUP]
    assert leading["office"] == Department.objects.get(unit=world.unit("泉州市妇联"), name="办公室").pk
    assert leading["note"] == seed.LEADING_GROUP_NOTE
    assert [member["person_name"] for member in leading["members"]] == [person.name for person in seed.PEOPLE]
    assert leading["members"][0] | {"id": 0, "person": 0} == {
        "id": 0,
        "person": 0,
        "person_name": "梁玉华",
        "role": "leader",
        "title": "市妇联党组书记、主席",
        "sort_order": 0,
    }
    party = [member["person_name"] for member in groups[seed.PARTY_GROUP]["members"]]
    assert party == ["梁玉华", "苏淑勉", "丁为华", "陈少青", "杨文忠"]


def test_groups_filter_and_reach(world):
    city = world.unit("泉州市妇联")
    client = api_as(world.user("liangyuhua"))
    party = client.get("/api/v1/groups/", {"kind": "party_group", "unit": city.pk})
    assert [group["name"] for group in party.json()["results"]] == [seed.PARTY_GROUP]
    assert api_as(world.user("huangyufang")).get("/api/v1/groups/").json()["count"] == 0
    group = LeadingGroup.objects.get(name=seed.LEADING_GROUP)
    assert api_as(world.user("huangyufang")).get(f"/api/v1/groups/{group.pk}/").status_code == 404


def test_liaisons(world):
    city_view = api_as(world.user("liangyuhua")).get("/api/v1/liaisons/")
    assert city_view.json()["count"] == sum(len(units) for _, units in seed.LIAISONS)
    county = api_as(world.user("huangyufang"))
    rows = county.get("/api/v1/liaisons/").json()["results"]
    assert [(row["leader_name"], row["unit_name"], row["purpose"]) for row in rows] == [
        ("苏淑勉", "鲤城区妇联", seed.CAMPAIGN)
    ]
    assert county.get("/api/v1/liaisons/", {"leader": world.person("苏淑勉").pk}).json()["count"] == 1
    # 丁为华 follows no unit in 鲤城区: she is no choice for its administrator.
    assert county.get("/api/v1/liaisons/", {"leader": world.person("丁为华").pk}).status_code == 400


def test_departments(world):
    city = world.unit("泉州市妇联")
    response = api_as(world.user("liangyuhua")).get("/api/v1/departments/", {"page_size": 200})
    assert [row["name"] for row in response.json()["results"]] == [department.name for department in seed.DEPARTMENTS]
    assert {row["unit"] for row in response.json()["results"]} == {city.pk}
    assert api_as(world.user("huangyufang")).get("/api/v1/departments/").json()["count"] == 0


# --- Query counts -------------------------------------------------------------------------------------
# token + grants, then count + page, then one query per related set the page needs. The same
# for a page of 2 as for a page of 200: a missing select_related or prefetch shows up here.

LIST_QUERIES = {
    "/api/v1/units/": 5,  # + the parents' ids
    "/api/v1/people/": 4,
    "/api/v1/groups/": 5,  # + the members with their people
    "/api/v1/liaisons/": 4,
    "/api/v1/departments/": 4,
    **PLAN_LIST_QUERIES,
}


@pytest.mark.parametrize(("url", "queries"), LIST_QUERIES.items())
@pytest.mark.parametrize("page_size", [2, 200])
def test_list_query_count_does_not_grow_with_the_page(world, django_assert_num_queries, url, queries, page_size):
    client = api_as(world.user("liuweihong"))
    with django_assert_num_queries(queries):
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_group_query_count_does_not_grow_with_groups_and_members(world, django_assert_num_queries):
    city = world.unit("泉州市妇联")
    people = list(Person.objects.filter(unit=city))
    added = []
    for number in range(30):
        group = LeadingGroup.objects.create(unit=city, name=f"专项工作领导小组{number}")
        added.append(group.pk)
        GroupMember.objects.bulk_create([GroupMember(group=group, person=person) for person in people])
    client = api_as(world.user("liuweihong"))
    with django_assert_num_queries(LIST_QUERIES["/api/v1/groups/"]):
        response = client.get("/api/v1/groups/", {"page_size": 200})
    assert len(response.json()["results"]) == 32
    members = {group["id"]: len(group["members"]) for group in response.json()["results"]}
    assert [members[pk] for pk in added] == [len(people)] * 30


def test_filtered_unit_list_adds_one_query_for_the_named_unit(world, django_assert_num_queries):
    client = api_as(world.user("liuweihong"))
    lichen = world.unit("鲤城区妇联")
    with django_assert_num_queries(LIST_QUERIES["/api/v1/units/"] + 1):
        response = client.get("/api/v1/units/", {"within": lichen.pk})
    assert response.json()["count"] == 7
