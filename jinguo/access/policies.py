"""One policy object per domain answers both "which ones may they?" and "may they, for this one?".

Pages and the API fetch through `get()`: a record that is missing or out of scope is the same 404.
"""

from typing import Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q

M = TypeVar("M", bound=models.Model)


def require(allowed: bool) -> None:
    """Services call this with a policy's answer: a refusal is a 403 for pages, whatever the caller."""
    if not allowed:
        raise PermissionDenied


class TreeScopedPolicy(Generic[M]):
    """Scope rows by the org unit they belong to. `unit_path` is the lookup to that unit's path."""

    model: type[M]
    unit_path: str = "unit__path"

    def base_queryset(self) -> models.QuerySet[M]:
        return self.model._default_manager.all()

    def scope(self, user, action: Action = Action.VIEW) -> models.QuerySet[M]:  # type: ignore[no-untyped-def]
        return self.base_queryset().filter(path_q(granted_paths(user, action), self.unit_path))

    def object_path(self, obj: M) -> str:
        target: object = obj
        for part in self.unit_path.split("__"):
            target = getattr(target, part)
        return str(target)

    def can(self, user, action: Action, obj: M) -> bool:  # type: ignore[no-untyped-def]
        return covers(granted_paths(user, action), self.object_path(obj))

    def get(self, user, pk: object, action: Action = Action.VIEW) -> M:  # type: ignore[no-untyped-def]
        """Fetch one record through the scope: missing and forbidden look the same."""
        try:
            return self.scope(user, action).get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
