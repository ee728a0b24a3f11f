from dataclasses import dataclass

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from trygg.dashboard import Task, ToDo

UPCOMING_MEETING_DAYS = 14


@dataclass(frozen=True)
class PersonalToDo(ToDo):
    """A to-do that is someone's own, like minutes waiting for their adjustment: shown only when there is one."""

    def is_available_to(self, user):
        return super().is_available_to(user) and self.count(user) > 0


def count_minutes_to_send(user):
    from governance.models import Meeting

    return Meeting.objects.to_send_for_adjustment_by(user).count()


def count_minutes_to_adjust(user):
    from governance.models import Meeting

    return Meeting.objects.to_adjust_by(user).count()


def count_overdue_measures(user):
    from governance.models import Measure

    return Measure.objects.overdue().count()


def count_upcoming_meetings(user):
    from governance.models import Meeting

    return Meeting.objects.upcoming(days=UPCOMING_MEETING_DAYS).count()


def count_overdue_cycle_items(user):
    from governance.cycle import missing, year_cycle

    return sum(1 for item in missing(year_cycle()) if item.overdue)


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    dashboard_todos = [
        ToDo(_("Overdue measures"), "governance:measure_list", count_overdue_measures, "governance.change_measure",
             "#overdue-heading"),
        ToDo(_("Meetings in the next 14 days"), "governance:meeting_list", count_upcoming_meetings,
             "governance.view_meeting"),
        PersonalToDo(_("Minutes for you to send for adjustment"), "governance:meeting_list", count_minutes_to_send,
                     "governance.view_meeting", "#to-send"),
        PersonalToDo(_("Minutes for you to adjust"), "governance:meeting_list", count_minutes_to_adjust,
                     "governance.view_meeting", "#to-adjust"),
        ToDo(_("Overdue items of the yearly cycle"), "governance:cycle", count_overdue_cycle_items,
             "governance.change_cyclestep", "#missing-heading"),
    ]

    dashboard_tasks = [
        Task(
            _("Situation reports"),
            _("The problem picture of a period frozen with an analysis and priority problems, printable."),
            "governance:situation_reports",
            permission="governance.view_situationreport",
        ),
        Task(
            _("The year's cycle"),
            _("Where this year's crime prevention cycle stands, step by step."),
            "governance:cycle",
            permission="governance.view_meeting",
        ),
        # --- picture ---
        Task(
            _("Problem picture"),
            _("The shared problem picture: incidents, perceived insecurity and measures, period by period."),
            "governance:picture",
            permission="governance.view_meeting",
        ),
        # --- measures ---
        Task(
            _("Measures"),
            _("Create measures and report progress on your own; follow all of them, overdue and soon-due first."),
            "governance:measure_list",
            permission="governance.view_measure",
            manage_permission="governance.add_measure",
            read_description=_("Follow the measures: overdue and soon-due first, progress and effect."),
        ),
        Task(
            _("Action plan"),
            _("The year's measures and citizen promises, printable."),
            "governance:action_plan_current",
            permission="governance.view_actionplan",
        ),
        # --- meetings ---
        Task(
            _("Meetings"),
            _("Agendas, attendance, minutes and calendars of the steering and working groups."),
            "governance:meeting_list",
            permission="governance.view_meeting",
        ),
        Task(
            _("Decision log"),
            _("Search the decisions taken at the groups' meetings."),
            "governance:decision_list",
            permission="governance.view_decision",
        ),
    ]

    # --- What the portal asks every app (trygg/ runs these without importing the app). ---

    def accounts_in_use(self):
        """Members of a group, attendees, secretaries and adjusters of a meeting keep their accounts: the minutes
        name them."""
        from governance.models import Attendance, Meeting, Membership, MinutesApproval

        return [Membership.objects.values("user"), Attendance.objects.values("user"),
                Meeting.objects.filter(secretary__isnull=False).values("secretary"),
                MinutesApproval.objects.filter(adjuster__isnull=False).values("adjuster")]

    def report_staff_section(self, request, report):
        """On a report's staff page: the measures that answer it."""
        from django.template.loader import render_to_string

        if not request.user.has_perm("governance.view_measure"):
            return ""
        measures = report.measures.select_related("locality").order_by("due_on", "pk")
        return render_to_string("governance/_report_measures.html", {"measures": measures, "report": report}, request)

    def seed_demo(self, size, write):
        from governance import demo

        demo.seed(size, write)
