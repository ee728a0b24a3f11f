"""Effect follow-up of measures: indicators computed from reports and survey answers.

Did the measure work? Each indicator compares a baseline before the measure
started with a follow-up after it was carried out:

- ``reports``: reports of a category in the measure's area per month, over the
  N months before ``starts_on`` and the N months after ``completed_on`` (or
  ``due_on`` while it is not completed). Rejected, withdrawn and merged
  reports do not count.
- ``survey_share``: the share of complete responses in the measure's locality
  that chose one of the indicator's options, in the latest survey round that
  closed before the start and the first round that opened after completion.

Too few observations give a result flagged ``too_few``: shown, but not to be
drawn conclusions from.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Answer, Survey
from governance.models import IndicatorKind
from trygg.dates import add_months
from incidents.models import METRES_PER_DEGREE_LATITUDE, Report, Status, distance_metres

MONTHS = 6
# Fewer observations than this (both windows together, or either survey round) say nothing.
MINIMUM_OBSERVATIONS = 5
TOO_FEW = _("Too few to draw conclusions")


@dataclass
class IndicatorResult:
    indicator: object
    label: str
    unit: str
    baseline: float | None = None
    follow_up: float | None = None
    baseline_count: int = 0
    follow_up_count: int = 0
    too_few: bool = True
    pending: bool = False
    baseline_period: str = ""
    follow_up_period: str = ""
    baseline_months: list = field(default_factory=list)
    follow_up_months: list = field(default_factory=list)
    # survey_share: the same share among the control areas' respondents in the same rounds, with the
    # difference-in-differences (the area's change minus the control's, percentage points)
    controls: list = field(default_factory=list)

    @property
    def change(self):
        if self.baseline is None or self.follow_up is None:
            return None
        return round(self.follow_up - self.baseline, 1)


def change_percent(now, before):
    """(now − before) / before × 100, one decimal; None when there was nothing before (or it is hidden)."""
    if not isinstance(now, int) or not isinstance(before, int) or before == 0:
        return None
    return round((now - before) / before * 100, 1)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def follow_up_start(measure):
    return measure.completed_on or measure.due_on


def compute(indicator, months=MONTHS, today=None):
    if indicator.kind == IndicatorKind.SURVEY_SHARE:
        return survey_share(indicator, today=today)
    return reports_per_month(indicator, months=months, today=today)


def compute_all(measure, months=MONTHS, today=None):
    return [compute(indicator, months=months, today=today) for indicator in measure.indicators.all()]


# --- Reports per month in the area -----------------------------------------------------


def reports_in_area(measure, category):
    reports = Report.objects.exclude(status__in=[Status.REJECTED, Status.WITHDRAWN]).filter(merged_into__isnull=True)
    if category is not None:
        reports = reports.filter(category=category)
    if measure.radius_metres and measure.has_place:
        lat_step = Decimal(f"{measure.radius_metres / METRES_PER_DEGREE_LATITUDE:.6f}")
        # A degree of longitude is shorter than one of latitude: three times covers up to 70° N.
        lon_step = lat_step * 3
        reports = reports.filter(
            latitude__gte=measure.latitude - lat_step, latitude__lte=measure.latitude + lat_step,
            longitude__gte=measure.longitude - lon_step, longitude__lte=measure.longitude + lon_step,
        )
    elif measure.locality_id:
        reports = reports.filter(locality_id=measure.locality_id)
    return reports


def count_per_month(measure, reports, start, end):
    """{first day of month: count} for reports received in [start, end): one query."""
    in_window = reports.filter(created_at__gte=_aware(start), created_at__lt=_aware(end)).order_by()
    counts = {}
    if measure.radius_metres and measure.has_place:
        rows = in_window.annotate(month=TruncMonth("created_at")).values_list("month", "latitude", "longitude")
        for month, latitude, longitude in rows:
            if latitude is None:
                continue
            if distance_metres(measure.latitude, measure.longitude, latitude, longitude) <= measure.radius_metres:
                key = _month_key(month)
                counts[key] = counts.get(key, 0) + 1
    else:
        rows = in_window.annotate(month=TruncMonth("created_at")).values("month").annotate(count=Count("pk"))
        for row in rows:
            counts[_month_key(row["month"])] = row["count"]
    return counts


def _month_key(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _series(counts, start, months):
    first = start.replace(day=1)
    return [(add_months(first, n), counts.get(add_months(first, n), 0)) for n in range(months + (start.day != 1))]


def reports_per_month(indicator, months=MONTHS, today=None):
    measure = indicator.measure
    today = today or timezone.localdate()
    category = indicator.category or measure.category
    reports = reports_in_area(measure, category)
    result = IndicatorResult(
        indicator=indicator,
        label=_("Reports of %(category)s per month") % {"category": category.name if category else _("all categories")},
        unit=_("reports per month"),
    )

    base_start, base_end = add_months(measure.starts_on, -months), measure.starts_on
    baseline = count_per_month(measure, reports, base_start, base_end)
    result.baseline_count = sum(baseline.values())
    result.baseline = round(result.baseline_count / months, 1)
    result.baseline_months = _series(baseline, base_start, months)
    result.baseline_period = f"{base_start:%Y-%m-%d} – {base_end - timezone.timedelta(days=1):%Y-%m-%d}"

    after_start = follow_up_start(measure)
    after_end = add_months(after_start, months)
    result.follow_up_period = f"{after_start:%Y-%m-%d} – {after_end - timezone.timedelta(days=1):%Y-%m-%d}"
    if after_start > today:
        result.pending = True
    else:
        result.pending = after_end > today
        follow_up = count_per_month(measure, reports, after_start, after_end)
        result.follow_up_count = sum(follow_up.values())
        result.follow_up = round(result.follow_up_count / months, 1)
        result.follow_up_months = _series(follow_up, after_start, months)
    result.too_few = result.baseline_count + result.follow_up_count < MINIMUM_OBSERVATIONS
    return result


# --- Share of survey answers in the locality --------------------------------------------


def _round_shares(survey, indicator, places):
    """{place: (share in percent or None, responses that answered)} in one survey round: one query.

    ``places``: {name: Q on the answers' response}, e.g. the measure's locality and its controls.
    """
    codes = [code.strip() for code in indicator.option_codes.split(",") if code.strip()]
    counts = {}
    for name, where in places.items():
        counts[f"{name}_answered"] = Count("response", distinct=True, filter=where)
        counts[f"{name}_chosen"] = Count("response", distinct=True, filter=where & Q(option__code__in=codes))
    totals = Answer.objects.filter(
        question__survey=survey, question__code=indicator.question_code, response__is_complete=True,
    ).aggregate(**counts)
    shares = {}
    for name in places:
        answered = totals[f"{name}_answered"]
        shares[name] = (round(100 * totals[f"{name}_chosen"] / answered, 1) if answered else None, answered)
    return shares


def survey_places(measure):
    """The measure's locality and its control areas: the rest of Tjörn, and the chosen near and far localities."""
    places = {
        "area": Q(response__locality=measure.locality_id),
        "rest": Q(response__locality__isnull=False) & ~Q(response__locality=measure.locality_id),
    }
    labels = {"rest": _("The rest of Tjörn")}
    for name, locality in (("near", measure.control_locality_near), ("far", measure.control_locality_far)):
        if locality is not None:
            places[name] = Q(response__locality=locality.pk)
            labels[name] = locality.name
    return places, labels


def survey_share(indicator, today=None):
    measure = indicator.measure
    result = IndicatorResult(
        indicator=indicator,
        label=_("Share answering %(options)s to %(question)s")
        % {"options": indicator.option_codes, "question": indicator.question_code},
        unit=_("percent"),
    )
    if not measure.locality_id:
        return result
    rounds = Survey.objects.filter(questions__code=indicator.question_code).distinct()
    before = rounds.filter(closes_at__lte=_aware(measure.starts_on)).order_by("-closes_at").first()
    after = rounds.filter(opens_at__gte=_aware(follow_up_start(measure))).order_by("opens_at").first()
    places, labels = survey_places(measure)
    empty = {name: (None, 0) for name in places}
    shares_before = _round_shares(before, indicator, places) if before else empty
    shares_after = _round_shares(after, indicator, places) if after else empty
    result.baseline, result.baseline_count = shares_before["area"]
    result.follow_up, result.follow_up_count = shares_after["area"]
    result.baseline_period = str(before) if before else ""
    result.follow_up_period = str(after) if after else ""
    result.pending = after is None
    for name, label in labels.items():
        (baseline, baseline_count), (follow_up, follow_up_count) = shares_before[name], shares_after[name]
        change = None if baseline is None or follow_up is None else round(follow_up - baseline, 1)
        result.controls.append({
            "label": label, "baseline": baseline, "follow_up": follow_up, "change": change,
            "baseline_count": baseline_count, "follow_up_count": follow_up_count,
            "did": None if change is None or result.change is None else round(result.change - change, 1),
            "too_few": min(baseline_count, follow_up_count) < MINIMUM_OBSERVATIONS,
        })
    result.too_few = min(result.baseline_count, result.follow_up_count) < MINIMUM_OBSERVATIONS
    return result
