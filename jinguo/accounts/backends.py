from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from jinguo.accounts.models import User
from jinguo.core.validators import normalize_mobile


class UsernameOrMobileBackend(ModelBackend):
    """Grassroots users remember their phone number better than a username."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.filter(mobile=normalize_mobile(username)).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
