"""Where this year's cycle of local crime prevention stands, and what is missing.

The cycle that Brå, Polisen and SKR describe (and the law 2023:196 requires in
part): own preparations → joint preparations → implementation → follow-up.
Each step (CycleStep, edited in the admin) has an owner and a day of the year it
is due; it ticks itself from the data ("klart när…", CHECKS below). A step not
done is *missing*, and *overdue* once its day has passed; the page links to
where it is done, for those who may do it.

Without steps in the database (a fresh test database) the defaults are used,
unsaved: DEFAULT_STEPS, which the data migration also stores.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import ActivityKind, DialogueActivity, Survey
from dialog.trygghetsmatning import SERIES as SAFETY_SURVEY_SERIES
from governance.models import (
    ActionPlan,
    CitizenPromise,
    CycleCheck,
    CyclePhase,
    CycleStep,
    Decision,
    GroupKind,
    Measure,
    MeasureStatus,
    Meeting,
    SituationReport,
)
from trygg import roles


@dataclass(frozen=True)
class Item:
    text: str
    done: bool
    owner: str = ""
    due_on: object = None
    overdue: bool = False
    url: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Step:
    title: str
    items: list

    @property
    def done(self):
        return all(item.done for item in self.items)


# --- How each check is ticked, and where it is done ---


def _activities(year, kinds):
    return DialogueActivity.objects.filter(date__year=year, kind__in=kinds).exists()


def _measures_of(year):
    return Measure.objects.filter(Q(starts_on__year=year) | Q(due_on__year=year))


def _progress_reported(year):
    ongoing = Measure.objects.filter(status=MeasureStatus.ONGOING)
    recent = timezone.localdate() - timezone.timedelta(days=90)
    return ongoing.exists() and not ongoing.exclude(progress_reports__date__gte=recent).exists()


def _measures_evaluated(year):
    finished = _measures_of(year).filter(status__in=[MeasureStatus.DONE, MeasureStatus.EVALUATED])
    return finished.exists() and not finished.filter(evaluation="").exists()


def _promises_followed_up(year):
    promises = CitizenPromise.objects.filter(year=year)
    return promises.exists() and not promises.filter(progress_text="").exists()


@dataclass(frozen=True)
class Check:
    is_done: object  # year -> bool
    url_name: str
    permission: str
    link_text: str


CHECKS = {
    CycleCheck.STAFF_DIALOGUE: Check(
        lambda year: _activities(year, [ActivityKind.STAFF_DIALOGUE]),
        "dialog:activity_create", "dialog.add_dialogueactivity", _("Record a staff dialogue"),
    ),
    CycleCheck.SAFETY_SURVEY: Check(
        lambda year: Survey.objects.filter(
            series=SAFETY_SURVEY_SERIES, opens_at__year=year, responses__is_complete=True
        ).exists(),
        "dialog:survey_list", "dialog.add_survey", _("Run the safety survey"),
    ),
    CycleCheck.SITUATION_REPORT: Check(
        lambda year: SituationReport.objects.filter(period_start__year=year).exists(),
        "governance:situation_report_create", "governance.add_situationreport", _("Make a situation report"),
    ),
    CycleCheck.CITIZEN_DIALOGUE: Check(
        lambda year: _activities(year, [ActivityKind.CITIZEN_DIALOGUE, ActivityKind.SAFETY_WALK]),
        "dialog:activity_create", "dialog.add_dialogueactivity", _("Record a citizen dialogue or safety walk"),
    ),
    CycleCheck.STEERING_MEETING: Check(
        lambda year: Meeting.objects.filter(
            group__kind=GroupKind.STEERING, starts_at__year=year, starts_at__lte=timezone.now()
        ).exists(),
        "governance:meeting_create", "governance.add_meeting", _("Plan a steering group meeting"),
    ),
    CycleCheck.STEERING_PRIORITIES: Check(
        lambda year: Decision.objects.filter(decided_by__kind=GroupKind.STEERING, meeting__starts_at__year=year).exists(),
        "governance:meeting_list", "governance.add_decision", _("Record the decision at a held meeting"),
    ),
    CycleCheck.MEASURES_DECIDED: Check(
        lambda year: _measures_of(year).filter(decision__isnull=False).exists(),
        "governance:measure_create", "governance.add_measure", _("Create a measure from a decision"),
    ),
    CycleCheck.ACTION_PLAN: Check(
        lambda year: ActionPlan.objects.filter(year=year, adopted_by__isnull=False).exists(),
        "governance:action_plan_current", "governance.change_actionplan", _("Open the action plan"),
    ),
    CycleCheck.CITIZEN_PROMISES: Check(
        lambda year: CitizenPromise.objects.filter(year=year).exists(),
        "governance:promise_create", "governance.add_citizenpromise", _("Give a citizen promise"),
    ),
    CycleCheck.PROGRESS_REPORTED: Check(
        _progress_reported, "governance:measure_list", "governance.add_measure", _("Report progress on the measures"),
    ),
    CycleCheck.MEASURES_EVALUATED: Check(
        _measures_evaluated, "governance:measure_list", "governance.add_measure", _("Evaluate the finished measures"),
    ),
    CycleCheck.PROMISES_FOLLOWED_UP: Check(
        _promises_followed_up, "governance:promises", "governance.change_citizenpromise",
        _("Follow up the citizen promises"),
    ),
}

# (phase, check, owner role, due month, due day): the national guidance's order over a calendar year.
DEFAULT_STEPS = [
    (CyclePhase.OWN, CycleCheck.STAFF_DIALOGUE, roles.COORDINATOR, 3, 31),
    (CyclePhase.OWN, CycleCheck.SAFETY_SURVEY, roles.COORDINATOR, 4, 30),
    (CyclePhase.JOINT, CycleCheck.SITUATION_REPORT, roles.STEERING_GROUP, 5, 31),
    (CyclePhase.JOINT, CycleCheck.CITIZEN_DIALOGUE, roles.COORDINATOR, 5, 31),
    (CyclePhase.JOINT, CycleCheck.STEERING_MEETING, roles.STEERING_GROUP, 6, 15),
    (CyclePhase.JOINT, CycleCheck.STEERING_PRIORITIES, roles.STEERING_GROUP, 6, 30),
    (CyclePhase.IMPLEMENTATION, CycleCheck.CITIZEN_PROMISES, roles.POLICE, 2, 28),
    (CyclePhase.IMPLEMENTATION, CycleCheck.ACTION_PLAN, roles.STEERING_GROUP, 2, 28),
    (CyclePhase.IMPLEMENTATION, CycleCheck.MEASURES_DECIDED, roles.STEERING_GROUP, 3, 31),
    (CyclePhase.FOLLOW_UP, CycleCheck.PROGRESS_REPORTED, roles.WORKING_GROUP, 9, 30),
    (CyclePhase.FOLLOW_UP, CycleCheck.PROMISES_FOLLOWED_UP, roles.POLICE, 10, 31),
    (CyclePhase.FOLLOW_UP, CycleCheck.MEASURES_EVALUATED, roles.WORKING_GROUP, 12, 15),
]


def default_steps(step_model=CycleStep, group_model=None):
    """The default steps as unsaved objects (the data migration passes its historical models)."""
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
    groups = {group.name: group for group in group_model.objects.filter(name__in={row[2] for row in DEFAULT_STEPS})}
    return [
        step_model(phase=phase, done_when=check, owner_role=groups.get(role), due_month=month, due_day=day)
        for phase, check, role, month, day in DEFAULT_STEPS
    ]


def year_cycle(year=None, user=None):
    """The year's steps by phase; each item says whether it is done, who owns it, when it is due, and
    (for a ``user`` who may do it) where it is done."""
    today = timezone.localdate()
    year = year or today.year
    steps = list(CycleStep.objects.select_related("owner_role", "owner_person")) or default_steps()
    phases = []
    for phase in CyclePhase:
        items = []
        for step in sorted((s for s in steps if s.phase == phase), key=lambda s: (s.due_month, s.due_day)):
            check = CHECKS[step.done_when]
            done = check.is_done(year)
            due_on = step.due_on(year)
            may_do = user is not None and user.has_perm(check.permission)
            items.append(Item(
                text=CycleCheck(step.done_when).label, done=done, owner=step.owner, due_on=due_on,
                overdue=not done and due_on < today,
                url=reverse(check.url_name) if may_do and not done else "",
                link_text=check.link_text,
            ))
        if items:
            phases.append(Step(phase.label, items))
    return phases


def missing(steps):
    """The items not done, overdue first, by due date."""
    items = [item for step in steps for item in step.items if not item.done]
    return sorted(items, key=lambda item: (not item.overdue, item.due_on))
