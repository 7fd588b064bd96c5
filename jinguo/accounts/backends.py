from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from jinguo.accounts.models import User
from jinguo.core.validators import normalize_mobile


def find_login(typed: str) -> User | None:
    """The user a login name refers to: a username, or a mobile however it is written."""
    user = User.objects.filter(username=typed).first()
    if user is None:
        user = User.objects.filter(mobile=normalize_mobile(typed)).first()
    return user


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """What django-axes counts failures against: the account, not the spelling.

    Without this, the username, the mobile and the mobile typed with spaces or +86 would each get
    their own five tries, and a success by mobile would not reset failures counted by username.
    """
    typed = (credentials or {}).get("username") or request.POST.get("username") or ""
    user = find_login(typed) if typed else None
    return user.username if user is not None else typed


class UsernameOrMobileBackend(ModelBackend):
    """Grassroots users remember their phone number better than a username."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        user = find_login(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
