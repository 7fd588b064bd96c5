"""Role grants in the admin. A grant on a unit covers its subtree, so every change is audited."""

from django.contrib import admin

from jinguo.access.models import RoleGrant
from jinguo.audit.admin import AuditedAdminMixin


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "unit", "department", "created_at"]
    list_select_related = ["user", "unit", "department"]
    list_filter = ["role"]
    search_fields = ["^user__username", "=user__mobile", "^unit__name"]
    autocomplete_fields = ["user", "unit", "department"]
    show_full_result_count = False
