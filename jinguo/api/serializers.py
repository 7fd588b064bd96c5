from rest_framework import serializers

from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person


class UnitOutputSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "kind", "level", "division_code", "parent", "depth", "numchild",
                  "sort_order", "is_active", "is_generated"]

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
        fields = ["id", "name", "name_pinyin", "name_initials", "gender", "mobile", "title", "unit", "unit_name",
                  "department", "department_name", "sort_order"]


class PersonInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["name", "gender", "mobile", "title", "unit", "department", "id_number", "sort_order"]
        extra_kwargs = {"id_number": {"write_only": True, "required": False}}


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
