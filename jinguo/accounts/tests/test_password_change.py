"""Changing one's own password, and the password policy (AUTH_PASSWORD_VALIDATORS)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinguo.accounts.tests.test_login import log_in, logged_in_user_id
from jinguo.accounts.validators import MixedCharactersValidator
from jinguo.conftest import DEMO_PASSWORD
from jinguo.web.tests.test_pages import assert_error_next_to

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "spring-lotus-42"


def change(client, new: str, *, old: str = DEMO_PASSWORD, again: str | None = None):  # type: ignore[no-untyped-def]
    data = {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    return client.post(reverse("password_change"), data)


@pytest.fixture
def user(client, world):  # type: ignore[no-untyped-def]
    user = world.user("liangyuhua")
    client.force_login(user)
    return user


def test_change_password_then_log_in_with_the_new_one(client, user):
    response = change(client, NEW_PASSWORD)

    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert logged_in_user_id(client) == user.pk  # the session that changed it stays valid
    done = client.get(reverse("password_change_done"))
    assert done.status_code == 200 and "admin/base.html" not in [template.name for template in done.templates]
    client.post(reverse("logout"))
    assert log_in(client, "liangyuhua").status_code == 200  # the old one no longer works
    assert log_in(client, "liangyuhua", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("ab1-", "password_too_short"),  # shorter than 10
        ("password123", "password_too_common"),
        ("3141592653589", "password_entirely_numeric"),
        ("onlyletterswithoutdigits", "password_not_mixed"),  # no digit or symbol
        ("liangyuhua-1", "password_too_similar"),  # the username
    ],
)
def test_password_policy_rejections_show_next_to_the_field(client, user, password, code):
    response = change(client, password)

    assert_error_next_to(response, "new_password2", code)
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)  # nothing changed


def test_wrong_old_password_is_refused_next_to_that_field(client, user):
    response = change(client, NEW_PASSWORD, old="not-the-old-one-1")

    assert_error_next_to(response, "old_password", "password_incorrect")
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_mismatched_new_passwords_are_refused(client, user):
    response = change(client, NEW_PASSWORD, again=NEW_PASSWORD + "x")

    assert_error_next_to(response, "new_password2", "password_mismatch")


def test_password_change_needs_a_login(client, world):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_form_explains_the_policy(client, user):
    response = client.get(reverse("password_change"))

    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    assert "base.html" in templates and "admin/base.html" not in templates  # ours, not the admin's
    help_text = response.context["form"].fields["new_password1"].help_text
    assert MixedCharactersValidator().get_help_text() in help_text


@pytest.mark.parametrize("password", ["abcdefghij", "ABCDEFGHIJKLMN", "1234567890", "!!!!!!!!!!"])
def test_mixed_characters_validator_wants_letters_and_something_else(password):
    with pytest.raises(ValidationError) as caught:
        MixedCharactersValidator().validate(password)
    assert caught.value.code == "password_not_mixed"


@pytest.mark.parametrize("password", ["abcdefghi1", "abcdefghi!", "春天abcdefgh"])
def test_mixed_characters_validator_accepts_a_mix(password):
    MixedCharactersValidator().validate(password)


def test_the_demo_password_meets_the_policy():
    validate_password(DEMO_PASSWORD)
