"""Where this year's cycle of local crime prevention stands.

The cycle that Brå, Polisen and SKR describe (and the law 2023:196 requires in
part): own preparations → joint preparations → implementation → follow-up.
Each step has "klart när…" items that tick themselves from the data.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import ActivityKind, DialogueActivity, Survey
from dialog.trygghetsmatning import SERIES as SAFETY_SURVEY_SERIES
from governance.models import (
    ActionPlan,
    CitizenPromise,
    Decision,
    GroupKind,
    Measure,
    MeasureStatus,
    Meeting,
    SituationReport,
)


@dataclass(frozen=True)
class Item:
    text: str
    done: bool


@dataclass(frozen=True)
class Step:
    title: str
    items: list

    @property
    def done(self):
        return all(item.done for item in self.items)


def year_cycle(year=None):
    year = year or timezone.localdate().year
    activities = DialogueActivity.objects.filter(date__year=year)
    measures_this_year = Measure.objects.filter(Q(starts_on__year=year) | Q(due_on__year=year))
    ongoing = Measure.objects.filter(status=MeasureStatus.ONGOING)
    finished = measures_this_year.filter(status__in=[MeasureStatus.DONE, MeasureStatus.EVALUATED])
    promises = CitizenPromise.objects.filter(year=year)
    recent = timezone.localdate() - timezone.timedelta(days=90)
    return [
        Step(_("Own preparations"), [
            Item(_("Staff dialogue held this year"), activities.filter(kind=ActivityKind.STAFF_DIALOGUE).exists()),
            Item(
                _("Safety survey answered this year"),
                Survey.objects.filter(
                    series=SAFETY_SURVEY_SERIES, opens_at__year=year, responses__is_complete=True
                ).exists(),
            ),
        ]),
        Step(_("Joint preparations"), [
            Item(_("A joint situation report exists for the year"), SituationReport.objects.filter(period_start__year=year).exists()),
            Item(
                _("Citizen dialogue or safety walk held this year"),
                activities.filter(kind__in=[ActivityKind.CITIZEN_DIALOGUE, ActivityKind.SAFETY_WALK]).exists(),
            ),
            Item(
                _("The steering group has met this year"),
                Meeting.objects.filter(group__kind=GroupKind.STEERING, starts_at__year=year,
                                       starts_at__lte=timezone.now()).exists(),
            ),
            Item(
                _("Priorities decided by the steering group"),
                Decision.objects.filter(decided_by__kind=GroupKind.STEERING, meeting__starts_at__year=year).exists(),
            ),
        ]),
        Step(_("Implementation"), [
            Item(_("Measures decided for the year"), measures_this_year.filter(decision__isnull=False).exists()),
            Item(
                _("The action plan is adopted by the steering group"),
                ActionPlan.objects.filter(year=year, adopted_by__isnull=False).exists(),
            ),
            Item(_("Citizen promises made for the year"), promises.exists()),
        ]),
        Step(_("Follow-up"), [
            Item(
                _("Every ongoing measure has a progress report from the last 90 days"),
                ongoing.exists() and not ongoing.exclude(progress_reports__date__gte=recent).exists(),
            ),
            Item(
                _("Every finished measure has an evaluation"),
                finished.exists() and not finished.filter(evaluation="").exists(),
            ),
            Item(
                _("The citizen promises are followed up in public"),
                promises.exists() and not promises.filter(progress_text="").exists(),
            ),
        ]),
    ]
