from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from trygg.dashboard import Task, ToDo


def count_new_reports(user):
    from incidents.models import Report, Status

    return Report.objects.filter(status=Status.NEW).count()


def count_my_reports(user):
    from incidents.models import Report

    return Report.objects.open().handled_by(user).count()


def count_overdue_reports(user):
    from incidents.models import Report

    return Report.objects.past_answer_deadline().count()


def count_reopened_reports(user):
    from incidents.models import Report

    return Report.objects.reopened().count()


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents and unsafe places")

    dashboard_todos = [
        ToDo(_("New reports"), "incidents:queue", count_new_reports, "incidents.moderate_report", "?status=new"),
        ToDo(_("New reports past the answer deadline"), "incidents:queue", count_overdue_reports,
             "incidents.moderate_report", "?overdue=on"),
        ToDo(_("Open reports you handle"), "incidents:queue", count_my_reports, "incidents.moderate_report",
             "?handled=mine"),
        ToDo(_("Reopened reports"), "incidents:queue", count_reopened_reports, "incidents.moderate_report",
             "?reopened=on"),
    ]

    dashboard_tasks = [
        Task(
            _("Moderate reports"),
            _("Review, publish and follow up residents' reports."),
            "incidents:queue",
            permission="incidents.view_report",
            manage_permission="incidents.moderate_report",
            read_description=_("Follow residents' reports and add internal notes for the coordinators."),
        ),
        Task(
            _("Staff map of reports"),
            _("All reports at their exact place, unpublished ones included; search near a place."),
            "incidents:staff_map",
            permission="incidents.view_report",
        ),
        Task(
            _("Police events"),
            _("Import the police's events now, see how the last imports went and map new event types."),
            "incidents:police_import",
            permission="incidents.view_importrun",
        ),
        Task(
            _("Localities"),
            _("Keep the municipality's localities, their map centres and populations up to date."),
            "admin:incidents_locality_changelist",
            permission="incidents.change_locality",
            needs_admin_access=True,
        ),
    ]

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from incidents.choice_lists import forget_lists
        from incidents.models import Category, Locality, PendingPhoto, ReportPhoto
        from incidents.photos import delete_files_on_commit

        # The categories and localities a report is checked against are kept in memory (choice_lists).
        for model in (Category, Locality):
            for signal in (post_save, post_delete):
                signal.connect(forget_lists, sender=model, weak=False,
                               dispatch_uid=f"forget_lists_{signal is post_save}_{model._meta.model_name}")

        for model in (ReportPhoto, PendingPhoto):
            post_delete.connect(
                lambda instance, **kwargs: delete_files_on_commit(instance),
                sender=model,
                weak=False,
                dispatch_uid=f"delete_{model._meta.model_name}_files",
            )

    # --- What the portal asks every app (trygg/ runs these without importing the app). ---

    def retention_classes(self):
        from incidents.personal_data import RETENTION_CLASSES

        return RETENTION_CLASSES

    def register_extract(self, user):
        from incidents.personal_data import register_extract

        return register_extract(user)

    def account_data_section(self, request):
        """The user's reports, and the reports their address follows, on their "My data" page."""
        from django.template.loader import render_to_string

        from incidents.models import ReportSubscription

        reports = request.user.reports.select_related("category").order_by("-created_at")
        followed = ReportSubscription.objects.of_email(request.user.email).select_related("report").order_by("pk")
        return render_to_string("incidents/_account_data.html", {"reports": reports, "followed": followed}, request)

    def delete_account(self, user):
        from incidents.personal_data import delete_account

        delete_account(user)

    def seed_demo(self, size, write):
        from incidents import demo

        demo.seed(size, write)

    def error_response(self, request, status):
        """The Open311 API answers errors under its prefix in the specification's own format."""
        from django.urls import reverse

        if not request.path_info.startswith(reverse("open311:unknown", kwargs={"path": ""})):
            return None
        from incidents.open311 import views

        return {400: views.bad_request, 503: views.unavailable}[status](request) if status in (400, 503) else None
