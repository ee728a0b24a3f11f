"""Freezing the problem picture into a situation report (lägesbild)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from governance import picture
from governance.models import PriorityProblem, Rhythm, SituationReport


def period_of(rhythm, day):
    """The week, month, tertial (Jan–Apr, May–Aug, Sep–Dec) or year that holds the day."""
    if rhythm == Rhythm.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if rhythm == Rhythm.MONTHLY:
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    if rhythm == Rhythm.TERTIAL:
        first_month = 1 + 4 * ((day.month - 1) // 4)
        start = date(day.year, first_month, 1)
        end = date(day.year, 12, 31) if first_month == 9 else date(day.year, first_month + 4, 1) - timedelta(days=1)
        return start, end
    return date(day.year, 1, 1), date(day.year, 12, 31)


@transaction.atomic
def freeze(*, rhythm, day, analysis, priorities, by):
    """Store the picture of the period as it is now; a second freeze of the period is a new version.

    `priorities`: a list of (title, evidence).
    """
    start, end = period_of(rhythm, day)
    figures = picture.compute(picture.Period(start, end))
    latest = SituationReport.objects.select_for_update().filter(rhythm=rhythm, period_start=start).aggregate(
        latest=Max("version")
    )["latest"]
    report = SituationReport.objects.create(
        rhythm=rhythm, period_start=start, period_end=end, version=(latest or 0) + 1, figures=figures,
        analysis=analysis, created_by=by,
    )
    PriorityProblem.objects.bulk_create(
        PriorityProblem(report=report, order=order, title=title, evidence=evidence)
        for order, (title, evidence) in enumerate(priorities)
    )
    return report
