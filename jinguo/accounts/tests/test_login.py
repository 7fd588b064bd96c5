"""Logging in by username or mobile, wrong passwords, lockout, logout, inactive users.

Every attempt goes through the real login view with POST, so django-axes sees the request.
"""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from jinguo.accounts.models import User
from jinguo.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LOCKOUT_STATUS = 429


def log_in(client, username: str, password: str = DEMO_PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def logged_in_user_id(client) -> int | None:  # type: ignore[no-untyped-def]
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_login_by_username(client, world):
    user = world.user_of("梁玉华")
    assert user.username == "liangyuhua"

    response = log_in(client, "liangyuhua")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert logged_in_user_id(client) == user.pk


@pytest.mark.parametrize("typed", ["{mobile}", "{mobile:.3} {mobile_rest:.4} {mobile_tail}", "+86{mobile}"])
def test_login_by_mobile_as_people_type_it(client, world, typed):
    user = world.village_user("鲤城区妇联")
    mobile = user.mobile
    assert re.fullmatch(r"1990\d{7}", mobile) and mobile == user.person.mobile
    typed_mobile = typed.format(mobile=mobile, mobile_rest=mobile[3:], mobile_tail=mobile[7:])

    response = log_in(client, typed_mobile)

    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_login_redirects_to_next_but_never_off_site(client, world):
    unit = world.unit("鲤城区妇联")
    inside = reverse("org:unit_detail", args=[unit.pk])

    assert log_in(client, "huangyufang", next=inside).url == inside
    client.logout()
    assert log_in(client, "huangyufang", next="https://evil.example.com/").url == reverse("home")


def test_wrong_password_shows_an_error_on_the_form(client, world):
    response = log_in(client, "liangyuhua", "not-her-password-1")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    errors = response.context["form"].non_field_errors()
    assert response.context["form"].errors.as_data()["__all__"][0].code == "invalid_login"
    assert CJK.search(errors[0])  # in Chinese
    html = response.content.decode()
    form_html = html[html.index("<form") : html.index("</form>")]
    assert 'role="alert"' in form_html and errors[0].split()[0] in form_html  # shown at the top of the form


def test_unknown_user_gets_the_same_error_as_a_wrong_password(client, world):
    unknown = log_in(client, "nobody-here")
    wrong = log_in(client, "liangyuhua", "not-her-password-1")

    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_inactive_user_cannot_log_in(client, world):
    User.objects.filter(username="liangyuhua").update(is_active=False)

    response = log_in(client, "liangyuhua")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert response.context["form"].errors


def test_logged_in_user_visiting_login_goes_home(client, world):
    client.force_login(world.user("liangyuhua"))

    assert client.get(reverse("login")).url == reverse("home")


def test_logout_is_a_post_and_ends_the_session(client, world):
    log_in(client, "liangyuhua")

    assert client.get(reverse("logout")).status_code == 405  # a link cannot log anyone out
    assert logged_in_user_id(client) == world.user("liangyuhua").pk
    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response.url == reverse("login")
    assert logged_in_user_id(client) is None
    assert client.get(reverse("home")).status_code == 302


# --- lockout (django-axes, per username) ----------------------------------------------------------


def fail(client, username: str, times: int) -> list[int]:  # type: ignore[no-untyped-def]
    return [log_in(client, username, "wrong-password-9").status_code for _ in range(times)]


def test_five_failures_lock_the_account(client, world):
    assert fail(client, "liangyuhua", 4) == [200] * 4
    fifth = log_in(client, "liangyuhua", "wrong-password-9")

    assert fifth.status_code == LOCKOUT_STATUS
    assert "registration/locked_out.html" in [template.name for template in fifth.templates]
    assert reverse("login") in fifth.content.decode()  # the page offers a way back


def test_a_locked_account_refuses_even_the_right_password(client, world):
    fail(client, "liangyuhua", 5)

    response = log_in(client, "liangyuhua")

    assert response.status_code == LOCKOUT_STATUS
    assert logged_in_user_id(client) is None


def test_lockout_is_per_username_not_per_office(client, world):
    """Everyone in a township office shares one IP; one person's typos must not lock the others out."""
    fail(client, "liangyuhua", 5)

    response = log_in(client, "huangyufang")

    assert response.status_code == 302
    assert logged_in_user_id(client) == world.user("huangyufang").pk


def test_lockout_ends_after_the_cool_off(client, world):
    fail(client, "liangyuhua", 5)
    AccessAttempt.objects.filter(username="liangyuhua").update(
        attempt_time=AccessAttempt.objects.get(username="liangyuhua").attempt_time - timedelta(minutes=16)
    )

    response = log_in(client, "liangyuhua")

    assert response.status_code == 302
    assert logged_in_user_id(client) == world.user("liangyuhua").pk


def test_a_successful_login_resets_the_failure_count(client, world):
    fail(client, "liangyuhua", 4)
    log_in(client, "liangyuhua")
    client.post(reverse("logout"))

    assert fail(client, "liangyuhua", 4) == [200] * 4
    assert log_in(client, "liangyuhua").status_code == 302


def test_lockout_counts_per_account_however_the_login_is_typed(client, world):
    """Username, mobile and the mobile with spaces or +86 are one account: five tries in all, not each."""
    chair = world.village_user("鲤城区妇联")
    mobile = chair.mobile
    spellings = [
        chair.username,
        mobile,
        f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
        f"+86{mobile}",
        f"{mobile[:3]}-{mobile[3:]}",
    ]

    statuses = [log_in(client, typed, "wrong-password-9").status_code for typed in spellings]
    locked = log_in(client, f"+86 {mobile}")

    assert statuses[-1] == LOCKOUT_STATUS
    assert locked.status_code == LOCKOUT_STATUS
    assert logged_in_user_id(client) is None


def test_logging_in_by_username_resets_failures_made_by_mobile(client, world):
    chair = world.village_user("鲤城区妇联")
    fail(client, chair.mobile, 4)
    assert log_in(client, chair.username).status_code == 302
    client.post(reverse("logout"))

    assert fail(client, chair.mobile, 4) == [200] * 4  # counting starts again
