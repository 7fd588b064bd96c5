"""Users in the admin: Django's user admin plus mobile and directory person. Changes are audited.

An administrator resets a forgotten password with the admin's built-in "change password" form.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jinguo.accounts.models import User
from jinguo.audit.admin import AuditedAdminMixin
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot


@admin.register(User)
class JinguoUserAdmin(AuditedAdminMixin, UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "mobile", "person")}),
        *(UserAdmin.fieldsets or ())[2:],
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "mobile", "usable_password", "password1", "password2")}),
    )
    list_display = ["username", "person", "mobile", "is_active", "is_staff", "last_login"]
    list_select_related = ["person"]
    list_filter = ["is_active", "is_staff", "is_superuser", "must_change_password"]
    search_fields = ["username", "=mobile", "^person__name"]
    autocomplete_fields = ["person"]
    show_full_result_count = False

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        """Django's reset form, plus what every administrator's reset does: the user must choose a new
        password at the next login, and the reset is audited (never the hash)."""
        user = self.get_object(request, unquote(id))
        before = audit_snapshot(user) if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and before is not None:
            user.refresh_from_db(fields=["password", "must_change_password"])
            if audit_snapshot(user)["password"] != before["password"]:
                self._after_reset(request, user, before)
        return response

    def _after_reset(self, request: HttpRequest, user: User, before: dict[str, object]) -> None:
        if user != request.user and not user.must_change_password:
            user.must_change_password = True
            user.save(update_fields=["must_change_password"])
        audit_record(actor=request.user, instance=user, action=AuditAction.UPDATE, before=before)
