"""The audit log in the admin (read-only), and the mixin that makes every admin change write an event."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.audit.services import audit_record, audit_snapshot


def _stored_snapshot(instance: models.Model) -> dict[str, Any]:
    """The record as the database holds it: the admin has already applied the form to `instance`."""
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return audit_snapshot(stored) if stored is not None else {}


class AuditedAdminMixin:
    """Every add, change and delete made in the admin (inlines included) writes an audit event,
    the same event the services write. Put it before `admin.ModelAdmin` in the bases."""

    def _audit(self, request: HttpRequest, instance: models.Model, action: str, before: dict | None = None) -> None:
        audit_record(actor=request.user, instance=instance, action=action, before=before)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        before = _stored_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self._audit(request, obj, AuditAction.UPDATE if change else AuditAction.CREATE, before)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        self._audit(request, obj, AuditAction.DELETE, audit_snapshot(obj))
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for obj in queryset:
            self._audit(request, obj, AuditAction.DELETE, audit_snapshot(obj))
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self._audit(request, obj, AuditAction.DELETE, audit_snapshot(obj))
            obj.delete()
        for obj in instances:
            before = _stored_snapshot(obj) if obj.pk else None
            obj.save()
            self._audit(request, obj, AuditAction.UPDATE if before is not None else AuditAction.CREATE, before)
        formset.save_m2m()


EVENT_FIELDS = ("created_at", "actor", "action", "content_type", "object_id", "object_repr", "unit_path", "changes")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, in the admin as everywhere else."""

    list_display = ["created_at", "actor", "action", "content_type", "object_repr", "unit_path"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "=object_id", "actor__username", "^unit_path"]
    list_select_related = ["actor", "content_type"]
    show_full_result_count = False
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
