"""Administrators manage the logins of people in their reach; nothing outside it."""

import pytest

from jinguo.access.models import RoleGrant
from jinguo.accounts.models import User
from jinguo.audit.models import AuditEvent
from jinguo.org.models import Person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qz-tang-2026!"


def _village_person_without_login(world, county: str) -> Person:
    county_unit = world.unit(county)
    person = Person.objects.create(unit=world.village_user(county).person.unit, name="测试人")
    assert person.unit.path.startswith(county_unit.path)
    return person


def test_county_admin_creates_a_login_for_a_village_person(client, world):
    admin = world.user("huangyufang")
    person = _village_person_without_login(world, "鲤城区妇联")
    client.force_login(admin)
    response = client.post(
        f"/accounts/users/for-person/{person.pk}/",
        {"username": "ceshiren", "password": NEW_PASSWORD, "role": "reporter"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="ceshiren")
    assert user.person == person and user.must_change_password
    assert list(user.grants.values_list("role", "unit")) == [("reporter", person.unit.pk)]
    assert AuditEvent.objects.filter(object_id=str(user.pk), action="create", actor=admin).exists()
    event = AuditEvent.objects.filter(object_id=str(user.pk), content_type__model="user").first()
    assert event is not None and user.password not in str(event.changes)


def test_a_reset_password_must_be_changed_at_login(client, world):
    user = world.village_user("鲤城区妇联")
    client.force_login(world.user("huangyufang"))
    response = client.post(f"/accounts/users/{user.pk}/password/", {"password": NEW_PASSWORD})
    assert response.status_code == 302
    client.logout()
    client.post("/accounts/login/", {"username": user.username, "password": NEW_PASSWORD})
    assert client.get("/").url.startswith("/accounts/password/")
    response = client.post(
        "/accounts/password/",
        {"old_password": NEW_PASSWORD, "new_password1": "Another-pass-77", "new_password2": "Another-pass-77"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200


def test_a_weak_password_is_refused_next_to_the_field(client, world):
    user = world.village_user("鲤城区妇联")
    old_hash = user.password
    client.force_login(world.user("huangyufang"))
    response = client.post(f"/accounts/users/{user.pk}/password/", {"password": "12345678"})
    assert response.status_code == 400
    assert response.context["password_form"].errors["password"]
    user.refresh_from_db()
    assert user.password == old_hash


def test_sibling_county_accounts_are_out_of_reach(client, world):
    sibling = world.village_user("丰泽区妇联")
    sibling_person = Person.objects.create(unit=sibling.person.unit, name="邻县人")
    client.force_login(world.user("huangyufang"))
    assert client.get(f"/accounts/users/{sibling.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{sibling.pk}/password/", {"password": NEW_PASSWORD}).status_code == 404
    assert client.post(f"/accounts/users/{sibling.pk}/active/", {"active": "0"}).status_code == 404
    assert client.get(f"/accounts/users/for-person/{sibling_person.pk}/").status_code == 404
    sibling.refresh_from_db()
    assert sibling.is_active and not sibling.must_change_password
    assert sibling.username not in client.get("/accounts/users/").content.decode()


def test_only_a_superuser_grants_system_admin(client, world):
    user = world.village_user("鲤城区妇联")
    client.force_login(world.user("huangyufang"))
    response = client.post(
        f"/accounts/users/{user.pk}/grants/", {"role": "system_admin", "unit": world.unit("鲤城区妇联").pk}
    )
    assert response.status_code == 400
    assert not RoleGrant.objects.filter(user=user, role="system_admin").exists()


def test_grant_on_an_ancestor_and_revoke(client, world):
    user = world.village_user("鲤城区妇联")
    county = world.unit("鲤城区妇联")
    client.force_login(world.user("huangyufang"))
    response = client.post(f"/accounts/users/{user.pk}/grants/", {"role": "leader", "unit": county.pk})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user, role="leader", unit=county)
    assert client.post(f"/accounts/users/{user.pk}/grants/{grant.pk}/revoke/").status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_city_is_above_a_county_admins_reach(client, world):
    user = world.village_user("鲤城区妇联")
    client.force_login(world.user("huangyufang"))
    response = client.post(
        f"/accounts/users/{user.pk}/grants/", {"role": "leader", "unit": world.unit("泉州市妇联").pk}
    )
    assert response.status_code == 400
    assert not RoleGrant.objects.filter(user=user, unit=world.unit("泉州市妇联")).exists()


def test_deactivate_and_not_oneself(client, world):
    admin = world.user("huangyufang")
    user = world.village_user("鲤城区妇联")
    client.force_login(admin)
    client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"})
    user.refresh_from_db()
    assert not user.is_active
    client.post(f"/accounts/users/{admin.pk}/active/", {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_a_village_chair_has_no_account_pages(client, world):
    client.force_login(world.village_user("鲤城区妇联"))
    assert client.get("/accounts/users/").status_code == 403


def test_account_list_query_count_is_fixed(client, world, django_assert_max_num_queries):
    client.force_login(world.user("liuweihong"))
    with django_assert_max_num_queries(12):
        response = client.get("/accounts/users/")
    assert response.status_code == 200
    assert len(response.context["page"]) == 50
