"""The unit page and its forms: people, departments, subordinate units, liaison leaders, history;
edit, add a subordinate unit, move."""

import lxml.html
import pytest
from django.urls import reverse

from jinguo.audit.models import AuditEvent
from jinguo.org.models import OrgUnit
from jinguo.web.tests.test_pages import add_children, add_people, assert_error_next_to, count_queries, field_error

pytestmark = pytest.mark.django_db


def unit_data(unit: OrgUnit, **changes) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "level": unit.level,
        "division_code": unit.division_code or "",
        "sort_order": unit.sort_order,
        "is_active": "on" if unit.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def townships(world) -> list[OrgUnit]:  # type: ignore[no-untyped-def]
    return list(OrgUnit.objects.get_children(world.unit("鲤城区妇联")))


def stored(unit: OrgUnit) -> tuple:
    fresh = OrgUnit.objects.get(pk=unit.pk)
    return (fresh.name, fresh.short_name, fresh.kind, fresh.level, fresh.division_code, fresh.path, fresh.numchild)


def events_of(unit: OrgUnit) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(content_type__model="orgunit", object_id=str(unit.pk)).order_by("id"))


@pytest.fixture
def county_admin(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("huangyufang"))
    return client


# --- the unit page --------------------------------------------------------------------------------


def test_unit_page_shows_people_subordinates_liaison_leader_and_history(county_admin, world):
    county = world.unit("鲤城区妇联")

    response = county_admin.get(reverse("org:unit_detail", args=[county.pk]))

    assert response.status_code == 200
    people = [person.name for person in response.context["people"]]
    officer = county.people.get(positions__kind="information_officer")
    assert sorted(people) == sorted(["黄玉芳", officer.name])  # the chair and the generated information officer
    assert [child.name for child in response.context["page"]] == [unit.name for unit in townships(world)]
    assert [liaison.leader.name for liaison in response.context["liaisons"]] == ["苏淑勉"]
    assert [event.action for event in response.context["history"]] == ["create"]
    assert response.context["can_manage"] and response.context["can_manage_people"]
    html = response.content.decode()
    assert "苏淑勉" in html and reverse("org:person_detail", args=[world.person("苏淑勉").pk]) in html
    assert reverse("org:unit_edit", args=[county.pk]) in html and reverse("org:unit_move", args=[county.pk]) in html


def test_city_page_lists_its_departments_in_order(client, world):
    client.force_login(world.user("liuweihong"))
    city = world.unit("泉州市妇联")

    response = client.get(reverse("org:unit_detail", args=[city.pk]))

    names = [department.name for department in response.context["departments"]]
    assert names[:3] == ["办公室", "宣传部", "权益部"] and len(names) == 10


def test_breadcrumbs_link_only_to_units_in_reach(county_admin, world):
    township = townships(world)[0]
    village = OrgUnit.objects.get_children(township).first()

    response = county_admin.get(reverse("org:unit_detail", args=[village.pk]))

    crumbs = [(unit.name, reachable) for unit, reachable in response.context["ancestors"]]
    assert crumbs == [("福建省妇联", False), ("泉州市妇联", False), ("鲤城区妇联", True), (township.name, True)]
    links = lxml.html.fromstring(response.content.decode()).xpath("//ol[@class='breadcrumb small']//a/text()")
    assert links == ["鲤城区", township.short_name]


def test_a_reader_sees_the_page_without_edit_buttons(client, world):
    client.force_login(world.user_of("梁玉华"))  # a leader: reads, does not manage
    county = world.unit("鲤城区妇联")

    response = client.get(reverse("org:unit_detail", args=[county.pk]))

    assert response.status_code == 200 and not response.context["can_manage"]
    assert reverse("org:unit_edit", args=[county.pk]) not in response.content.decode()
    assert client.get(reverse("org:unit_edit", args=[county.pk])).status_code == 403


def test_subordinate_units_are_paginated_on_the_page_and_in_the_tree(county_admin, world):
    township = townships(world)[0]
    add_children(township, 53)  # 2 + 53 = 55 villages
    detail = reverse("org:unit_detail", args=[township.pk])
    fragment = reverse("org:unit_children", args=[township.pk])

    first, second = county_admin.get(detail), county_admin.get(detail, {"page": 2})
    more, rest = county_admin.get(fragment), county_admin.get(fragment, {"page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (50, 5)
    assert first.context["page"].paginator.count == 55
    assert len(more.context["page"]) == 50 and f"{fragment}?page=2" in more.content.decode()
    assert len(rest.context["page"]) == 5 and "?page=" not in rest.content.decode()
    assert "<html" not in more.content.decode()  # a fragment for htmx, not a page


def test_children_fragment_lists_the_next_level_with_expand_buttons(county_admin, world):
    county = world.unit("鲤城区妇联")

    response = county_admin.get(reverse("org:unit_children", args=[county.pk]), HTTP_HX_REQUEST="true")

    document = lxml.html.fromstring(response.content.decode())
    assert [link.text for link in document.xpath("//li/a")] == [unit.name for unit in townships(world)]
    assert len(document.xpath("//button[@hx-get]")) == 2  # each township has villages to expand


# --- edit -----------------------------------------------------------------------------------------


def test_edit_with_a_bad_division_code_shows_the_error_next_to_it_and_saves_nothing(county_admin, world):
    township = townships(world)[0]
    before = stored(township)

    response = county_admin.post(
        reverse("org:unit_edit", args=[township.pk]), unit_data(township, name="改过的名字", division_code="12345")
    )

    assert_error_next_to(response, "division_code", "invalid")
    assert stored(township) == before
    assert [event.action for event in events_of(township)] == ["create"]


def test_edit_with_a_taken_division_code_is_refused_next_to_the_field(county_admin, world):
    first, second = townships(world)
    before = stored(first)

    response = county_admin.post(
        reverse("org:unit_edit", args=[first.pk]), unit_data(first, division_code=second.division_code)
    )

    assert_error_next_to(response, "division_code")
    assert stored(first) == before


def test_edit_with_a_level_above_the_parent_is_refused(county_admin, world):
    township = townships(world)[0]
    before = stored(township)

    response = county_admin.post(reverse("org:unit_edit", args=[township.pk]), unit_data(township, level=2))

    assert_error_next_to(response, "level")
    assert stored(township) == before


def test_edit_saves_audits_and_shows_before_and_after_in_the_history(county_admin, world):
    township = townships(world)[0]
    old_short_name = township.short_name

    response = county_admin.post(reverse("org:unit_edit", args=[township.pk]), unit_data(township, short_name="新街道"))

    assert response.status_code == 302 and response.url == reverse("org:unit_detail", args=[township.pk])
    assert OrgUnit.objects.get(pk=township.pk).short_name == "新街道"
    event = events_of(township)[-1]
    assert (event.action, str(event.actor)) == ("update", "huangyufang")
    assert event.changes == {"short_name": [old_short_name, "新街道"]}
    page = county_admin.get(response.url)
    history = lxml.html.fromstring(page.content.decode()).xpath("//section[h2][last()]//li")
    assert "huangyufang" in history[0].text_content()
    assert f"short_name: {old_short_name} → 新街道" in " ".join(history[0].text_content().split())


def test_saving_an_unchanged_form_writes_no_event(county_admin, world):
    township = townships(world)[0]

    response = county_admin.post(reverse("org:unit_edit", args=[township.pk]), unit_data(township))

    assert response.status_code == 302
    assert [event.action for event in events_of(township)] == ["create"]


# --- add a subordinate unit -----------------------------------------------------------------------


def test_add_a_subordinate_unit(county_admin, world):
    township = townships(world)[0]
    url = reverse("org:unit_add_child", args=[township.pk])
    assert county_admin.get(url).context["form"].initial == {"level": 5}

    response = county_admin.post(
        url,
        {
            "name": "新村妇代会",
            "kind": "village_committee",
            "level": 5,
            "division_code": "350502001099",
            "sort_order": 9,
            "is_active": "on",
        },
    )

    child = OrgUnit.objects.get(name="新村妇代会")
    assert response.status_code == 302 and response.url == reverse("org:unit_detail", args=[child.pk])
    assert OrgUnit.objects.get_parent(child) == township
    assert child.depth == township.depth + 1 and OrgUnit.objects.get(pk=township.pk).numchild == 3
    assert child.name_initials == "xcfdh"
    [event] = events_of(child)
    assert (event.action, str(event.actor), event.unit_path) == ("create", "huangyufang", child.path)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": 3}, "level"),
        ({"name": ""}, "name"),
        ({"division_code": "3505"}, "division_code"),
        ({"kind": "no_such_kind"}, "kind"),
    ],
)
def test_adding_a_bad_unit_is_refused_next_to_the_field(county_admin, world, changes, field):
    township = townships(world)[0]
    data = {"name": "新村妇代会", "kind": "village_committee", "level": 5, "sort_order": 0, **changes}
    count = OrgUnit.objects.count()

    response = county_admin.post(reverse("org:unit_add_child", args=[township.pk]), data)

    assert_error_next_to(response, field)
    assert OrgUnit.objects.count() == count
    assert OrgUnit.objects.get(pk=township.pk).numchild == 2


def test_a_reporter_cannot_add_units(client, world):
    chair = world.village_user("鲤城区妇联")  # a village chair reports; she does not manage units
    client.force_login(chair)

    response = client.post(reverse("org:unit_add_child", args=[chair.person.unit_id]), {"name": "x", "level": 5})

    assert response.status_code == 403
    assert OrgUnit.objects.get(pk=chair.person.unit_id).numchild == 0


# --- move -----------------------------------------------------------------------------------------


def test_move_a_village_to_the_other_township(county_admin, world):
    old_parent, new_parent = townships(world)
    village = OrgUnit.objects.get_children(old_parent).first()
    url = reverse("org:unit_move", args=[village.pk])
    assert list(county_admin.get(url).context["form"].fields["new_parent"].queryset) == [new_parent]

    response = county_admin.post(url, {"new_parent": new_parent.pk})

    assert response.status_code == 302
    moved = OrgUnit.objects.get(pk=village.pk)
    assert OrgUnit.objects.get_parent(moved) == new_parent and moved.path.startswith(new_parent.path)
    assert (OrgUnit.objects.get(pk=old_parent.pk).numchild, OrgUnit.objects.get(pk=new_parent.pk).numchild) == (1, 3)
    assert events_of(village)[-1].changes == {"path": [village.path, moved.path]}


def test_move_into_its_own_subtree_is_not_offered_and_is_refused(client, world):
    client.force_login(world.user("liuweihong"))  # city administrator: may move townships between counties
    township = townships(world)[0]
    own_village = OrgUnit.objects.get_children(township).first()
    url = reverse("org:unit_move", args=[township.pk])
    candidates = client.get(url).context["form"].fields["new_parent"].queryset
    assert own_village not in candidates and len(candidates) == 12  # the other counties under the city
    before = stored(township)

    response = client.post(url, {"new_parent": own_village.pk})

    assert_error_next_to(response, "new_parent", "invalid_choice")
    assert stored(township) == before


def test_move_out_of_reach_is_refused(county_admin, world):
    village = OrgUnit.objects.get_children(townships(world)[0]).first()
    elsewhere = OrgUnit.objects.get_children(world.unit("丰泽区妇联")).first()
    before = stored(village)

    response = county_admin.post(reverse("org:unit_move", args=[village.pk]), {"new_parent": elsewhere.pk})

    assert_error_next_to(response, "new_parent", "invalid_choice")
    assert stored(village) == before


def test_the_move_form_shows_errors_next_to_the_field(county_admin, world):
    village = OrgUnit.objects.get_children(townships(world)[0]).first()

    response = county_admin.post(reverse("org:unit_move", args=[village.pk]), {"new_parent": "abc"})

    assert field_error(response, "new_parent")


# --- query counts ---------------------------------------------------------------------------------


def test_unit_page_query_count_is_pinned(county_admin, world, django_assert_num_queries):
    county = world.unit("鲤城区妇联")
    url = reverse("org:unit_detail", args=[county.pk])
    county_admin.get(url)

    with django_assert_num_queries(19):
        county_admin.get(url)

    add_people(county, 30)
    add_children(county, 30)
    assert count_queries(county_admin, url) == 19


def test_children_fragment_query_count_is_pinned(county_admin, world, django_assert_num_queries):
    county = world.unit("鲤城区妇联")
    url = reverse("org:unit_children", args=[county.pk])
    county_admin.get(url)

    with django_assert_num_queries(9):
        county_admin.get(url)

    add_children(county, 30)
    assert count_queries(county_admin, url) == 9
