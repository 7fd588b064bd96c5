"""Logins and role grants, managed by administrators within their reach. Every change is audited."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinguo.access.models import RoleGrant
from jinguo.access.policies import require
from jinguo.accounts import policies
from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.org.models import Department, OrgUnit, Person


def _require_user_in_reach(actor: User, user: User) -> None:
    require(policies.manageable_users(actor).filter(pk=user.pk).exists())


@transaction.atomic
def account_create(*, actor: User, person: Person, username: str, password: str, role: str) -> User:
    """A login for a directory person, with a first role on the person's unit."""
    require(policies.can_manage_unit_accounts(actor, person.unit.path))
    if User.objects.filter(person=person).exists():
        raise ValidationError({"username": _("This person already has a login.")})
    user = User(username=username.strip(), person=person, mobile=person.mobile or None, must_change_password=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, instance=user, action=AuditAction.CREATE)
    role_grant(actor=actor, user=user, role=role, unit=person.unit)
    return user


@transaction.atomic
def account_set_password(*, actor: User, user: User, password: str) -> User:
    """An administrator's reset: the user must choose a new password at the next login."""
    _require_user_in_reach(actor, user)
    validate_password(password, user)
    before = audit_snapshot(user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, instance=user, action=AuditAction.UPDATE, before=before)
    return user


@transaction.atomic
def account_set_active(*, actor: User, user: User, is_active: bool) -> User:
    _require_user_in_reach(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own login."))
    before = audit_snapshot(user)
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, instance=user, action=AuditAction.UPDATE, before=before)
    return user


@transaction.atomic
def role_grant(*, actor: User, user: User, role: str, unit: OrgUnit, department: Department | None = None) -> RoleGrant:
    require(policies.can_manage_unit_accounts(actor, unit.path))
    if role not in policies.grantable_roles(actor):
        raise ValidationError({"role": _("You may not grant this role.")})
    if department is not None and department.unit_id != unit.pk:
        raise ValidationError({"department": _("The department belongs to another unit.")})
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit, department=department)
    if created:
        audit_record(actor=actor, instance=grant, action=AuditAction.CREATE)
    return grant


@transaction.atomic
def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    require(policies.can_manage_unit_accounts(actor, grant.unit.path))
    if grant.user_id == actor.pk:
        raise ValidationError(_("You cannot revoke your own role."))
    audit_record(actor=actor, instance=grant, action=AuditAction.DELETE)
    grant.delete()
