"""The audit log: append-only (in the ORM, and on PostgreSQL in the database), history, scoping."""

import pytest
from django.db import DatabaseError, connection, transaction

from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.audit.selectors import audit_event_list, record_history
from jinguo.audit.services import audit_read, audit_record, audit_snapshot
from jinguo.org import services
from jinguo.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world) -> AuditEvent:  # type: ignore[no-untyped-def]
    unit = world.unit("鲤城区妇联")
    before = audit_snapshot(unit)
    unit.short_name = "鲤城"
    unit.save()
    event = audit_record(actor=world.user("huangyufang"), instance=unit, action=AuditAction.UPDATE, before=before)
    assert event is not None
    return event


# --- append-only ----------------------------------------------------------------------------------


def test_an_event_cannot_be_saved_again(event):
    event.object_repr = "tampered"
    with pytest.raises(TypeError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "鲤城区妇联"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(TypeError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_querysets_refuse_bulk_update_and_delete(event):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "鲤城区妇联"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET object_repr = 'tampered' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_on_postgresql_the_database_refuses_too(event, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "鲤城区妇联"


# --- what gets recorded ---------------------------------------------------------------------------


def test_an_update_records_only_the_changed_fields(event):
    assert event.changes == {"short_name": ["鲤城区", "鲤城"]}
    assert (event.action, str(event.actor), event.object_repr) == ("update", "huangyufang", "鲤城区妇联")


def test_an_update_that_changed_nothing_writes_nothing(world):
    unit = world.unit("鲤城区妇联")
    count = AuditEvent.objects.count()

    result = audit_record(actor=None, instance=unit, action=AuditAction.UPDATE, before=audit_snapshot(unit))

    assert result is None and AuditEvent.objects.count() == count


def test_encrypted_fields_are_masked_in_every_event(world):
    person = world.person("林晖")
    person.id_number = "350502199001010026"
    person.save()

    snapshot = audit_snapshot(person)
    event = audit_record(actor=None, instance=person, action=AuditAction.DELETE)

    assert snapshot["id_number"].startswith("***") and "id_number_index" not in snapshot
    assert event is not None and event.changes["id_number"] == [snapshot["id_number"], None]


def test_a_read_of_a_sensitive_record_is_logged(world):
    person = world.person("林晖")

    event = audit_read(actor=world.user("liuweihong"), instance=person, fields=["id_number"])

    assert (event.action, event.changes, event.unit_path) == ("read", {"fields": ["id_number"]}, person.unit.path)


def test_an_anonymous_actor_is_recorded_as_the_system(world):
    from django.contrib.auth.models import AnonymousUser

    event = audit_read(actor=AnonymousUser(), instance=world.person("林晖"))

    assert event.actor is None


# --- record_history -------------------------------------------------------------------------------


def test_record_history_is_the_records_own_events_newest_first(world):
    township, other = OrgUnit.objects.get_children(world.unit("鲤城区妇联"))
    actor, original = world.user("huangyufang"), township.short_name
    services.unit_update(actor=actor, unit=township, data={"short_name": "一"})
    services.unit_update(actor=actor, unit=other, data={"short_name": "别的"})
    services.unit_update(actor=actor, unit=township, data={"short_name": "二"})

    history = list(record_history(instance=township))

    assert [event.changes["short_name"] for event in history] == [["一", "二"], [original, "一"], [None, original]]
    assert [event.action for event in history] == ["update", "update", "create"]


def test_record_history_does_not_mix_models_with_the_same_id(world):
    person = Person.objects.order_by("pk")[0]
    unit = OrgUnit.objects.get(pk=person.pk)

    assert {event.content_type.model for event in record_history(instance=unit)} == {"orgunit"}
    assert {event.content_type.model for event in record_history(instance=person)} == {"person"}


# --- audit_event_list scoping ---------------------------------------------------------------------


@pytest.fixture
def changes_across_the_tree(world):  # type: ignore[no-untyped-def]
    admin = world.user("admin")
    for name in ("鲤城区妇联", "丰泽区妇联", "泉州市妇联", "历下区妇联"):
        services.unit_update(actor=admin, unit=world.unit(name), data={"sort_order": 99})
    audit_read(actor=admin, instance=admin)  # a record outside the tree: a login without a person


def updated_units(events) -> set[str]:  # type: ignore[no-untyped-def]
    return {event.object_repr for event in events.filter(action="update", content_type__model="orgunit")}


def test_a_county_admin_sees_only_events_of_her_subtree(world, changes_across_the_tree):
    events = audit_event_list(user=world.user("huangyufang"))

    lichen = world.unit("鲤城区妇联").path
    assert updated_units(events) == {"鲤城区妇联"}
    assert events.exists() and all(event.unit_path.startswith(lichen) for event in events)


def test_a_city_admin_sees_the_city_and_its_counties(world, changes_across_the_tree):
    events = audit_event_list(user=world.user("liuweihong"))

    assert updated_units(events) == {"鲤城区妇联", "丰泽区妇联", "泉州市妇联"}
    assert not events.filter(unit_path="").exists()


def test_the_superuser_sees_everything_including_events_outside_the_tree(world, changes_across_the_tree):
    events = audit_event_list(user=world.user("admin"))

    assert updated_units(events) == {"鲤城区妇联", "丰泽区妇联", "泉州市妇联", "历下区妇联"}
    assert events.filter(unit_path="").exists()
    assert events.count() == AuditEvent.objects.count()


@pytest.mark.parametrize("who", ["leader", "reporter"])
def test_users_without_audit_rights_see_no_events(world, changes_across_the_tree, who):
    user = world.user_of("梁玉华") if who == "leader" else world.village_user("鲤城区妇联")

    assert not audit_event_list(user=user).exists()
