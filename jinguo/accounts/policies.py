"""Who may manage which logins: administrators, over the users attached to units in their reach."""

from django.db import models

from jinguo.access.models import Role
from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User


def manageable_users(actor: User) -> models.QuerySet[User]:
    """Users whose person, or one of whose grants, lies in the actor's account-management reach."""
    paths = granted_paths(actor, Action.MANAGE_ACCOUNTS)
    reach = path_q(paths, "person__unit__path") | path_q(paths, "grants__unit__path")
    users = User.objects.filter(reach)
    if not actor.is_superuser:
        users = users.exclude(is_superuser=True)
    return User.objects.filter(pk__in=users.values("pk"))


def can_manage_unit_accounts(actor: User, unit_path: str) -> bool:
    return covers(granted_paths(actor, Action.MANAGE_ACCOUNTS), unit_path)


def grantable_roles(actor: User) -> list[str]:
    """Only a superuser hands out the system administrator role."""
    return [role for role in Role.values if actor.is_superuser or role != Role.SYSTEM_ADMIN]


def has_account_reach(actor: User) -> bool:
    return actor.is_superuser or bool(granted_paths(actor, Action.MANAGE_ACCOUNTS))
