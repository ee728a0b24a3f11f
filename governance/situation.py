"""Freezing the problem picture into a situation report (lägesbild)."""

from django.db import transaction
from django.db.models import Max

from governance import picture
from governance.models import PriorityProblem, Rhythm, SituationReport


# The lägesbild of a rhythm is the live picture of this kind of period: same periods, same comparisons.
PERIOD_KINDS = {
    Rhythm.WEEKLY: picture.WEEK, Rhythm.MONTHLY: picture.MONTH, Rhythm.TERTIAL: picture.TERTIAL,
    Rhythm.YEARLY: picture.YEAR,
}


def period_of(rhythm, day):
    """The week, month, tertial (Jan–Apr, May–Aug, Sep–Dec) or year that holds the day, as a picture.Period."""
    return picture.Period.containing(PERIOD_KINDS[rhythm], day)


@transaction.atomic
def freeze(*, rhythm, day, analysis, priorities, by):
    """Store the picture of the period as it is now; a second freeze of the period is a new version.

    `priorities`: a list of (title, evidence).
    """
    period = period_of(rhythm, day)
    start, end = period.start, period.end
    figures = picture.compute(period)
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
