"""Pages every role starts from: home, tree, leading groups, the audit log; no request ends in a 500.

The helpers at the top are shared by the other page tests.
"""

import re

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.audit.services import audit_record
from jinguo.org import bulk, services
from jinguo.org.demo import seed_data as seed
from jinguo.org.models import GroupMember, GroupRole, LeadingGroup, OrgUnit, Person, UnitKind, UnitLevel

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


# --- helpers shared by the page tests ---------------------------------------------------------


def field_error(response, field: str) -> str:  # type: ignore[no-untyped-def]
    """The error text rendered in the same block as the form field `field` ('' if none)."""
    document = lxml.html.fromstring(response.content.decode())
    widget = document.get_element_by_id(f"id_{field}")
    block = widget.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' mb-3 ')][1]")[0]
    feedback = block.xpath(".//div[contains(@class, 'invalid-feedback')]")
    return " ".join(node.text_content().strip() for node in feedback)


def assert_error_next_to(response, field: str, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """The form re-renders (200) with an error on `field`, shown next to that field."""
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if code is not None:
        assert code in [error.code for error in form.errors.as_data()[field]], form.errors.as_data()[field]
    assert field_error(response, field), f"no error rendered next to {field}"


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """Queries of one GET of `url`, after a first GET has warmed the per-process caches (content types)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_people(unit: OrgUnit, count: int, *, name: str = "测试人") -> list[Person]:
    people = [bulk.prepare_person(Person(unit=unit, name=f"{name}{index}", title="干部")) for index in range(count)]
    return Person.objects.bulk_create(people)


def add_children(unit: OrgUnit, count: int) -> list[OrgUnit]:
    children = [
        OrgUnit(
            name=f"新增{index:02d}村妇代会", kind=UnitKind.VILLAGE_COMMITTEE, level=UnitLevel.VILLAGE, sort_order=99
        )
        for index in range(count)
    ]
    return bulk.bulk_create_children(unit, children)


def page_names(response, selector: str = "//main//a") -> list[str]:  # type: ignore[no-untyped-def]
    document = lxml.html.fromstring(response.content.decode())
    return [node.text_content().strip() for node in document.xpath(selector)]


# --- home -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "units", "people"),
    [
        ("county", 7, 14),  # 鲤城区: the county, 2 townships, 4 villages; a chair and an officer in each
        ("village", 1, 2),
        ("city leader", 80, 172),
    ],
)
def test_home_shows_the_counts_of_the_viewers_reach(client, world, who, units, people):
    user = {
        "county": world.user("huangyufang"),
        "village": world.village_user("鲤城区妇联"),
        "city leader": world.user_of("梁玉华"),
    }[who]
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["unit_count"] == units
    assert response.context["people_count"] == people
    document = lxml.html.fromstring(response.content.decode())
    assert document.xpath("//*[@data-testid='unit-count']")[0].text_content().strip() == str(units)
    assert document.xpath("//*[@data-testid='people-count']")[0].text_content().strip() == str(people)


def test_home_lists_recent_activity_in_reach_newest_first(client, world):
    county_admin = world.user("huangyufang")
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    services.unit_update(actor=county_admin, unit=township, data={"short_name": "改名街道"})
    services.unit_update(actor=world.user("admin"), unit=world.unit("丰泽区妇联"), data={"short_name": "丰泽"})
    client.force_login(county_admin)

    response = client.get(reverse("home"))

    recent = list(response.context["recent_events"])
    assert len(recent) == 10
    assert (recent[0].object_repr, recent[0].actor, recent[0].action) == (township.name, county_admin, "update")
    lichen = world.unit("鲤城区妇联").path
    assert all(event.unit_path.startswith(lichen) for event in recent)  # 丰泽区's change is out of reach
    assert township.name in response.content.decode()


def test_home_of_a_leader_without_audit_rights_shows_no_activity(client, world):
    client.force_login(world.user_of("梁玉华"))

    response = client.get(reverse("home"))

    assert list(response.context["recent_events"]) == []
    assert [grant.role for grant in response.context["grants"]] == ["leader"]


def test_pages_need_a_login(client, world):
    unit = world.unit("鲤城区妇联")
    for url in [
        reverse("home"),
        reverse("org:tree"),
        reverse("org:unit_detail", args=[unit.pk]),
        reverse("org:person_list"),
        reverse("org:group_list"),
        reverse("audit:event_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


# --- tree -----------------------------------------------------------------------------------------


def test_tree_starts_at_the_viewers_top_units(client, world):
    client.force_login(world.user("huangyufang"))

    response = client.get(reverse("org:tree"))

    assert [unit.name for unit in response.context["roots"]] == ["鲤城区妇联"]
    tree = lxml.html.fromstring(response.content.decode()).xpath("//*[@data-testid='tree']")[0]
    assert [link.text_content() for link in tree.xpath(".//a")] == ["鲤城区妇联"]


def test_tree_of_the_system_admin_has_both_provinces(client, world):
    client.force_login(world.user("admin"))

    response = client.get(reverse("org:tree"))

    assert [unit.name for unit in response.context["roots"]] == ["福建省妇联", "山东省妇联"]


def test_unit_search_finds_by_initials_and_code_within_reach(client, world):
    client.force_login(world.user("huangyufang"))

    by_code = client.get(reverse("org:unit_search"), {"q": "350502001"})
    out_of_reach = client.get(reverse("org:unit_search"), {"q": "350503"})
    by_initials = client.get(reverse("org:unit_search"), {"q": "lcq"})

    assert [unit.division_code for unit in by_code.context["results"]] == ["350502001", "350502001001", "350502001002"]
    assert list(out_of_reach.context["results"]) == []
    assert [unit.name for unit in by_initials.context["results"]] == ["鲤城区妇联"]


# --- leading groups -------------------------------------------------------------------------------


def test_group_list_shows_the_groups_in_reach(client, world):
    client.force_login(world.user_of("梁玉华"))
    response = client.get(reverse("org:group_list"))
    assert [group.name for group in response.context["page"]] == [seed.LEADING_GROUP, seed.PARTY_GROUP]

    client.force_login(world.user("huangyufang"))
    response = client.get(reverse("org:group_list"))
    assert list(response.context["page"]) == []


def test_group_page_lists_leader_then_deputies_then_members_in_order(client, world):
    group = LeadingGroup.objects.get(name=seed.LEADING_GROUP)
    client.force_login(world.user_of("梁玉华"))

    response = client.get(reverse("org:group_detail", args=[group.pk]))

    by_role = {role: [p.name for p in seed.PEOPLE if p.group_role == role] for role in GroupRole.values}
    expected = by_role["leader"] + by_role["deputy"] + by_role["member"]
    assert by_role["leader"] == ["梁玉华"] and len(by_role["deputy"]) == 6 and len(by_role["member"]) == 22
    assert [member.person.name for member in response.context["members"]] == expected
    assert page_names(response, "//main//li/a") == expected  # and the page shows them in that order
    headings = page_names(response, "//main//h2")
    assert len(headings) == 3  # one heading per role


def test_group_out_of_reach_is_404(client, world):
    group = LeadingGroup.objects.get(name=seed.LEADING_GROUP)
    client.force_login(world.user("huangyufang"))

    assert client.get(reverse("org:group_detail", args=[group.pk])).status_code == 404


# --- audit log ------------------------------------------------------------------------------------


@pytest.fixture
def some_changes(world):  # type: ignore[no-untyped-def]
    """An update by each of two users inside 鲤城区, and one in 丰泽区."""
    county_admin, city_admin = world.user("huangyufang"), world.user("liuweihong")
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    village_person = Person.objects.filter(unit__path__startswith=township.path, unit__level=5).order_by("pk")[0]
    services.unit_update(actor=county_admin, unit=township, data={"short_name": "新名"})
    services.person_update(actor=city_admin, person=village_person, data={"title": "新职务"})
    services.unit_update(actor=city_admin, unit=world.unit("丰泽区妇联"), data={"short_name": "丰泽"})
    return {"township": township, "person": village_person}


def test_audit_log_filters_by_action_model_and_actor(client, world, some_changes):
    client.force_login(world.user("liuweihong"))
    url = reverse("audit:event_list")

    updates = client.get(url, {"action": "update"}).context["page"]
    people = client.get(url, {"model": "person"}).context["page"]
    by_county_admin = client.get(url, {"actor": "huangyufang"}).context["page"]
    combined = client.get(url, {"action": "update", "model": "orgunit", "actor": "liuweihong"}).context["page"]

    assert [(e.action, e.object_repr) for e in updates] == [
        ("update", "丰泽区妇联"),
        ("update", some_changes["person"].name),
        ("update", some_changes["township"].name),
    ]
    assert {e.content_type.model for e in people.paginator.page(people.paginator.num_pages)} == {"person"}
    assert {e.content_type.model for e in people} == {"person"}
    assert (
        people.paginator.count
        == AuditEvent.objects.filter(
            content_type__model="person", unit_path__startswith=world.unit("泉州市妇联").path
        ).count()
    )
    assert [(e.actor.username, e.object_repr) for e in by_county_admin] == [
        ("huangyufang", some_changes["township"].name)
    ]
    assert [e.object_repr for e in combined] == ["丰泽区妇联"]


def test_audit_log_shows_a_county_admin_only_her_subtree(client, world, some_changes):
    client.force_login(world.user("huangyufang"))

    response = client.get(reverse("audit:event_list"), {"action": "update"})

    lichen = world.unit("鲤城区妇联").path
    assert [e.object_repr for e in response.context["page"]] == [
        some_changes["person"].name,
        some_changes["township"].name,
    ]
    assert all(e.unit_path.startswith(lichen) for e in client.get(reverse("audit:event_list")).context["page"])


def test_audit_log_ignores_an_unknown_action_filter(client, world, some_changes):
    client.force_login(world.user("huangyufang"))

    response = client.get(reverse("audit:event_list"), {"action": "drop table", "page": "x"})

    assert response.status_code == 200
    assert (
        response.context["page"].paginator.count
        == AuditEvent.objects.filter(unit_path__startswith=world.unit("鲤城区妇联").path).count()
    )


def test_audit_log_is_forbidden_without_audit_rights(client, world):
    """Leaders, village chairs (reporters) and information officers have no audit rights."""
    chair = world.village_user("鲤城区妇联")
    officer = Person.objects.get(unit=chair.person.unit, positions__kind="information_officer").user
    for user in (world.user_of("梁玉华"), chair, officer):
        client.force_login(user)
        response = client.get(reverse("audit:event_list"))
        assert response.status_code == 403, user
        assert reverse("audit:event_list") not in [item["url"] for item in response.context["menu"]]


# --- no 500s --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/org/units/999999/", 404),
        ("/org/units/999999/children/", 404),
        ("/org/people/999999/", 404),
        ("/org/people/?unit=abc", 404),
        ("/org/people/?unit=999999", 404),
        ("/org/people/?page=abc&q=%25", 200),
        ("/org/people/?q=" + "梁" * 500, 200),
        ("/org/groups/?page=-1", 200),
        ("/org/search/?q=%27%22%3C", 200),
        ("/audit/?page=99999&actor=%25", 200),
        ("/no-such-page/", 404),
        # PostgreSQL refuses NUL in text: a bad request, never a server error.
        ("/org/people/?q=a%00b", 400),
        ("/org/search/?q=%00", 400),
        ("/audit/?actor=x%00", 400),
    ],
)
def test_bad_input_never_ends_in_a_500(client, world, path, status):
    client.raise_request_exception = False  # see the response a browser would get
    client.force_login(world.user("huangyufang"))

    response = client.get(path)

    assert response.status_code == status
    if status == 404:
        assert "errors/404.html" in [template.name for template in response.templates]


def test_a_unit_out_of_reach_looks_missing(client, world):
    client.force_login(world.user("huangyufang"))
    fengze = world.unit("丰泽区妇联")

    for name in ("org:unit_detail", "org:unit_children", "org:unit_edit", "org:unit_move", "org:person_add"):
        assert client.get(reverse(name, args=[fengze.pk])).status_code == 404, name


# --- query counts: list pages stay flat as data grows ---------------------------------------------


def test_home_query_count_is_pinned(client, world, django_assert_num_queries):
    user = world.user("huangyufang")
    county = world.unit("鲤城区妇联")
    client.force_login(user)
    client.get(reverse("home"))

    with django_assert_num_queries(14):
        client.get(reverse("home"))

    add_people(county, 30)
    for person in Person.objects.filter(unit=county):
        audit_record(actor=user, instance=person, action=AuditAction.CREATE)
    assert count_queries(client, reverse("home")) == 14


def test_tree_query_count_is_pinned(client, world, django_assert_num_queries):
    client.force_login(world.user("admin"))
    client.get(reverse("org:tree"))

    with django_assert_num_queries(9):
        client.get(reverse("org:tree"))

    for root in OrgUnit.objects.get_root_nodes():
        add_children(root, 30)
    assert count_queries(client, reverse("org:tree")) == 9


def test_group_pages_query_counts_are_pinned(client, world, django_assert_num_queries):
    group = LeadingGroup.objects.get(name=seed.LEADING_GROUP)
    client.force_login(world.user_of("梁玉华"))
    list_url, detail_url = reverse("org:group_list"), reverse("org:group_detail", args=[group.pk])
    client.get(list_url)
    client.get(detail_url)

    with django_assert_num_queries(10):
        client.get(list_url)
    with django_assert_num_queries(10):
        client.get(detail_url)

    city = world.unit("泉州市妇联")
    newcomers = add_people(city, 30)
    GroupMember.objects.bulk_create([GroupMember(group=group, person=person) for person in newcomers])
    LeadingGroup.objects.bulk_create([LeadingGroup(unit=city, name=f"专项小组{index}") for index in range(30)])
    assert count_queries(client, list_url) == 10
    assert count_queries(client, detail_url) == 10


def test_audit_list_query_count_is_pinned(client, world, django_assert_num_queries):
    client.force_login(world.user("huangyufang"))
    url = reverse("audit:event_list")
    client.get(url)

    with django_assert_num_queries(10):
        client.get(url)

    actor = world.user("huangyufang")
    for person in add_people(world.unit("鲤城区妇联"), 30):
        audit_record(actor=actor, instance=person, action=AuditAction.CREATE)
    assert count_queries(client, url) == 10
