"""What every page's top bar needs: the menu and the notification bell."""

from functools import cached_property
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from jinguo.accounts.models import User


class UnreadBadge:
    """The bell's unread count, read the first time a template shows it: one query on pages with the
    top bar, none on fragments; anonymous visitors get no badge at all."""

    def __init__(self, user: "User") -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        from jinguo.notifications.selectors import unread_count

        return unread_count(user=self.user)

    @property
    def label(self) -> str:
        """The count as the badge shows it: 99+ past the counting limit."""
        from jinguo.notifications.selectors import UNREAD_COUNT_LIMIT

        return f"{UNREAD_COUNT_LIMIT - 1}+" if self.count >= UNREAD_COUNT_LIMIT else str(self.count)


def navigation(request: HttpRequest) -> dict[str, object]:
    from jinguo.web.menu import menu_for

    context: dict[str, object] = {"menu": menu_for(request)}
    if request.user.is_authenticated:
        context["unread_notifications"] = UnreadBadge(request.user)  # type: ignore[arg-type]
    return context
