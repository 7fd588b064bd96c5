"""The main menu. Each module adds its entries here; an entry shows only to users who may use it."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    action: Action = Action.VIEW
    superuser_only: bool = False


MENU: list[MenuItem] = [
    MenuItem(_("Home"), "home"),
    MenuItem(_("Organisation"), "org:tree"),
    MenuItem(_("People"), "org:person_list"),
    MenuItem(_("Leading groups"), "org:group_list"),
    MenuItem(_("Plans"), "plans:plan_list"),
    MenuItem(_("Party branch"), "plans:branch_list"),
    MenuItem(_("Reports"), "reports:inbox"),
    MenuItem(_("Reporting rates"), "reports:rates"),
    MenuItem(_("Import & export"), "org:import", Action.MANAGE_PEOPLE),
    MenuItem(_("Accounts"), "accounts:user_list", Action.MANAGE_ACCOUNTS),
    MenuItem(_("Audit log"), "audit:event_list", Action.VIEW_AUDIT),
    MenuItem(_("System settings"), "admin:index", superuser_only=True),
]


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    for item in MENU:
        if item.superuser_only and not user.is_superuser:
            continue
        if not item.superuser_only and not (user.is_superuser or granted_paths(user, item.action)):
            continue
        items.append({"label": item.label, "url": reverse(item.url_name), "active": False})
    urls = [str(entry["url"]) for entry in items]
    # The entry with the longest address the page lies under is the one the page belongs to
    # (/reports/rates/ is "Reporting rates", not also "Reports").
    matching = [url for url in urls if request.path == url or url != "/" and request.path.startswith(url)]
    if matching:
        items[urls.index(max(matching, key=len))]["active"] = True
    return items
