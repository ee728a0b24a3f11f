from django.contrib import admin

from dialog.models import DialogueActivity, Feedback, Survey, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys are built in the portal; the admin lists them."""

    list_display = ["title", "round_label", "series", "audience", "opens_at", "closes_at", "is_published"]
    list_filter = ["audience", "is_published", "series"]
    search_fields = ["title"]
    # A choice of creator would list every account, residents' email addresses included.
    readonly_fields = ["created_by"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["topic", "status", "locality", "created_at"]
    list_filter = ["topic", "status"]
    exclude = ["contact_name", "contact_email", "contact_phone"]


@admin.register(DialogueActivity)
class DialogueActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "walk_phase", "date", "locality"]
    list_filter = ["kind", "locality"]
    readonly_fields = ["created_by"]
