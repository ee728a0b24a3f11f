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
