"""The admin: every page renders, every change writes an audit event, the log itself is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from jinguo.access.models import RoleGrant
from jinguo.audit.models import AuditEvent
from jinguo.org.models import Department, GroupMember, LeadingGroup, OrgUnit, Person

pytestmark = pytest.mark.django_db

JINGUO_APPS = {"accounts", "org", "access", "audit"}
VALID_ID = "350502199001010026"


@pytest.fixture
def admin_client(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("admin"))
    return client


def url(name: str, model: str, *args: object) -> str:
    app = {"user": "accounts", "rolegrant": "access", "auditevent": "audit"}.get(model, "org")
    return reverse(f"admin:{app}_{model}_{name}", args=args)


def events_of(instance) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    model = instance._meta.model_name
    return list(AuditEvent.objects.filter(content_type__model=model, object_id=str(instance.pk)).order_by("id"))


def unit_form(unit: OrgUnit, parent: OrgUnit | None, **changes) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "parent": parent.pk if parent else "",
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "level": unit.level,
        "division_code": unit.division_code or "",
        "sort_order": unit.sort_order,
        "is_active": "on",
    }
    return {**data, **changes}


# --- every page renders ---------------------------------------------------------------------------


def registered_models() -> list[str]:
    return sorted(str(model._meta.model_name) for model in admin.site._registry if model._meta.app_label in JINGUO_APPS)


def test_every_jinguo_model_is_in_the_admin():
    assert registered_models() == [
        "auditevent",
        "department",
        "leadinggroup",
        "liaison",
        "orgunit",
        "person",
        "position",
        "rolegrant",
        "user",
    ]


@pytest.mark.parametrize("model", registered_models())
def test_every_changelist_and_change_page_renders(admin_client, model):
    listing = admin_client.get(url("changelist", model))
    assert listing.status_code == 200
    first = listing.context["cl"].result_list[0]
    assert admin_client.get(url("change", model, first.pk)).status_code == 200
    assert admin_client.get(url("changelist", model), {"q": "鲤城"}).status_code == 200


def test_the_unit_list_pages_instead_of_rendering_the_tree(admin_client):
    response = admin_client.get(url("changelist", "orgunit"))

    changelist = response.context["cl"]
    assert (len(changelist.result_list), changelist.result_count) == (50, 90)  # a page of rows, in path order
    assert [unit.name for unit in changelist.result_list[:3]] == ["福建省妇联", "泉州市妇联", "鲤城区妇联"]
    assert response.context["action_form"] is None  # no bulk delete: it would take whole subtrees


def test_units_filter_by_level_and_search_by_initials_and_code(admin_client):
    by_level = admin_client.get(url("changelist", "orgunit"), {"level__exact": 3}).context["cl"].result_list
    by_initials = admin_client.get(url("changelist", "orgunit"), {"q": "lcq"}).context["cl"].result_list
    by_code = admin_client.get(url("changelist", "orgunit"), {"q": "350502001"}).context["cl"].result_list

    assert {unit.level for unit in by_level} == {3} and len(by_level) == 14
    assert [unit.name for unit in by_initials] == ["鲤城区妇联"]
    assert len(by_code) == 3


def test_the_unit_autocomplete_finds_units_by_prefix(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "鲤城", "app_label": "org", "model_name": "department", "field_name": "unit"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["鲤城区妇联"]


# --- org units go through the services ------------------------------------------------------------


def test_adding_a_unit_in_the_admin_puts_it_under_the_parent_and_audits_it(admin_client, world):
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    data = unit_form(OrgUnit(name="新村妇代会", kind="village_committee", level=5), township)

    response = admin_client.post(url("add", "orgunit"), data)

    unit = OrgUnit.objects.get(name="新村妇代会")
    assert response.status_code == 302
    assert OrgUnit.objects.get_parent(unit) == township and OrgUnit.objects.get(pk=township.pk).numchild == 3
    [event] = events_of(unit)
    assert (event.action, str(event.actor), event.unit_path) == ("create", "admin", unit.path)
    assert all(not problems for problems in OrgUnit.objects.find_problems())


def test_changing_the_parent_in_the_admin_moves_the_subtree(admin_client, world):
    county = world.unit("鲤城区妇联")
    township = OrgUnit.objects.get_children(county).first()
    fengze = world.unit("丰泽区妇联")
    edit = admin_client.get(url("change", "orgunit", township.pk))
    assert edit.context["adminform"].form.initial["parent"] == county

    response = admin_client.post(url("change", "orgunit", township.pk), unit_form(township, fengze, short_name="移"))

    assert response.status_code == 302
    moved = OrgUnit.objects.get(pk=township.pk)
    assert OrgUnit.objects.get_parent(moved) == fengze and moved.short_name == "移"
    assert OrgUnit.objects.filter(path__startswith=moved.path).count() == 3
    assert [set(event.changes) for event in events_of(township)[1:]] == [{"short_name"}, {"path"}]
    assert all(not problems for problems in OrgUnit.objects.find_problems())


@pytest.mark.parametrize(("case", "field"), [("own village", "parent"), ("level", "level"), ("no parent", "parent")])
def test_the_admin_refuses_cycles_levels_above_the_parent_and_orphans(admin_client, world, case, field):
    county = world.unit("鲤城区妇联")
    township = OrgUnit.objects.get_children(county)[0]
    own_village = OrgUnit.objects.get_children(township)[0]
    data = {
        "own village": unit_form(township, own_village),
        "level": unit_form(township, county, level=2),
        "no parent": unit_form(township, None),
    }[case]
    before = OrgUnit.objects.get(pk=township.pk).path

    response = admin_client.post(url("change", "orgunit", township.pk), data)

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert OrgUnit.objects.get(pk=township.pk).path == before and len(events_of(township)) == 1


def test_only_leaf_units_can_be_deleted_and_the_deletion_is_audited(admin_client, world):
    county = world.unit("鲤城区妇联")
    village = OrgUnit.objects.filter(path__startswith=county.path, level=5).first()
    Person.objects.filter(unit=village).delete()

    assert admin_client.get(url("delete", "orgunit", county.pk)).status_code == 403
    response = admin_client.post(url("delete", "orgunit", village.pk), {"post": "yes"})

    assert response.status_code == 302 and not OrgUnit.objects.filter(pk=village.pk).exists()
    assert AuditEvent.objects.get(content_type__model="orgunit", object_id=str(village.pk), action="delete")


# --- people: the ID number is masked --------------------------------------------------------------


def test_the_person_admin_masks_the_id_number_and_replaces_it_write_only(admin_client, world):
    lin = world.person("林晖")
    lin.id_number = VALID_ID
    lin.save()
    page = admin_client.get(url("change", "person", lin.pk))
    assert VALID_ID not in page.content.decode() and "3505**********0026" in page.content.decode()
    assert "id_number" not in page.context["adminform"].form.fields
    data = {
        "unit": lin.unit_id,
        "department": lin.department_id,
        "name": lin.name,
        "gender": "F",
        "mobile": "",
        "title": lin.title,
        "sort_order": lin.sort_order,
        "new_id_number": "350502198512310042",
    }

    response = admin_client.post(url("change", "person", lin.pk), data)

    assert response.status_code == 302
    lin.refresh_from_db()
    assert (lin.id_number, lin.gender) == ("350502198512310042", "F")
    changes = events_of(lin)[-1].changes
    old_id, new_id = changes.pop("id_number")  # masked on both sides, yet visibly changed
    assert old_id.startswith("***") and new_id.startswith("***") and old_id != new_id
    assert "350502198512310042" not in new_id and changes == {"gender": ["", "F"]}
    listing = admin_client.get(url("changelist", "person"), {"q": "lh"})
    assert "350502198512310042" not in listing.content.decode() and "3505" not in listing.content.decode()


def test_a_bad_id_number_is_refused_next_to_the_field(admin_client, world):
    lin = world.person("林晖")
    data = {
        "unit": lin.unit_id,
        "name": lin.name,
        "title": lin.title,
        "sort_order": 0,
        "new_id_number": "350502199001010027",
    }

    response = admin_client.post(url("change", "person", lin.pk), data)

    assert response.status_code == 200 and "new_id_number" in response.context["adminform"].form.errors
    assert Person.objects.get(pk=lin.pk).id_number == ""


# --- the mixin: changes, inlines, bulk deletes ----------------------------------------------------


def test_a_department_change_records_before_and_after(admin_client, world):
    office = Department.objects.get(unit=world.unit("泉州市妇联"), name="办公室")
    data = {
        "unit": office.unit_id,
        "name": "办公室",
        "short_name": "办",
        "kind": office.kind,
        "supervising_leader": office.supervising_leader_id,
        "sort_order": office.sort_order,
    }

    assert admin_client.post(url("change", "department", office.pk), data).status_code == 302

    [event] = events_of(office)[1:]
    assert (event.action, str(event.actor), event.changes) == ("update", "admin", {"short_name": ["办公室", "办"]})
    assert event.unit_path == world.unit("泉州市妇联").path


def test_group_members_added_and_removed_inline_are_audited(admin_client, world):
    city = world.unit("泉州市妇联")
    group = LeadingGroup.objects.create(unit=city, name="专项工作小组")
    leader, member = world.person("梁玉华"), world.person("林晖")
    data = {
        "unit": city.pk,
        "name": group.name,
        "kind": "leading_group",
        "office": "",
        "note": "",
        "members-TOTAL_FORMS": 2,
        "members-INITIAL_FORMS": 0,
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
        "members-0-person": leader.pk,
        "members-0-role": "leader",
        "members-0-title": "",
        "members-0-sort_order": 0,
        "members-1-person": member.pk,
        "members-1-role": "member",
        "members-1-title": "",
        "members-1-sort_order": 1,
    }
    assert admin_client.post(url("change", "leadinggroup", group.pk), data).status_code == 302
    added = {m.person.name: m for m in group.members.select_related("person")}
    assert set(added) == {"梁玉华", "林晖"}
    assert [event.action for event in events_of(added["林晖"])] == ["create"]

    removal = {
        **{key: value for key, value in data.items() if not key.startswith("members-")},
        "members-TOTAL_FORMS": 1,
        "members-INITIAL_FORMS": 1,
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
        "members-0-id": added["林晖"].pk,
        "members-0-group": group.pk,
        "members-0-person": member.pk,
        "members-0-role": "member",
        "members-0-title": "",
        "members-0-sort_order": 1,
        "members-0-DELETE": "on",
    }
    assert admin_client.post(url("change", "leadinggroup", group.pk), removal).status_code == 302

    assert not GroupMember.objects.filter(pk=added["林晖"].pk).exists()
    assert [event.action for event in events_of(added["林晖"])] == ["create", "delete"]


def test_a_bulk_delete_writes_one_event_per_record(admin_client, world):
    city = world.unit("泉州市妇联")
    spare = [Department.objects.create(unit=city, name=f"临时部{index}") for index in range(3)]

    response = admin_client.post(
        url("changelist", "department"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in spare], "post": "yes"},
    )

    assert response.status_code == 302 and not Department.objects.filter(pk__in=[d.pk for d in spare]).exists()
    assert [len(events_of(department)) for department in spare] == [1, 1, 1]


def test_a_role_grant_added_in_the_admin_is_audited_in_the_units_scope(admin_client, world):
    user, township = world.user("linhui"), OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()

    response = admin_client.post(url("add", "rolegrant"), {"user": user.pk, "role": "leader", "unit": township.pk})

    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user, unit=township)
    [event] = events_of(grant)
    assert (event.action, event.unit_path, event.changes["role"]) == ("create", township.path, [None, "leader"])


# --- the audit log is read-only -------------------------------------------------------------------


def test_the_audit_log_is_read_only_in_the_admin(admin_client, world):
    event = AuditEvent.objects.order_by("pk")[0]
    count = AuditEvent.objects.count()

    assert admin_client.get(url("add", "auditevent")).status_code == 403
    assert admin_client.get(url("delete", "auditevent", event.pk)).status_code == 403
    view = admin_client.get(url("change", "auditevent", event.pk))
    assert view.status_code == 200 and not view.context["has_change_permission"]
    assert admin_client.post(url("change", "auditevent", event.pk), {"object_repr": "tampered"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).object_repr == event.object_repr
    assert AuditEvent.objects.count() == count
