"""The federation tree (materialized path) and the people, departments and groups inside it."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from jinguo.core.chinese import name_initials, name_pinyin, normalize_name
from jinguo.core.fields import EncryptedTextField, blind_index, mask_identity
from jinguo.core.validators import normalize_id_number, validate_id_number, validate_mobile

division_code_validator = RegexValidator(
    r"^(\d{6}|\d{9}|\d{12})$",
    _("A division code has 6 (county and above), 9 (township) or 12 (village) digits."),
)


class UnitKind(models.TextChoices):
    FEDERATION = "federation", _("Women's federation")
    ORGANS_COMMITTEE = "organs_committee", _("Women's working committee of organs")
    VILLAGE_COMMITTEE = "village_committee", _("Village women's committee")
    COMMUNITY_FEDERATION = "community_federation", _("Community women's federation")
    SPECIAL_ZONE = "special_zone", _("Special zone women's committee")
    INSTITUTION_COMMITTEE = "institution_committee", _("Institution women's committee")


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    PREFECTURE = 2, _("Prefecture")
    COUNTY = 3, _("County")
    TOWNSHIP = 4, _("Township")
    VILLAGE = 5, _("Village")


class OrgUnit(MP_Node):
    """A node of the federation tree. `path` gives a subtree as one indexed prefix query."""

    # 36**4 children per node and 4 characters a level: a 6-level national tree fits in 24.
    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    name = models.CharField(_("name"), max_length=100, db_index=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices, default=UnitKind.FEDERATION)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    division_code = models.CharField(
        _("division code"), max_length=12, null=True, blank=True, validators=[division_code_validator]
    )
    name_initials = models.CharField(_("pinyin initials"), max_length=100, db_index=True, editable=False)
    sort_order = models.IntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_generated = models.BooleanField(_("generated"), default=False, help_text=_("Created by the demo generator."))
    # Periodic reports expect a unit only while it exists (set when a unit is founded or closed mid-year).
    established_on = models.DateField(_("established on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.UniqueConstraint(fields=["division_code"], name="org_unit_unique_division_code"),
            models.CheckConstraint(
                condition=Q(established_on__isnull=True)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gte=models.F("established_on")),
                name="org_unit_closed_after_established",
                violation_error_message=_("A unit cannot close before it is established."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.division_code == "":
            self.division_code = None

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name_initials = name_initials(self.name)
        super().save(*args, **kwargs)

    def ancestor_paths(self) -> list[str]:
        return [self.path[: i * self.steplen] for i in range(1, self.depth)]


class DepartmentKind(models.TextChoices):
    DEPARTMENT = "department", _("Internal department")  # 机关部室: what "机关各部室" means
    AFFILIATE = "affiliate", _("Affiliated institution")  # 直属单位: activity centre, kindergarten
    PARTY = "party", _("Party organisation")


class Department(models.Model):
    """A department (部室) inside a federation: 办公室, 宣传部, 权益部 …"""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="departments", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT)
    supervising_leader = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_departments",
        verbose_name=_("supervising leader"),
    )
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["unit", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="org_department_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Person(models.Model):
    """Someone in the directory: cadres, chairs, executive members, information officers."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit"))
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    # Up to 6 letters a character: a 50-character name needs 300.
    name_pinyin = models.CharField(_("pinyin"), max_length=400, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=50, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    title = models.CharField(_("title"), max_length=200, blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True, validators=[validate_id_number])
    id_number_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    is_generated = models.BooleanField(_("generated"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name = normalize_name(self.name)
        self.name_pinyin = name_pinyin(self.name)
        self.name_initials = name_initials(self.name)
        self.id_number_index = blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.name = normalize_name(self.name)
        self.id_number = normalize_id_number(self.id_number or "")
        if self.department_id and self.department and self.department.unit_id != self.unit_id:
            raise ValidationError({"department": _("The department belongs to another unit.")})

    @property
    def masked_id_number(self) -> str:
        return mask_identity(self.id_number) if self.id_number else ""


class PositionKind(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("Party group secretary")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    PARTY_MEMBER = "party_member", _("Party group member")
    DISCIPLINE_HEAD = "discipline_head", _("Discipline inspection head")
    RESEARCHER = "researcher", _("Researcher")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    DEPUTY_DEPARTMENT_HEAD = "deputy_department_head", _("Deputy department head")
    DIRECTOR = "director", _("Director")
    INFORMATION_OFFICER = "information_officer", _("Information officer")
    EXECUTIVE_MEMBER = "executive_member", _("Executive member")
    STAFF = "staff", _("Staff")


class Position(models.Model):
    """A post someone holds in a unit (and maybe a department)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="positions", verbose_name=_("unit"))
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("department"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PositionKind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "department", "kind"], name="org_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


class GroupKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading group")
    PARTY_GROUP = "party_group", _("Party group")


class LeadingGroup(models.Model):
    """A group with a leader, deputies and members, hosted by an office (领导小组下设办公室)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="groups", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=GroupKind.choices, default=GroupKind.LEADING_GROUP)
    office = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_groups",
        verbose_name=_("office"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("leading group")
        verbose_name_plural = _("leading groups")
        ordering = ["unit", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="org_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class GroupMember(models.Model):
    group = models.ForeignKey(LeadingGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER)
    title = models.CharField(_("title as listed"), max_length=200, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="org_group_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class Liaison(models.Model):
    """A leader assigned to follow a lower unit (挂钩联系)."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="liaisons", verbose_name=_("leader"))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="liaisons", verbose_name=_("followed unit")
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["leader", "unit", "purpose"], name="org_liaison_unique")]

    def __str__(self) -> str:
        return f"{self.leader} → {self.unit}"
