"""Users in the admin: an administrator resets a forgotten password; every change is audited."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jinguo.accounts.models import User
from jinguo.accounts.tests.test_login import log_in, logged_in_user_id
from jinguo.audit.models import AuditEvent
from jinguo.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

RESET_PASSWORD = "winter-plum-2024"


@pytest.fixture
def admin_client(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("admin"))
    return client


def reset(client, user: User, password: str, again: str | None = None):  # type: ignore[no-untyped-def]
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    data = {"usable_password": "true", "password1": password, "password2": again or password}
    return client.post(url, data)


def user_events(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(content_type__model="user", object_id=str(user.pk)).order_by("id"))


def test_admin_resets_a_password_and_the_user_logs_in_with_it(admin_client, world):
    user = world.user("huangyufang")
    assert admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 200

    response = reset(admin_client, user, RESET_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_user_change", args=[user.pk])
    her = Client()
    assert log_in(her, "huangyufang").status_code == 200  # the forgotten one is gone
    assert logged_in_user_id(her) is None
    log_in(her, "huangyufang", RESET_PASSWORD)
    assert logged_in_user_id(her) == user.pk
    # Like every administrator's reset, she must choose her own password first.
    assert her.get(reverse("home"))["Location"].startswith(reverse("password_change"))
    user.refresh_from_db()
    assert user.must_change_password


def test_a_password_reset_is_audited_without_the_hash(admin_client, world):
    user = world.user("huangyufang")

    reset(admin_client, user, RESET_PASSWORD)

    [event] = user_events(user)
    assert (event.action, str(event.actor)) == ("update", "admin")
    old_hash, new_hash = event.changes.pop("password")
    assert old_hash.startswith("***") and new_hash.startswith("***") and old_hash != new_hash
    assert event.changes == {"must_change_password": [False, True]}
    assert event.unit_path == user.person.unit.path  # visible to the administrators of her unit
    user.refresh_from_db()
    assert user.password not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_the_reset_form_enforces_the_password_policy(admin_client, world):
    user = world.user("huangyufang")

    response = reset(admin_client, user, "12345678")

    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()["password2"]]
    assert {"password_too_short", "password_entirely_numeric"} <= set(codes)
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert user_events(user) == []


def test_only_staff_reach_the_admin(client, world):
    client.force_login(world.user("huangyufang"))  # a county administrator, not system staff

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_user_admin_lists_searches_and_edits_with_mobile_and_person(admin_client, world):
    chair = world.village_user("鲤城区妇联")

    listing = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": chair.mobile})
    page = admin_client.get(reverse("admin:accounts_user_change", args=[chair.pk]))

    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [chair]
    assert page.status_code == 200
    assert {"mobile", "person"} <= set(page.context["adminform"].form.fields)


def test_editing_a_user_in_the_admin_is_audited(admin_client, world):
    chair = world.village_user("鲤城区妇联")
    old_mobile, joined = chair.mobile, timezone.localtime(chair.date_joined)
    data = {
        "username": chair.username,
        "mobile": "13905950001",
        "person": chair.person_id,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }

    response = admin_client.post(reverse("admin:accounts_user_change", args=[chair.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    chair.refresh_from_db()
    assert chair.mobile == "13905950001"
    [event] = user_events(chair)
    assert (event.action, str(event.actor)) == ("update", "admin")
    assert event.changes["mobile"] == [old_mobile, "13905950001"]
    assert "password" not in event.changes


def test_a_bad_mobile_is_refused_next_to_the_field(admin_client, world):
    chair = world.village_user("鲤城区妇联")
    url = reverse("admin:accounts_user_change", args=[chair.pk])

    old_mobile = chair.mobile

    response = admin_client.post(url, {"username": chair.username, "mobile": "12345"})

    assert response.status_code == 200
    assert "mobile" in response.context["adminform"].form.errors
    chair.refresh_from_db()
    assert chair.mobile == old_mobile
    assert user_events(chair) == []


def test_creating_a_user_in_the_admin_is_audited_with_the_password_masked(admin_client, world):
    data = {
        "username": "newclerk",
        "mobile": "13905950002",
        "usable_password": "true",
        "password1": RESET_PASSWORD,
        "password2": RESET_PASSWORD,
    }

    response = admin_client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    [event] = user_events(user)
    assert event.action == "create"
    assert event.changes["password"][0] is None and event.changes["password"][1].startswith("***")
    assert event.changes["mobile"] == [None, "13905950002"]
