from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from jinguo.core.validators import validate_id_number
from jinguo.org import policies
from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person

MOBILE_PATTERN = r"^1[3-9][0-9]{9}$"
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9Xx]$"


class TokenRequestSerializer(AuthTokenSerializer):
    username = serializers.CharField(
        label=_("Username or mobile"), write_only=True, help_text=_("The username, or the mobile number of the login.")
    )


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send as `Authorization: Token <token>`."))


class UnitOutputSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]  # a field, not Field.parent

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "level",
            "division_code",
            "parent",
            "depth",
            "numchild",
            "sort_order",
            "is_active",
            "is_generated",
        ]

    def get_parent(self, unit: OrgUnit) -> int | None:
        """The parent's id, resolved in one query per page by the view (see parent_ids)."""
        return self.context.get("parent_ids", {}).get(unit.path[: -unit.steplen])


class DepartmentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "unit", "name", "short_name", "sort_order"]


class PersonOutputSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "name_pinyin",
            "name_initials",
            "gender",
            "mobile",
            "title",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "sort_order",
        ]


class PersonInputSerializer(serializers.ModelSerializer):
    """A person to create or change. `unit` and `department` must lie within the caller's reach."""

    mobile = serializers.RegexField(MOBILE_PATTERN, max_length=11, required=False, allow_blank=True)
    id_number = serializers.RegexField(
        ID_NUMBER_PATTERN,
        max_length=18,
        required=False,
        allow_blank=True,
        write_only=True,
        validators=[validate_id_number],
        help_text=_("18-character resident ID number; the check character is verified."),
    )

    class Meta:
        model = Person
        fields = ["name", "gender", "mobile", "title", "unit", "department", "id_number", "sort_order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:  # the schema generator builds the serializer without a caller
            choices = {"unit": policies.units.scope(user), "department": policies.departments.scope(user)}
            for name, queryset in choices.items():
                field: Any = self.fields[name]
                field.queryset = queryset


class GroupMemberOutputSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["id", "person", "person_name", "role", "title", "sort_order"]


class GroupOutputSerializer(serializers.ModelSerializer):
    members = GroupMemberOutputSerializer(many=True, read_only=True)

    class Meta:
        model = LeadingGroup
        fields = ["id", "unit", "name", "kind", "office", "note", "members"]


class LiaisonOutputSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Liaison
        fields = ["id", "leader", "leader_name", "unit", "unit_name", "purpose", "sort_order"]
