from django.contrib import admin
from django.db import models

from governance.models import Agreement, AgreementDocument, CycleStep, Group, Membership


class AgreementDocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "parties", "signed_on", "valid_from", "valid_until"]
    inlines = [AgreementDocumentInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agreement"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(CycleStep)
class CycleStepAdmin(admin.ModelAdmin):
    """The yearly cycle's steps: what, who owns it, by which day of the year (governance.cycle)."""

    list_display = ["done_when", "phase", "owner_role", "owner_person", "due_month", "due_day"]
    list_editable = ["owner_role", "owner_person", "due_month", "due_day"]
    list_filter = ["phase"]
    autocomplete_fields = ["owner_person"]
