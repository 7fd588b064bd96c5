"""The directory: search by Chinese name or pinyin initials, the person page, edit and add."""

import json

import lxml.html
import pytest
from django.urls import reverse

from jinguo.audit.models import AuditEvent
from jinguo.org.models import Department, OrgUnit, Person
from jinguo.web.tests.test_pages import add_people, assert_error_next_to, count_queries

pytestmark = pytest.mark.django_db

VALID_ID = "350502199001010026"
OTHER_VALID_ID = "350502198512310042"
ID_ENDING_IN_X = "35050219900101000X"


def person_data(person: Person, **changes) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "name": person.name,
        "gender": person.gender,
        "mobile": person.mobile,
        "title": person.title,
        "department": person.department_id or "",
        "id_number": person.id_number,
        "sort_order": person.sort_order,
    }
    data.update(changes)
    return data


def stored(person: Person) -> tuple:
    fresh = Person.objects.get(pk=person.pk)
    return (fresh.name, fresh.gender, fresh.mobile, fresh.title, fresh.department_id, fresh.id_number, fresh.unit_id)


def events_of(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(content_type__model="person", object_id=str(person.pk)).order_by("id"))


@pytest.fixture
def city_admin(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("liuweihong"))
    return client


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["lyh", "LYH", "liangyuhua", "liang", "梁玉华", "玉华"])
def test_a_city_user_finds_liang_yuhua_by_name_or_pinyin(city_admin, world, query):
    response = city_admin.get(reverse("org:person_list"), {"q": query})

    found = [person.name for person in response.context["page"]]
    assert "梁玉华" in found
    assert all(
        query in p.name or p.name_initials.startswith(query.lower()) or p.name_pinyin.startswith(query.lower())
        for p in response.context["page"]
    )


def test_initials_search_returns_exactly_the_matches(city_admin, world):
    response = city_admin.get(reverse("org:person_list"), {"q": "lyh"})

    expected = Person.objects.filter(
        name_initials__startswith="lyh", unit__path__startswith=world.unit("泉州市妇联").path
    )
    assert sorted(p.pk for p in response.context["page"]) == sorted(expected.values_list("pk", flat=True))
    assert reverse("org:person_detail", args=[world.person("梁玉华").pk]) in response.content.decode()


def test_search_stays_inside_the_viewers_reach(client, world):
    client.force_login(world.user("huangyufang"))

    response = client.get(reverse("org:person_list"), {"q": "lyh"})

    assert list(response.context["page"]) == []


def test_search_within_one_unit(city_admin, world):
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()

    response = city_admin.get(reverse("org:person_list"), {"unit": township.pk})

    people = list(response.context["page"])
    assert len(people) == 6  # the township's chair and officer, and the same in each of its two villages
    assert all(person.unit.path.startswith(township.path) for person in people)


def test_typing_in_the_search_box_gets_only_the_rows(city_admin, world):
    response = city_admin.get(reverse("org:person_list"), {"q": "lyh"}, HTTP_HX_REQUEST="true")

    assert [template.name for template in response.templates][0] == "org/_person_rows.html"
    assert "<html" not in response.content.decode() and "梁玉华" in response.content.decode()


def test_people_list_is_paginated_by_thirty(city_admin, world):
    first = city_admin.get(reverse("org:person_list"))
    last = city_admin.get(reverse("org:person_list"), {"page": 999})  # past the end: the last page

    count = first.context["page"].paginator.count
    assert count == 172 and len(first.context["page"]) == 30 and len(last.context["page"]) == count % 30


# --- the person page ------------------------------------------------------------------------------


def test_person_page_shows_positions_groups_liaisons_and_masks_the_id_number(city_admin, world):
    su = world.person("苏淑勉")
    su.id_number = VALID_ID
    su.save()

    response = city_admin.get(reverse("org:person_detail", args=[su.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert VALID_ID not in html and "3505**********0026" in html
    assert sorted(position.kind for position in response.context["positions"]) == ["party_member", "vice_chair"]
    assert sorted(m.get_role_display() for m in response.context["memberships"]) == sorted(
        m.get_role_display() for m in su.group_memberships.all()
    )
    assert [liaison.unit.name for liaison in response.context["liaisons"]] == ["鲤城区妇联", "晋江市妇联"]


def test_a_person_out_of_reach_looks_missing(client, world):
    client.force_login(world.user("huangyufang"))

    assert client.get(reverse("org:person_detail", args=[world.person("苏淑勉").pk])).status_code == 404
    assert client.get(reverse("org:person_edit", args=[world.person("苏淑勉").pk])).status_code == 404


# --- edit -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"mobile": "12345"}, "mobile", "invalid_mobile"),
        ({"mobile": "2390000000a"}, "mobile", "invalid_mobile"),
        ({"id_number": "350502199001010027"}, "id_number", "invalid_id_number"),  # wrong check digit
        ({"id_number": "3505021990"}, "id_number", "invalid_id_number"),
        ({"name": ""}, "name", "required"),
        ({"gender": "X"}, "gender", "invalid_choice"),
        ({"name": "林\x00晖"}, "name", "null_characters_not_allowed"),
    ],
)
def test_bad_person_data_is_refused_next_to_the_field_and_nothing_saved(city_admin, world, changes, field, code):
    lin = world.person("林晖")
    before = stored(lin)

    response = city_admin.post(reverse("org:person_edit", args=[lin.pk]), person_data(lin, title="新职务", **changes))

    assert_error_next_to(response, field, code)
    assert stored(lin) == before
    assert [event.action for event in events_of(lin)] == ["create"]


def test_a_department_of_another_unit_is_not_offered(city_admin, world):
    lin = world.person("林晖")
    other_unit_department = Department.objects.create(unit=world.unit("鲤城区妇联"), name="办公室")

    response = city_admin.post(
        reverse("org:person_edit", args=[lin.pk]), person_data(lin, department=other_unit_department.pk)
    )

    assert_error_next_to(response, "department", "invalid_choice")
    assert Person.objects.get(pk=lin.pk).department_id == lin.department_id


def test_edit_saves_and_the_history_shows_before_and_after(city_admin, world):
    lin = world.person("林晖")

    response = city_admin.post(reverse("org:person_edit", args=[lin.pk]), person_data(lin, mobile="13905950003"))

    assert response.status_code == 302 and response.url == reverse("org:person_detail", args=[lin.pk])
    assert Person.objects.get(pk=lin.pk).mobile == "13905950003"
    [created, updated] = events_of(lin)
    assert (updated.action, str(updated.actor), updated.changes) == (
        "update",
        "liuweihong",
        {"mobile": ["", "13905950003"]},
    )
    page = city_admin.get(response.url)
    history = lxml.html.fromstring(page.content.decode()).xpath("//section[h2]//li")
    assert "mobile: — → 13905950003" in " ".join(history[0].text_content().split())


def test_an_id_number_is_encrypted_masked_and_never_audited_in_clear(city_admin, world):
    lin = world.person("林晖")

    city_admin.post(reverse("org:person_edit", args=[lin.pk]), person_data(lin, id_number=ID_ENDING_IN_X.lower()))

    assert Person.objects.get(pk=lin.pk).id_number == ID_ENDING_IN_X  # normalised to a capital X
    ((field, (before, after)),) = events_of(lin)[-1].changes.items()
    assert field == "id_number" and before == "" and after.startswith("***") and ID_ENDING_IN_X not in after
    assert ID_ENDING_IN_X not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert ID_ENDING_IN_X not in city_admin.get(reverse("org:person_detail", args=[lin.pk])).content.decode()


def test_replacing_an_id_number_is_audited(city_admin, world):
    lin = world.person("林晖")
    city_admin.post(reverse("org:person_edit", args=[lin.pk]), person_data(lin, id_number=VALID_ID))

    city_admin.post(reverse("org:person_edit", args=[lin.pk]), person_data(lin, id_number=OTHER_VALID_ID))

    assert Person.objects.get(pk=lin.pk).id_number == OTHER_VALID_ID
    assert [event.action for event in events_of(lin)] == ["create", "update", "update"]


def test_editing_is_for_administrators_of_the_persons_unit(client, world):
    lin = world.person("林晖")
    before = stored(lin)
    chair = world.village_user("鲤城区妇联")
    for user, person, status in [(world.user_of("梁玉华"), lin, 403), (chair, chair.person, 403)]:
        client.force_login(user)
        response = client.post(reverse("org:person_edit", args=[person.pk]), person_data(person, title="x"))
        assert response.status_code == status
    assert stored(lin) == before
    assert Person.objects.get(pk=chair.person.pk).title != "x"


# --- add ------------------------------------------------------------------------------------------


def test_add_a_person_to_a_unit(client, world):
    client.force_login(world.user("huangyufang"))
    county = world.unit("鲤城区妇联")

    response = client.post(
        reverse("org:person_add", args=[county.pk]),
        {"name": "陈 美玲", "gender": "F", "mobile": "13905950004", "title": "执委", "sort_order": 5},
    )

    person = Person.objects.get(name="陈美玲")  # the padding space is dropped
    assert response.status_code == 302 and response.url == reverse("org:person_detail", args=[person.pk])
    assert (person.unit, person.name_initials, person.mobile) == (county, "cml", "13905950004")
    [event] = events_of(person)
    assert (event.action, str(event.actor), event.unit_path) == ("create", "huangyufang", county.path)


def test_adding_a_person_with_a_bad_mobile_creates_nobody(client, world):
    client.force_login(world.user("huangyufang"))
    county = world.unit("鲤城区妇联")
    count = Person.objects.count()

    response = client.post(reverse("org:person_add", args=[county.pk]), {"name": "陈美玲", "mobile": "139"})

    assert_error_next_to(response, "mobile", "invalid_mobile")
    assert Person.objects.count() == count


# --- query counts ---------------------------------------------------------------------------------


def test_people_list_query_count_is_pinned(city_admin, world, django_assert_num_queries):
    url = reverse("org:person_list")
    city_admin.get(url)

    with django_assert_num_queries(10):
        city_admin.get(url)

    add_people(world.unit("泉州市妇联"), 30, name="梁新")
    assert count_queries(city_admin, url) == 10
    assert count_queries(city_admin, url + "?q=lx") == 10
    assert count_queries(city_admin, url + "?q=lx&page=2") == 10


def test_person_page_query_count_is_pinned(city_admin, world, django_assert_num_queries):
    su = world.person("苏淑勉")
    url = reverse("org:person_detail", args=[su.pk])
    city_admin.get(url)

    with django_assert_num_queries(15):
        city_admin.get(url)
