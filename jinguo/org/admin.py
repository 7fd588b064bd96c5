"""Configuration of the tree and the directory in the admin. Every change is audited.

Units are created, edited and moved through `jinguo.org.services`, so paths stay consistent and the
admin behaves like the pages. The change list never renders the tree: a national tree has 750,000 units.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jinguo.audit.admin import AuditedAdminMixin
from jinguo.core.validators import normalize_id_number, validate_id_number
from jinguo.org import errors, services
from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person, Position

UNIT_FIELDS = ["name", "short_name", "kind", "level", "division_code", "sort_order", "is_active"]


def _unit_autocomplete() -> AutocompleteSelect:
    """Autocomplete over units for a form field that is not itself a foreign key.

    The admin's autocomplete endpoint is addressed through a foreign key to the target model;
    any key to OrgUnit (here Department.unit, which has no choice limits) serves.
    """
    return AutocompleteSelect(Department._meta.get_field("unit"), admin.site)


class OrgUnitAdminForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        label=_("parent unit"),
        widget=_unit_autocomplete(),
        help_text=_("Empty for a new top-level unit. Changing it moves the unit with all its subordinate units."),
    )

    class Meta:
        model = OrgUnit
        fields = UNIT_FIELDS

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.depth > 1:
            self.initial["parent"] = OrgUnit.objects.get_parent(self.instance)

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or self.cleaned_data
        parent, level = cleaned.get("parent"), cleaned.get("level")
        if self.instance.pk and self.instance.depth > 1 and parent is None:
            self.add_error("parent", _("A subordinate unit keeps a parent: choose where to move it."))
        elif self.instance.pk and parent is not None and parent.path.startswith(self.instance.path):
            self.add_error(None, errors.cycle_error())
        elif parent is not None and level is not None and level < parent.level:
            self.add_error(None, errors.level_error())
        return cleaned


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = ["name", "level", "kind", "division_code", "numchild", "is_active"]
    list_filter = ["level", "kind", "is_active", "is_generated"]
    # Prefix searches only: they use the indexes on a 750,000-row table.
    search_fields = ["^name", "^name_initials", "^division_code"]
    ordering = ["path"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = ["path", "depth", "numchild", "name_initials", "is_generated"]

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fields = ["parent", *UNIT_FIELDS]
        return [*fields, *self.readonly_fields] if obj else fields

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self.readonly_fields if obj else []

    def get_actions(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would take whole subtrees with it
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: OrgUnit | None = None) -> bool:
        # Only leaves: deleting a unit removes its subtree, which the confirmation page would not list.
        return super().has_delete_permission(request, obj) and (obj is None or obj.numchild == 0)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        """Through the services, which keep paths consistent and write the audit events."""
        data = {field: form.cleaned_data[field] for field in UNIT_FIELDS}
        parent = form.cleaned_data.get("parent")
        if not change:
            obj.pk = services.unit_create(actor=request.user, parent=parent, data=data).pk
            obj._state.adding = False
        else:
            unit = services.unit_update(actor=request.user, unit=OrgUnit.objects.get(pk=obj.pk), data=data)
            if "parent" in form.changed_data and parent is not None:
                services.unit_move(actor=request.user, unit=unit, new_parent=parent)
        obj.refresh_from_db()


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "supervising_leader", "sort_order"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    search_fields = ["^name", "^unit__name"]
    autocomplete_fields = ["unit", "supervising_leader"]
    show_full_result_count = False


class PersonAdminForm(forms.ModelForm):
    """The resident ID number is never shown in full: it can be replaced, not read."""

    new_id_number = forms.CharField(
        label=_("new resident ID number"),
        required=False,
        validators=[validate_id_number],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the current number. It is stored encrypted and shown masked."),
    )

    class Meta:
        model = Person
        fields = ["unit", "department", "name", "gender", "mobile", "title", "sort_order"]

    def clean_new_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["new_id_number"])

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("new_id_number"):
            self.instance.id_number = cleaned["new_id_number"]
        return cleaned


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "title", "unit", "mobile"]  # never the ID number
    list_select_related = ["unit"]
    list_filter = ["gender", "unit__level", "is_generated"]
    search_fields = ["^name", "^name_initials", "^name_pinyin", "=mobile"]
    autocomplete_fields = ["unit", "department"]
    readonly_fields = ["masked_id_number", "name_pinyin", "name_initials", "is_generated"]
    fields = [
        "unit",
        "department",
        "name",
        "gender",
        "mobile",
        "title",
        "masked_id_number",
        "new_id_number",
        "sort_order",
        "name_pinyin",
        "name_initials",
        "is_generated",
    ]
    show_full_result_count = False

    @admin.display(description=_("resident ID number"))
    def masked_id_number(self, obj: Person) -> str:
        return obj.masked_id_number or "—"


@admin.register(Position)
class PositionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "kind", "unit", "department", "title"]
    list_select_related = ["person", "unit", "department"]
    list_filter = ["kind"]
    search_fields = ["^person__name", "^unit__name"]
    autocomplete_fields = ["person", "unit", "department"]
    show_full_result_count = False


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    autocomplete_fields = ["person"]
    fields = ["person", "role", "title", "sort_order"]
    extra = 0


@admin.register(LeadingGroup)
class LeadingGroupAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "office"]
    list_select_related = ["unit", "office"]
    list_filter = ["kind"]
    search_fields = ["name", "^unit__name"]
    autocomplete_fields = ["unit", "office"]
    inlines = [GroupMemberInline]


@admin.register(Liaison)
class LiaisonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["leader", "unit", "purpose", "sort_order"]
    list_select_related = ["leader", "unit"]
    search_fields = ["^leader__name", "^unit__name"]
    autocomplete_fields = ["leader", "unit"]
