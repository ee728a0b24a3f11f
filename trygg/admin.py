from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from trygg.models import AuditEntry, RetentionAction, User

ACCESS_FIELDS = ["is_active", "is_staff", "is_superuser"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A trail is read, never written, in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
        (_("Roles and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def save_related(self, request, form, formsets, change):
        """Changes of roles and access go to the audit trail with what they were and became."""
        super().save_related(request, form, formsets, change)
        changed = [name for name in ["groups", *ACCESS_FIELDS] if name in form.changed_data]
        if not change or not changed:
            return
        parts = []
        if "groups" in changed:
            before = {group.name for group in form.initial.get("groups", [])}
            after = {group.name for group in form.cleaned_data["groups"]}
            parts += [f"+{name}" for name in sorted(after - before)] + [f"-{name}" for name in sorted(before - after)]
        parts += [f"{name}: {form.initial.get(name)} → {form.cleaned_data[name]}" for name in changed if name != "groups"]
        AuditEntry.record(request.user, AuditEntry.Action.ROLES_CHANGED, form.instance, detail=", ".join(parts))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Contact details viewed, exports and role changes across the portal."""

    list_display = ["created_at", "actor_email", "action", "object_type", "object_repr", "detail"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_email", "object_id", "object_repr"]
    date_hierarchy = "created_at"


@admin.register(LogEntry)
class AdminActionAdmin(ReadOnlyAdmin):
    """Every addition, change and deletion made in the admin: Django's own log, made visible."""

    list_display = ["action_time", "user", "action_flag", "content_type", "object_repr", "get_change_message"]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "user__email"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]


@admin.register(RetentionAction)
class RetentionActionAdmin(ReadOnlyAdmin):
    """The retention log: read-only, for the data-protection officer and the archivist."""

    list_display = ["performed_at", "retention_class_name", "object_type", "count", "decision_reference"]
    list_filter = ["retention_class"]
    date_hierarchy = "performed_at"
