"""Idle timeout: a session lives 30 minutes after the last request (SESSION_SAVE_EVERY_REQUEST)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from jinguo.accounts.tests.test_login import log_in, logged_in_user_id

pytestmark = pytest.mark.django_db

IDLE_LIMIT = timedelta(minutes=30)


def stored_session(client) -> Session:  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key)


def set_expiry(client, expire_date) -> None:  # type: ignore[no-untyped-def]
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=expire_date)


@pytest.fixture
def logged_in(client, world):  # type: ignore[no-untyped-def]
    assert log_in(client, "huangyufang").status_code == 302
    return client


def test_the_idle_limit_is_thirty_minutes_renewed_on_every_request():
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE) == IDLE_LIMIT
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False


def test_each_request_moves_the_expiry_thirty_minutes_ahead(logged_in):
    set_expiry(logged_in, timezone.now() + timedelta(minutes=2))  # as if idle for 28 minutes

    before = timezone.now()
    assert logged_in.get(reverse("home")).status_code == 200
    after = timezone.now()

    expire_date = stored_session(logged_in).expire_date
    assert before + IDLE_LIMIT - timedelta(seconds=1) <= expire_date <= after + IDLE_LIMIT + timedelta(seconds=1)


def test_the_session_cookie_expiry_moves_too(logged_in):
    response = logged_in.get(reverse("home"))

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_an_expired_session_sends_the_user_back_to_login(logged_in):
    unit_page = reverse("org:tree")
    set_expiry(logged_in, timezone.now() - timedelta(seconds=1))  # idle for just over 30 minutes

    response = logged_in.get(unit_page)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={unit_page}"
    assert logged_in_user_id(logged_in) is None


def test_a_session_still_inside_the_limit_stays_logged_in(logged_in):
    set_expiry(logged_in, timezone.now() + timedelta(seconds=30))

    assert logged_in.get(reverse("org:tree")).status_code == 200
