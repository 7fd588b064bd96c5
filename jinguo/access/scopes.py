"""A user's reach in the tree: the union of the subtrees of their grants, as path prefixes."""

from django.db.models import Q

from jinguo.access.models import RoleGrant
from jinguo.access.roles import Action, roles_for


def granted_paths(user, action: Action) -> list[str]:  # type: ignore[no-untyped-def]
    """Minimal list of path prefixes where `user` may do `action` (nested grants collapse)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_granted_paths", {})
    if action not in cache:
        paths = sorted(
            RoleGrant.objects.filter(user=user, role__in=roles_for(action)).values_list("unit__path", flat=True)
        )
        minimal: list[str] = []
        for path in paths:
            if not any(path.startswith(prefix) for prefix in minimal):
                minimal.append(path)
        cache[action] = minimal
    return list(cache[action])


def path_q(paths: list[str], field: str = "path") -> Q:
    """Q matching rows whose `field` lies under any of `paths`; matches nothing for no paths."""
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for prefix in paths:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


def covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(prefix) for prefix in paths)
