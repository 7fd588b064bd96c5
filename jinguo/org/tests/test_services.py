"""Writes to the tree and the directory: validation, permission (a denial changes nothing), audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinguo.audit.models import AuditEvent
from jinguo.org import services
from jinguo.org.models import Department, OrgUnit, Person

pytestmark = pytest.mark.django_db

NEW_VILLAGE = {
    "name": "新村妇代会",
    "short_name": "新村",
    "kind": "village_committee",
    "level": 5,
    "division_code": "350502001099",
    "sort_order": 7,
    "is_active": True,
}


def tree_state() -> list[tuple]:
    return list(OrgUnit.objects.order_by("pk").values_list("pk", "path", "depth", "numchild", "name", "level"))


def people_state() -> list[tuple]:
    return list(Person.objects.order_by("pk").values_list("pk", "unit_id", "name", "mobile", "title"))


def events_count() -> int:
    return AuditEvent.objects.count()


def events_of(instance) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    model = instance._meta.model_name
    return list(AuditEvent.objects.filter(content_type__model=model, object_id=str(instance.pk)).order_by("id"))


def no_problems() -> bool:
    return all(not problems for problems in OrgUnit.objects.find_problems())


@pytest.fixture
def lichen(world):  # type: ignore[no-untyped-def]
    """鲤城区 and its two townships."""
    county = world.unit("鲤城区妇联")
    first, second = OrgUnit.objects.get_children(county)
    return county, first, second


# --- unit_create ----------------------------------------------------------------------------------


def test_unit_create_adds_the_last_child_and_audits_every_field(world, lichen):
    county, township, _ = lichen
    actor = world.user("huangyufang")

    unit = services.unit_create(actor=actor, parent=township, data=NEW_VILLAGE)

    assert OrgUnit.objects.get_parent(unit) == township
    assert unit.path == OrgUnit._get_path(township.path, township.depth + 1, 3) and unit.depth == township.depth + 1
    assert OrgUnit.objects.get(pk=township.pk).numchild == 3
    assert unit.name_initials == "xcfdh"
    [event] = events_of(unit)
    assert (event.action, event.actor, event.unit_path, event.object_repr) == ("create", actor, unit.path, "新村妇代会")
    assert event.changes == {
        "id": [None, unit.pk],
        "path": [None, unit.path],
        "depth": [None, unit.depth],
        "numchild": [None, 0],
        "name": [None, "新村妇代会"],
        "short_name": [None, "新村"],
        "kind": [None, "village_committee"],
        "level": [None, 5],
        "division_code": [None, "350502001099"],
        "sort_order": [None, 7],
        "is_active": [None, True],
        "is_generated": [None, False],
    }
    assert no_problems()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": 3}, "level"),  # a county-level unit under a township
        ({"division_code": "350502"}, "division_code"),  # 鲤城区's own code
        ({"division_code": "35050"}, "division_code"),  # neither 6, 9 nor 12 digits
        ({"name": ""}, "name"),
        ({"kind": "club"}, "kind"),
    ],
)
def test_unit_create_refuses_bad_data_and_changes_nothing(world, lichen, changes, field):
    _, township, _ = lichen
    before, count = tree_state(), events_count()

    with pytest.raises(ValidationError) as caught:
        services.unit_create(actor=world.user("huangyufang"), parent=township, data={**NEW_VILLAGE, **changes})

    assert field in caught.value.message_dict
    assert tree_state() == before and events_count() == count


def test_an_empty_division_code_is_stored_as_none_so_many_units_may_lack_one(world, lichen):
    _, township, _ = lichen
    actor = world.user("huangyufang")

    first = services.unit_create(actor=actor, parent=township, data={**NEW_VILLAGE, "division_code": ""})
    second = services.unit_create(
        actor=actor, parent=township, data={**NEW_VILLAGE, "name": "二村", "division_code": ""}
    )

    assert (first.division_code, second.division_code) == (None, None)


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("village chair", "county"),  # a reporter manages nothing
        ("county admin", "sibling county"),
        ("city leader", "county"),  # leaders read
        ("county admin", "new root"),  # only superusers add top-level units
    ],
)
def test_unit_create_denied_changes_nothing(world, lichen, who, where):
    actor = {
        "village chair": world.village_user("鲤城区妇联"),
        "county admin": world.user("huangyufang"),
        "city leader": world.user_of("梁玉华"),
    }[who]
    parent = {"county": lichen[0], "sibling county": world.unit("丰泽区妇联"), "new root": None}[where]
    before, count = tree_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.unit_create(actor=actor, parent=parent, data={**NEW_VILLAGE, "level": 4})

    assert tree_state() == before and events_count() == count


def test_a_superuser_adds_a_new_province(world):
    unit = services.unit_create(
        actor=world.user("admin"),
        parent=None,
        data={"name": "广东省妇联", "kind": "federation", "level": 1, "division_code": "440000"},
    )

    assert unit.depth == 1 and [root.name for root in OrgUnit.objects.get_root_nodes()][-1] == "广东省妇联"
    assert no_problems()


# --- unit_update ----------------------------------------------------------------------------------


def test_unit_update_records_exactly_what_changed(world, lichen):
    _, township, _ = lichen
    actor = world.user("huangyufang")
    old_name, old_short = township.name, township.short_name

    services.unit_update(actor=actor, unit=township, data={"name": "海滨街道妇联", "short_name": "海滨街道"})

    stored = OrgUnit.objects.get(pk=township.pk)
    assert (stored.name, stored.short_name, stored.name_initials) == ("海滨街道妇联", "海滨街道", "hbjdfl")
    [event] = events_of(township)[1:]
    assert (event.action, event.actor) == ("update", actor)
    assert event.changes == {"name": [old_name, "海滨街道妇联"], "short_name": [old_short, "海滨街道"]}


def test_unit_update_without_a_change_writes_no_event(world, lichen):
    _, township, _ = lichen
    count = events_count()

    services.unit_update(actor=world.user("huangyufang"), unit=township, data={"name": township.name})

    assert events_count() == count


@pytest.mark.parametrize(
    ("target", "level"),
    [("township", 2), ("county", 5)],  # above its parent; below its own townships
)
def test_unit_update_keeps_levels_ordered_down_the_tree(world, lichen, target, level):
    county, township, _ = lichen
    unit = {"county": county, "township": township}[target]
    before, count = tree_state(), events_count()

    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=world.user("liuweihong"), unit=unit, data={"level": level})

    assert "level" in caught.value.message_dict
    assert tree_state() == before and events_count() == count


def test_unit_update_refuses_a_taken_division_code(world, lichen):
    _, first, second = lichen
    before = tree_state()

    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=world.user("huangyufang"), unit=first, data={"division_code": second.division_code})

    assert "division_code" in caught.value.message_dict
    assert tree_state() == before


def test_unit_update_denied_changes_nothing(world):
    fengze = world.unit("丰泽区妇联")
    before, count = tree_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.unit_update(actor=world.user("huangyufang"), unit=fengze, data={"name": "改名"})

    assert tree_state() == before and events_count() == count


# --- unit_move ------------------------------------------------------------------------------------


def test_unit_move_repaths_the_whole_subtree(world, lichen):
    county, township, _ = lichen
    fengze = world.unit("丰泽区妇联")
    subtree = list(OrgUnit.objects.filter(path__startswith=township.path).values_list("pk", flat=True))
    people = set(Person.objects.filter(unit__in=subtree).values_list("pk", flat=True))
    actor = world.user("liuweihong")
    old_path = township.path

    moved = services.unit_move(actor=actor, unit=township, new_parent=fengze)

    fengze.refresh_from_db()
    assert moved.path == OrgUnit._get_path(fengze.path, fengze.depth + 1, 3)
    descendants = OrgUnit.objects.filter(pk__in=subtree)
    assert len(descendants) == 3 and all(unit.path.startswith(moved.path) for unit in descendants)
    assert {unit.depth - moved.depth for unit in descendants} == {0, 1}
    assert (OrgUnit.objects.get(pk=county.pk).numchild, fengze.numchild) == (1, 3)
    assert set(Person.objects.filter(unit__path__startswith=moved.path).values_list("pk", flat=True)) == people
    assert no_problems()
    [event] = events_of(township)[1:]
    assert (event.action, event.actor, event.changes) == ("update", actor, {"path": [old_path, moved.path]})
    assert event.unit_path == moved.path


def test_moved_people_leave_the_old_administrators_reach(world, lichen):
    _, township, _ = lichen
    from jinguo.org import policies

    services.unit_move(actor=world.user("liuweihong"), unit=township, new_parent=world.unit("丰泽区妇联"))

    assert not policies.units.scope(world.user("huangyufang")).filter(pk=township.pk).exists()


@pytest.mark.parametrize("target", ["itself", "its own village"])
def test_unit_move_into_its_own_subtree_is_refused(world, lichen, target):
    _, township, _ = lichen
    new_parent = township if target == "itself" else OrgUnit.objects.get_children(township).first()
    before, count = tree_state(), events_count()

    with pytest.raises(ValidationError) as caught:
        services.unit_move(actor=world.user("liuweihong"), unit=township, new_parent=new_parent)

    assert "parent" in caught.value.message_dict
    assert tree_state() == before and events_count() == count


def test_unit_move_under_a_lower_level_unit_is_refused(world, lichen):
    _, township, _ = lichen
    fengze_village = OrgUnit.objects.filter(path__startswith=world.unit("丰泽区妇联").path, level=5).first()
    before = tree_state()

    with pytest.raises(ValidationError) as caught:
        services.unit_move(actor=world.user("liuweihong"), unit=township, new_parent=fengze_village)

    assert "level" in caught.value.message_dict
    assert tree_state() == before


@pytest.mark.parametrize("case", ["new parent out of reach", "unit out of reach", "reporter"])
def test_unit_move_denied_changes_nothing(world, lichen, case):
    county, township, other_township = lichen
    village = OrgUnit.objects.get_children(township).first()
    actor, unit, new_parent = {
        "new parent out of reach": (world.user("huangyufang"), township, world.unit("丰泽区妇联")),
        "unit out of reach": (world.user("huangyufang"), world.unit("丰泽区妇联"), county),
        "reporter": (world.village_user("鲤城区妇联"), village, other_township),
    }[case]
    before, count = tree_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.unit_move(actor=actor, unit=unit, new_parent=new_parent)

    assert tree_state() == before and events_count() == count


# --- people ---------------------------------------------------------------------------------------


def test_person_create_normalises_and_audits(world, lichen):
    county, _, _ = lichen
    actor = world.user("huangyufang")

    person = services.person_create(
        actor=actor, data={"unit": county, "name": "林  丽", "mobile": "13905950005", "id_number": "35050219900101000x"}
    )

    assert (person.name, person.name_pinyin, person.name_initials) == ("林丽", "linli", "ll")
    assert Person.objects.get(pk=person.pk).id_number == "35050219900101000X"
    [event] = events_of(person)
    assert (event.action, event.actor, event.unit_path) == ("create", actor, county.path)
    before, after = event.changes["id_number"]
    assert before is None and after.startswith("***") and "35050219900101000X" not in after
    assert event.changes["mobile"] == [None, "13905950005"]
    assert event.changes["unit"] == [None, county.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"mobile": "1234"}, "mobile"), ({"id_number": "350502199001010027"}, "id_number"), ({"name": ""}, "name")],
)
def test_person_create_refuses_bad_data(world, lichen, changes, field):
    county, _, _ = lichen
    before, count = people_state(), events_count()

    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=world.user("huangyufang"), data={"unit": county, "name": "林丽", **changes})

    assert field in caught.value.message_dict
    assert people_state() == before and events_count() == count


def test_person_create_refuses_a_department_of_another_unit(world, lichen):
    county, _, _ = lichen
    city_office = Department.objects.get(unit=world.unit("泉州市妇联"), name="办公室")

    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=world.user("liuweihong"), data={"unit": county, "name": "林丽", "department": city_office}
        )

    assert "department" in caught.value.message_dict


def test_person_create_out_of_reach_is_denied(world):
    before, count = people_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.person_create(actor=world.user("huangyufang"), data={"unit": world.unit("丰泽区妇联"), "name": "林丽"})

    assert people_state() == before and events_count() == count


def test_person_update_records_before_and_after(world):
    lin = world.person("林晖")
    actor = world.user("liuweihong")

    services.person_update(actor=actor, person=lin, data={"mobile": "13905950006", "title": "市妇联宣传部部长（兼）"})

    [event] = events_of(lin)[1:]
    assert (event.action, event.actor) == ("update", actor)
    assert event.changes == {"mobile": ["", "13905950006"], "title": ["市妇联宣传部部长", "市妇联宣传部部长（兼）"]}


def test_person_update_cannot_move_someone_out_of_reach(world, lichen):
    county, _, _ = lichen
    chair = world.person("黄玉芳")
    before, count = people_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.person_update(actor=world.user("huangyufang"), person=chair, data={"unit": world.unit("丰泽区妇联")})

    assert people_state() == before and events_count() == count


def test_person_update_denied_for_a_reader(world):
    lin = world.person("林晖")
    before, count = people_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.person_update(actor=world.user_of("梁玉华"), person=lin, data={"title": "x"})

    assert people_state() == before and events_count() == count


def test_person_delete_keeps_the_record_in_the_audit_log(world, lichen):
    county, _, _ = lichen
    actor = world.user("huangyufang")
    person = services.person_create(actor=actor, data={"unit": county, "name": "林丽", "mobile": "13905950007"})
    pk = person.pk

    services.person_delete(actor=actor, person=person)

    assert not Person.objects.filter(pk=pk).exists()
    deleted = AuditEvent.objects.get(content_type__model="person", object_id=str(pk), action="delete")
    assert deleted.actor == actor and deleted.unit_path == county.path
    assert deleted.changes["name"] == ["林丽", None] and deleted.changes["mobile"] == ["13905950007", None]


def test_person_delete_denied_changes_nothing(world):
    lin = world.person("林晖")
    before, count = people_state(), events_count()

    with pytest.raises(PermissionDenied):
        services.person_delete(actor=world.user("huangyufang"), person=lin)

    assert people_state() == before and events_count() == count
