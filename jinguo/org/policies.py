"""Access to the tree and the directory: a grant on a unit covers its subtree."""

from django.db import models

from jinguo.access.policies import TreeScopedPolicy
from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person


class UnitPolicy(TreeScopedPolicy[OrgUnit]):
    model = OrgUnit
    unit_path = "path"


class PersonPolicy(TreeScopedPolicy[Person]):
    model = Person

    def base_queryset(self) -> models.QuerySet[Person]:
        return Person.objects.select_related("unit", "department")


class DepartmentPolicy(TreeScopedPolicy[Department]):
    model = Department

    def base_queryset(self) -> models.QuerySet[Department]:
        return Department.objects.select_related("unit")


class GroupPolicy(TreeScopedPolicy[LeadingGroup]):
    model = LeadingGroup

    def base_queryset(self) -> models.QuerySet[LeadingGroup]:
        return LeadingGroup.objects.select_related("unit", "office")


class GroupMemberPolicy(TreeScopedPolicy[GroupMember]):
    model = GroupMember
    unit_path = "group__unit__path"


class LiaisonPolicy(TreeScopedPolicy[Liaison]):
    """A liaison is visible where the followed unit is."""

    model = Liaison

    def base_queryset(self) -> models.QuerySet[Liaison]:
        return Liaison.objects.select_related("leader", "leader__unit", "unit")


units = UnitPolicy()
people = PersonPolicy()
departments = DepartmentPolicy()
groups = GroupPolicy()
group_members = GroupMemberPolicy()
liaisons = LiaisonPolicy()
