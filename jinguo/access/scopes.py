"""A user's reach in the tree: the union of the subtrees of their grants, as path prefixes."""

from django.db.models import Q

from jinguo.access.models import Role, RoleGrant
from jinguo.access.roles import Action, roles_for
from jinguo.org.models import OrgUnit


def _grants(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(role, unit path) of every grant, read once per request and kept on the user object.

    A superuser reaches everything as a system administrator of every root.
    """
    if "_grants" not in user.__dict__:
        grants = list(RoleGrant.objects.filter(user=user).values_list("role", "unit__path"))
        if user.is_superuser:
            roots = OrgUnit.objects.filter(depth=1).values_list("path", flat=True)
            grants += [(Role.SYSTEM_ADMIN, path) for path in roots]
        user.__dict__["_grants"] = grants
    return user.__dict__["_grants"]


def granted_paths(user, action: Action) -> list[str]:  # type: ignore[no-untyped-def]
    """Minimal list of path prefixes where `user` may do `action` (nested grants collapse)."""
    if not user.is_authenticated or not user.is_active:
        return []
    roles = roles_for(action)
    minimal: list[str] = []
    for path in sorted(path for role, path in _grants(user) if role in roles):
        if not any(path.startswith(prefix) for prefix in minimal):
            minimal.append(path)
    return minimal


def path_q(paths: list[str], field: str = "path") -> Q:
    """Q matching rows whose `field` lies under any of `paths`; matches nothing for no paths.

    A path range, not startswith: the unique index on path then returns a subtree already in path
    order (the default ordering), where LIKE leaves PostgreSQL a collation sort of the whole subtree.
    """
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for prefix in paths:
        subtree = Q(**{f"{field}__gte": prefix})
        end = _path_after_subtree(prefix)
        query |= subtree & Q(**{f"{field}__lt": end}) if end else subtree
    return query


def _path_after_subtree(prefix: str) -> str | None:
    """The least path above every descendant of `prefix` (0002 → 0003, 000Z → 001); None past the last."""
    alphabet = OrgUnit.alphabet
    kept = prefix.rstrip(alphabet[-1])
    return kept[:-1] + alphabet[alphabet.index(kept[-1]) + 1] if kept else None


def covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(prefix) for prefix in paths)
