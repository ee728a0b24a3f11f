from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from incidents.models import Category, Locality, Open311Key, PoliceEventType, ReplyTemplate, Report, ReportEvent


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "latitude", "longitude", "population"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "kind", "code", "public_precision", "active", "order"]
    list_filter = ["kind", "public_precision", "active"]
    list_editable = ["public_precision", "active", "order"]
    search_fields = ["name_sv", "name_en", "code"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


REPORTER_FIELDS = ["contact_name", "contact_email", "contact_phone", "reporter", "description", "token", "submission_id"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-mostly: moderation happens in the portal, where every change is recorded."""

    list_display = ["__str__", "kind", "category", "locality", "status", "source", "created_at"]
    list_filter = ["status", "kind", "source", "category"]
    search_fields = ["public_description"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "locality"]
    # The reporter's identity, own words and private status link stay in the portal, where looking
    # at contact details is logged; readonly_fields would show them, so they are left out of both.
    exclude = REPORTER_FIELDS
    readonly_fields = [f.name for f in Report._meta.fields if f.name not in ("id", *REPORTER_FIELDS)]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(PoliceEventType)
class PoliceEventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "ignored"]
    list_editable = ["category", "ignored"]
    list_filter = ["ignored", ("category", admin.EmptyFieldListFilter), "category__kind"]
    search_fields = ["name"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "category"]
    list_filter = ["kind", "category"]
    search_fields = ["title", "text"]


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "requests_per_hour", "created_at", "revoked_at"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke selected keys"))
    def revoke(self, request, queryset):
        for key in queryset.active():
            key.revoke()

    def has_add_permission(self, request):
        # Keys are created with `manage.py create_open311_key NAME`, which shows the secret once.
        return False
