"""Demo accounts: one per person of the demo world, named by pinyin (梁玉华 → liangyuhua), plus admin."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from jinguo.access.models import Role, RoleGrant
from jinguo.accounts.models import User
from jinguo.core.chinese import name_pinyin
from jinguo.org.demo import seed_data as seed
from jinguo.org.demo.loader import OrgWorld
from jinguo.org.models import OrgUnit, Person, Position, PositionKind, UnitLevel


def _generated_role(position: Position) -> Role:
    """Chairs of county and township federations administer their subtree; village chairs report."""
    if position.kind == PositionKind.INFORMATION_OFFICER:
        return Role.INFORMATION_OFFICER
    return Role.REPORTER if position.unit.level == UnitLevel.VILLAGE else Role.UNIT_ADMIN


GENERATED_POSITIONS = (PositionKind.CHAIR, PositionKind.INFORMATION_OFFICER)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    who: str


def _unique_username(base: str, taken: set[str]) -> str:
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}{counter}"
    taken.add(candidate)
    return candidate


def load_demo_accounts(world: OrgWorld, *, password: str) -> list[DemoLogin]:
    password_hash = make_password(password)  # one hash for thousands of demo accounts
    taken = set(User.objects.values_list("username", flat=True))
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create(username="admin", password=password_hash, is_staff=True, is_superuser=True)
        taken.add("admin")
    for root in OrgUnit.objects.get_root_nodes():
        RoleGrant.objects.get_or_create(user=admin, role=Role.SYSTEM_ADMIN, unit=root)

    linked = set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    new_users = [
        User(
            username=_unique_username(name_pinyin(person.name), taken),
            password=password_hash,
            person=person,
            mobile=person.mobile or None,
        )
        for person in [*world.people.values(), *world.generated_people]
        if person.pk not in linked
    ]
    User.objects.bulk_create(new_users, batch_size=2000)
    _grant_named_roles(world)
    _grant_generated_roles(world)
    return _sample_logins(world)


def _grant_named_roles(world: OrgWorld) -> None:
    users = {user.person_id: user for user in User.objects.filter(person__in=world.people.values())}
    for grant in seed.GRANTS:
        person = world.people[grant.person]
        department = world.departments.get(grant.department or "")
        RoleGrant.objects.get_or_create(
            user=users[person.pk], role=grant.role, unit=world.units[grant.unit], department=department
        )


def _grant_generated_roles(world: OrgWorld) -> None:
    if not world.generated_people:
        return
    users = dict(User.objects.filter(person__is_generated=True).values_list("person_id", "pk"))
    positions = Position.objects.filter(person__is_generated=True, kind__in=GENERATED_POSITIONS).select_related("unit")
    grants = [
        RoleGrant(user_id=users[position.person_id], role=_generated_role(position), unit_id=position.unit_id)
        for position in positions
    ]
    RoleGrant.objects.bulk_create(grants, batch_size=2000, ignore_conflicts=True)


def _sample_logins(world: OrgWorld) -> list[DemoLogin]:
    """A login for each kind of user, to print after loading."""
    logins = [DemoLogin("admin", "系统管理员 / system administrator")]
    for name in ("梁玉华", "刘伟宏", "林晖", "黄玉芳"):
        user = User.objects.filter(person=world.people[name]).first()
        if user:
            logins.append(DemoLogin(user.username, f"{name}（{world.people[name].title}）"))
    lichen = world.units["鲤城区妇联"]
    for level, kind in ((4, PositionKind.CHAIR), (5, PositionKind.CHAIR), (5, PositionKind.INFORMATION_OFFICER)):
        person = (
            Person.objects.filter(unit__path__startswith=lichen.path, unit__level=level, positions__kind=kind)
            .select_related("unit", "user")
            .order_by("unit__path")
            .first()
        )
        if person and hasattr(person, "user"):
            logins.append(DemoLogin(person.user.username, f"{person.name}（{person.title}）"))
    return logins
