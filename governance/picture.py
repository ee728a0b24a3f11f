"""The shared problem picture (gemensam problembild): incidents, perceived insecurity and measures.

``compute(period, ...)`` returns plain dicts and lists (JSON-serializable, so a
later slice can freeze it into snapshots). Everything is counted in the
database with grouped queries: the number of queries does not grow with the
number of reports or answers.

Which reports count: for staff, every report except rejected, withdrawn and
merged ones; for the public, only published ones (``Report.objects.public()``).
A report's date is the day it happened (``occurred_on``) or, when unknown, the
day it was received.

The public version hides small numbers: a count of 1 or 2 is shown as "fewer
than 3" (``FEW``), with complementary counts hidden (``HIDDEN``) so that no small
count can be worked out from the totals (governance.suppression, applied once to the
finished figures); a hotspot cell with fewer than 3 reports is left out, so that no
single report can be located.
"""

import math
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import reduce
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Aggregate, Case, Count, DateField, F, FloatField, Min, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.insecurity import perception
from governance import effect, rollups, suppression
from governance.comparison import SMALL_BASE, coverage_notes
from governance.comparison import comparison as compared
from governance.indicators import change_percent  # noqa: F401 (tests import it from here)
from governance.models import (
    CitizenPromise, Measure, MeasureStatus, MonthsOfYear, ReportCellYearCount, ReportDayCount, ReportYearCount,
    ReportResolvedCount, ReportResolvedYearTotal, ReportWhenYearCount,
)
from governance.suppression import FEW, HIDDEN, PUBLIC_MINIMUM  # noqa: F401 (the markers live there)
from incidents.maps import map_cache_version
from incidents.models import (
    PUBLIC_STATUSES, Kind, Locality, Report, Source, Status, TimeOfDay,
)
from incidents.grid import cell_centre, grid_cell, nearest_locality
from trygg.dates import add_months

WEEK, MONTH, TERTIAL, QUARTER, YEAR, CUSTOM = "week", "month", "tertial", "quarter", "year", "custom"
# Public counts below PUBLIC_MINIMUM are shown as FEW ("fewer than 3"), their complements as HIDDEN
# (governance.suppression); smaller hotspot cells are left out.
TOP_HOTSPOTS = 10
# A 250 m cell is a hotspot only with at least this many reports in the period: one or two reports
# in a square are not a pattern.
HOTSPOT_MINIMUM = 3
TREND_MONTHS = 12
WEEKDAYS = range(1, 8)  # ISO: Monday 1 … Sunday 7


# --- Periods ---------------------------------------------------------------------------


def _shift_year(day, years=-1):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date
    kind: str = CUSTOM

    @classmethod
    def containing(cls, kind, day):
        """The ISO week, month, tertial (Jan–Apr, May–Aug, Sep–Dec), quarter or year that holds the day."""
        if kind == WEEK:
            start = day - timedelta(days=day.weekday())
            return cls(start, start + timedelta(days=6), WEEK)
        if kind == TERTIAL:
            start = date(day.year, (day.month - 1) // 4 * 4 + 1, 1)
            return cls(start, add_months(start, 4) - timedelta(days=1), TERTIAL)
        if kind == MONTH:
            start = day.replace(day=1)
            return cls(start, add_months(start, 1) - timedelta(days=1), MONTH)
        if kind == QUARTER:
            start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
            return cls(start, add_months(start, 3) - timedelta(days=1), QUARTER)
        if kind == YEAR:
            return cls(date(day.year, 1, 1), date(day.year, 12, 31), YEAR)
        raise ValueError(kind)

    @classmethod
    def last_full(cls, kind=MONTH, today=None):
        """The latest month, quarter or year that has ended."""
        today = today or timezone.localdate()
        current = cls.containing(kind, today)
        return cls.containing(kind, current.start - timedelta(days=1))

    def whole_months(self):
        """Whether the period is made of whole calendar months (so monthly rollups can count it)."""
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def months(self):
        """How many calendar months a whole-month period spans."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self):
        """The period of the same kind just before; a custom period: as many days just before, or as many
        whole months when it is made of whole months (March 2024 – February 2025 is compared with March
        2023 – February 2024, not with the 365 days from 2 March 2023 that a leap day would give)."""
        if self.kind == CUSTOM and self.whole_months():
            return Period(add_months(self.start, -self.months), self.start - timedelta(days=1), CUSTOM)
        if self.kind == CUSTOM:
            return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), CUSTOM)
        return Period.containing(self.kind, self.start - timedelta(days=1))

    def year_before(self):
        if self.kind == CUSTOM and self.whole_months():  # the same months: to 29 February in a leap year
            return Period(add_months(self.start, -12), add_months(self.end + timedelta(days=1), -12) - timedelta(days=1),
                          CUSTOM)
        if self.kind == CUSTOM:
            return Period(_shift_year(self.start), _shift_year(self.end), CUSTOM)
        return Period.containing(self.kind, _shift_year(self.start))

    def year_comparison(self):
        """The period a year earlier, or None when that is the previous period or overlaps this one (a year or more)."""
        year_before = self.year_before()
        if year_before == self.previous() or year_before.end >= self.start:
            return None
        return year_before

    def as_dict(self):
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "kind": self.kind}


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Comparisons ---------------------------------------------------------------------------


def comparison(now, before, year_ago, compare_year=True):
    return compared(now, before, year_ago if compare_year else None)


# --- Incidents ---------------------------------------------------------------------------


def counted_reports(public, locality=None, kind=None):
    if public:
        reports = Report.objects.public()
    else:
        reports = Report.objects.exclude(status__in=[Status.REJECTED, Status.WITHDRAWN]).filter(
            merged_into__isnull=True
        )
    if locality is not None:
        reports = reports.filter(locality=locality)
    if kind:
        reports = reports.filter(kind=kind)
    return reports.order_by().annotate(
        day=Coalesce("occurred_on", TruncDate("created_at"), output_field=DateField())
    )


@dataclass(frozen=True)
class Counted:
    """The counted reports of a filter as raw rows or as rollups (governance.rollups).

    Raw rows and the daily rollups have `day`, `category_id`, `kind`, `source`, `locality_id` and
    `time_of_day`; ``tally`` counts them, ``reopened`` sums their reopenings. ``by_year``: the rows
    are ReportYearCount's (a row per year with its months, no `day` or time of day), which answer
    periods of whole months: ``within``, ``tally_in`` and ``reopened_in`` work on either.
    """

    rows: object
    rollup: bool
    by_year: bool = False

    def tally(self, condition=None):
        if self.rollup:
            return Coalesce(Sum("reports", filter=condition), 0)
        return Count("pk", filter=condition)

    def reopened(self, condition=None):
        return Sum("reopened" if self.rollup else "reopened_count", filter=condition)

    def within(self, periods):
        """The rows of these periods only (not the months between)."""
        condition = (lambda period: months_counted(period)[0]) if self.by_year else in_period
        return self.rows.filter(reduce(operator.or_, map(condition, periods)))

    def tally_in(self, period):
        if self.by_year:
            return Coalesce(Sum(months_counted(period, other_years=True)[1]), 0)
        return self.tally(in_period(period))

    def reopened_in(self, period):
        if self.by_year:
            return Sum(months_counted(period, "reopened_", other_years=True)[1])
        return self.reopened(in_period(period))


def filtered_rollup(model, public, locality=None, kind=None):
    """A rollup's rows that count (reports > 0, for a rollup with a single count) under the picture's filters;
    the rollup has ``public``, ``kind`` and, for a locality filter, ``locality_id`` (0: none)."""
    rows = model.objects.all() if issubclass(model, MonthsOfYear) else model.objects.filter(reports__gt=0)
    if public:
        rows = rows.filter(public=True)
    if locality is not None:
        rows = rows.filter(locality_id=locality.pk)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by()


def counted(public, locality=None, kind=None, monthly=False):
    """The counted reports for the figures that need no more than day, category, source, locality and time.

    `monthly`: from ReportYearCount (a row per year with its months, no time of day), for whole-month
    periods; the raw rows when there are no rollups.
    """
    if not rollups.available():
        return Counted(counted_reports(public, locality, kind), rollup=False)
    if monthly:  # counted reports only, public or not
        return Counted(filtered_rollup(ReportYearCount, public, locality, kind), rollup=True, by_year=True)
    rows = ReportDayCount.objects.filter(merged=False, reports__gt=0)
    if public:
        rows = rows.filter(status__in=PUBLIC_STATUSES)
    else:
        rows = rows.exclude(status__in=[Status.REJECTED, Status.WITHDRAWN])
    if locality is not None:
        rows = rows.filter(locality_id=locality.pk)
    if kind:
        rows = rows.filter(kind=kind)
    return Counted(rows.order_by(), rollup=True)


def first_days():
    """The first day with a counted report, per source (whatever the filters): what the data covers. One query."""
    if rollups.available():
        return rollups.first_days(Source.values)
    rows = counted(public=False).rows.values("source").annotate(first=Min("day"))
    return {row["source"]: row["first"] for row in rows}


def coverage(period):
    """Notes on comparison periods that the data covers less than the period (governance.comparison)."""
    compared = {"previous": period.previous(), "year_before": period.year_comparison()}
    return coverage_notes(period, compared, first_days(), dict(Source.choices))


def in_period(period, prefix="day"):
    return Q(**{f"{prefix}__gte": period.start, f"{prefix}__lte": period.end})


def grouped_counts(counted, period):
    """One query: counts per category, source and locality in the period, the one before and a year earlier."""
    before, year_ago = period.previous(), period.year_comparison()
    rows = list(
        counted.within([p for p in (period, before, year_ago) if p])
        .values("category_id", "category__name_sv", "category__name_en", "category__kind", "source", "locality_id")
        .annotate(
            now=counted.tally_in(period),
            before=counted.tally_in(before),
            **({"year_ago": counted.tally_in(year_ago)} if year_ago else {}),
            reopened=counted.reopened_in(period),
        )
    )
    # A year's row may have reports only in months outside the three periods: not a row of theirs.
    rows = [row for row in rows if row["now"] or row["before"] or row.get("year_ago")]
    for row in rows:
        row["locality_id"] = row["locality_id"] or None  # the rollups' 0: no locality
    return rows


def _sum_by(rows, key):
    totals = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        total = totals[key(row)]
        total[0] += row["now"]
        total[1] += row["before"]
        total[2] += row.get("year_ago", 0)
    return totals


def incident_counts(rows, language, compare_year=True):
    kinds = _sum_by(rows, lambda row: row["category__kind"])
    categories = _sum_by(rows, lambda row: (row["category__kind"], row["category_id"]))
    names = {row["category_id"]: row[f"category__name_{language}"] for row in rows}
    by_kind = []
    for kind in Kind:
        if kind.value not in kinds:
            continue
        entry = {"kind": kind.value, "label": str(kind.label), **comparison(*kinds[kind.value], compare_year),
                 "categories": []}
        for (category_kind, category_id), counts in sorted(categories.items(), key=lambda item: -item[1][0]):
            if category_kind == kind.value:
                entry["categories"].append({"category": names[category_id], **comparison(*counts, compare_year)})
        by_kind.append(entry)
    total = [sum(counts[i] for counts in kinds.values()) for i in range(3)]
    return {"total": comparison(*total, compare_year), "kinds": by_kind}


def by_source(rows, compare_year=True):
    sources = _sum_by(rows, lambda row: row["source"])
    return [
        {"source": source.value, "label": str(source.label),
         **comparison(*sources.get(source.value, [0, 0, 0]), compare_year)}
        for source in Source
    ]


def per_thousand(rows, localities):
    """Reports in the period (and the one before) per 1,000 residents, per locality (Locality.population)."""
    counts = _sum_by(rows, lambda row: row["locality_id"])
    result = []
    for locality in localities:
        now, before, _year_ago = counts.get(locality["id"], [0, 0, 0])
        population = locality["population"]
        result.append({"locality": locality["name"], "population": population, "reports": now, "reports_before": before,
                       "per_thousand": round(1000 * now / population, 1) if population else None,
                       "per_thousand_before": round(1000 * before / population, 1) if population else None})
    return result


def unlocated(rows, localities):
    """Counted reports now and before that no shown locality holds (no locality, or another one)."""
    shown_ids = {locality["id"] for locality in localities}
    outside = [row for row in rows if row["locality_id"] not in shown_ids]
    return {"now": sum(row["now"] for row in outside), "before": sum(row["before"] for row in outside)}


def monthly_trend(counted, period, public=False, locality=None, kind=None):
    """Reports per month over the 12 months up to the period's end, beside the same months a year earlier.

    From the rollups: ``ReportWhenYearCount``'s months of those years (at most three rows a year once
    summed), under the picture's filters (public, locality, kind); otherwise from `counted`'s rows.
    """
    last = period.end.replace(day=1)
    first = add_months(last, -(TREND_MONTHS - 1))
    start = add_months(first, -12)
    end = add_months(last, 1) - timedelta(days=1)
    if counted.rollup:
        per_year = (filtered_rollup(ReportWhenYearCount, public, locality, kind)
                    .filter(year__gte=start.year, year__lte=end.year).values("year")
                    .annotate(**{month: Sum(month) for month in rollups.MONTHS}))
        counts = {date(row["year"], n, 1): row[month] for row in per_year
                  for n, month in enumerate(rollups.MONTHS, start=1)}
    else:
        counts = {
            row["month"]: row["n"]
            for row in counted.rows.filter(day__gte=start, day__lte=end)
            .annotate(month=TruncMonth("day", output_field=DateField())).values("month").annotate(n=counted.tally())
        }
        counts = {(month.date() if isinstance(month, datetime) else month): n for month, n in counts.items()}
    return [
        {
            "month": add_months(first, n).isoformat()[:7],
            "count": counts.get(add_months(first, n), 0),
            "year_before": counts.get(add_months(first, n - 12), 0),
        }
        for n in range(TREND_MONTHS)
    ]


def months_counted(period, prefix="month_", other_years=False):
    """Of a MonthsOfYear rollup: (the condition on its years, the expression adding up the period's months of
    a row; `prefix`: of another twelve columns, ReportYearCount's "reopened_"). `other_years`: the rows are
    not only the period's years, so the expression is None for the others."""
    parts = rollups.months_of_period(period.start, period.end)
    sums = {year: sum((F(f"{prefix}{month}") for month in months[1:]), F(f"{prefix}{months[0]}"))
            for year, months in parts.items()}
    if len(sums) == 1 and not other_years:
        (year, total), = sums.items()
        return Q(year=year), total
    return Q(year__in=list(sums)), Case(*(When(year=year, then=total) for year, total in sums.items()))


def hotspots(reports, period, public, language, locality_names, localities=(), **filters):
    """Reports per 250 m cell of their public point; the biggest with their dominant category and locality: one query.

    The locality is the one most of the cell's reports name, else the nearest to the cell's centre
    (`localities`: Locality objects). ``top``: the TOP_HOTSPOTS biggest cells of at least HOTSPOT_MINIMUM
    reports, with their dominant category; ``cells``: every cell (public: of at least PUBLIC_MINIMUM
    reports). Whole-month periods are read from ``ReportCellYearCount`` (`filters`: the picture's
    locality and kind), others from the reports (the ``report_day`` index).
    """
    if rollups.available() and period.whole_months():  # a row per cell × category and year, not every report
        years, counted = months_counted(period)
        rows = filtered_rollup(ReportCellYearCount, public, filters.get("locality"), filters.get("kind"))
        rows = rows.filter(years).values("cell_y", "cell_x", "category_id", "locality_id").annotate(n=counted)
    else:
        rows = (
            reports.filter(in_period(period), public_latitude__isnull=False, public_longitude__isnull=False)
            .annotate(**grid_cell("public_latitude", "public_longitude"))
            .values("cell_y", "cell_x", "category_id", "locality_id").annotate(n=Value(1))
        )
    minimum = PUBLIC_MINIMUM if public else 1
    cells, top = [], []
    for y, x, count, category, locality_id in per_cell(rows, language, minimum, HOTSPOT_MINIMUM, TOP_HOTSPOTS):
        cells.append({"y": y, "x": x, "count": count, **cell_centre(y, x)})
        if category is not None:  # one of the biggest: named
            if locality_id:
                name = locality_names.get(locality_id, "")
            else:
                nearest = nearest_locality(cells[-1]["latitude"], cells[-1]["longitude"], localities)
                name = nearest.name if nearest else ""
            top.append({**cells[-1], "category": category, "locality": name})
    cells.sort(key=lambda cell: (-cell["count"], cell["y"], cell["x"]))
    top.sort(key=lambda cell: (-cell["count"], cell["y"], cell["x"]))
    return {"cells": cells, "top": top, "minimum": HOTSPOT_MINIMUM}


def per_cell(rows, language, minimum, top_minimum, top_count):
    """[(cell_y, cell_x, reports, dominant category's name, dominant locality's pk)], one per cell of at least
    `minimum` reports; the dominant category and locality only for the `top_count` biggest cells of at least
    `top_minimum` (None for the others, and for a top cell whose reports name no locality): one query around
    `rows` (a values("cell_y", "cell_x", "category_id", "locality_id").annotate(n=…) queryset without an
    aggregate: each row counts n reports).

    The dominant category is the one with most reports, on a tie the first name in code-point order (as
    Python sorts); the dominant locality the named one with most reports, on a tie the lowest pk.
    """
    name = "name_en" if language == "en" else "name_sv"
    sql, params = rows.query.sql_with_params()
    # Every cell's total in one pass; then the rows of the ten biggest cells only, which the rollup's
    # key (year, cell_y, cell_x, …) finds by index: a year has ten thousand cell × category pairs.
    query = f"""
        WITH counted AS NOT MATERIALIZED ({sql}),
        per_cell AS MATERIALIZED (SELECT cell_y, cell_x, SUM(n) AS n FROM counted GROUP BY 1, 2 HAVING SUM(n) >= %s),
        top AS MATERIALIZED (
            SELECT cell_y, cell_x FROM per_cell WHERE n >= %s ORDER BY n DESC, cell_y, cell_x LIMIT %s),
        in_top AS MATERIALIZED (SELECT counted.* FROM top JOIN counted USING (cell_y, cell_x))
        SELECT cell_y, cell_x, n, NULL, NULL::bigint FROM per_cell
        UNION ALL
        (SELECT p.cell_y, p.cell_x, NULL, (array_agg(c.{name} ORDER BY p.n DESC, c.{name} COLLATE "C"))[1], NULL
         FROM (SELECT cell_y, cell_x, category_id, SUM(n) AS n FROM in_top GROUP BY 1, 2, 3) p
         JOIN incidents_category c ON c.id = p.category_id GROUP BY 1, 2)
        UNION ALL
        (SELECT cell_y, cell_x, NULL, NULL, (array_agg(locality_id::bigint ORDER BY n DESC, locality_id))[1]
         FROM (SELECT cell_y, cell_x, locality_id, SUM(n) AS n FROM in_top
               WHERE COALESCE(locality_id, 0) <> 0 GROUP BY 1, 2, 3 HAVING SUM(n) > 0) l GROUP BY 1, 2)
    """
    cells, dominant_category, dominant_locality = [], {}, {}
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, minimum, top_minimum, top_count))
        for y, x, n, category, locality_id in cursor.fetchall():
            if n is not None:
                cells.append((y, x, int(n)))
            elif category is not None:
                dominant_category[y, x] = category
            else:
                dominant_locality[y, x] = locality_id
    return [(y, x, n, dominant_category.get((y, x)), dominant_locality.get((y, x))) for y, x, n in cells]


def when_matrix(counted, period, public=False, locality=None, kind=None):
    """Reports per ISO weekday (rows) and time of day (columns) in the period: one query.

    Whole-month periods read ``ReportWhenYearCount`` (the picture's filters: public, locality, kind).
    """
    if counted.rollup and period.whole_months():
        years, months = months_counted(period)
        rows = (filtered_rollup(ReportWhenYearCount, public, locality, kind).filter(years)
                .values("weekday", "time_of_day").annotate(n=Sum(months)))
    else:
        rows = (counted.rows.filter(in_period(period)).annotate(weekday=ExtractIsoWeekDay("day"))
                .values("weekday", "time_of_day").annotate(n=counted.tally()))
    counts = {(row["weekday"], row["time_of_day"]): row["n"] for row in rows}
    return {
        "maximum": max(counts.values(), default=0),
        "columns": [{"value": t.value, "label": str(t.label)} for t in TimeOfDay],
        "rows": [
            {"weekday": weekday, "counts": [counts.get((weekday, t.value), 0) for t in TimeOfDay]}
            for weekday in WEEKDAYS
        ],
    }


class _MedianHours(Aggregate):
    """PostgreSQL's median (percentile_cont) of the whole hours from received to resolved."""

    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, **extra):
        super().__init__(RawSQL(rollups.resolution_hours('"incidents_report"'), ()), **extra)


def median_of_counts(counts):
    """The median of a histogram {value: how many}, as percentile_cont(0.5) (and statistics.median) take it."""
    total = sum(counts.values())
    if not total:
        return None
    middle = 0.5 * (total - 1)
    below, above = math.floor(middle), math.ceil(middle)
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > below:
            lower = value
        if seen > above:
            upper = value
            break
    return lower + (upper - lower) * (middle - below)


def median_resolution_days(reports, period, resolved=None):
    """Median days from received to resolved (counted in whole hours), of the reports resolved in the period,
    and how many they are: one query.

    `resolved`: resolved_counts() of the picture's filters, read for whole-month periods — the hours of
    a year are a few thousand rows instead of every report resolved in it. Otherwise the median is
    taken in PostgreSQL over the ``report_resolved`` index, elsewhere in Python.
    """
    if resolved is not None and period.whole_months():
        counts = resolved(period)
        hours, found = median_of_counts(counts), sum(counts.values())
    else:
        in_period = reports.filter(resolved_at__gte=_aware(period.start),
                                   resolved_at__lt=_aware(period.end + timedelta(days=1)))
        if connection.vendor == "postgresql":
            result = in_period.aggregate(median=_MedianHours(), n=Count("resolved_at"))
            hours, found = result["median"], result["n"]
        else:
            counts = Counter(int((resolved_at - created_at).total_seconds() // 3600)
                             for created_at, resolved_at in in_period.values_list("created_at", "resolved_at"))
            hours, found = median_of_counts(counts), sum(counts.values())
    return (round(hours / 24, 1) if found else None), found


def resolved_counts(public, locality=None, kind=None):
    """Under the picture's filters, a function of a whole-month period giving {whole hours to resolution: reports
    resolved in it} from the rollups (one query): ReportResolvedYearTotal for every locality, ReportResolvedCount
    for one. None without rollups."""
    if not rollups.available():
        return None

    def counts(period):
        if locality is None:
            years, counted = months_counted(period)
            rows = (filtered_rollup(ReportResolvedYearTotal, public, kind=kind).filter(years)
                    .values("hours").annotate(n=Sum(counted)))
        else:
            rows = (filtered_rollup(ReportResolvedCount, public, locality, kind)
                    .filter(day__gte=period.start, day__lte=period.end).values("hours").annotate(n=Sum("reports")))
        return {row["hours"]: row["n"] for row in rows if row["n"]}

    return counts


# --- Measures and citizen promises --------------------------------------------------------------


def measures(public, locality, kind, today):
    """Measures per status and the overdue ones: one query (measures are few)."""
    measures = Measure.objects.order_by("due_on", "pk")
    if locality is not None:
        measures = measures.filter(locality=locality)
    if kind:
        measures = measures.filter(kind=kind)
    rows = list(measures.values(
        "pk", "title", "title_en", "due_on", "status", "latitude", "longitude", "radius_metres",
        # For the effect follow-up (staff only): no further query for the measures.
        "starts_on", "completed_on", "category_id", "locality_id", "control_locality_near_id",
        "control_locality_far_id", "control_locality_near__name", "control_locality_far__name",
    ))
    active = {MeasureStatus.PLANNED, MeasureStatus.ONGOING}
    overdue = [row for row in rows if row["status"] in active and row["due_on"] < today]
    result = {
        "statuses": [
            {"status": s.value, "label": str(s.label), "count": sum(row["status"] == s for row in rows)}
            for s in MeasureStatus
        ],
        "overdue_count": len(overdue),
        "placed": [row for row in rows if row["latitude"] is not None],
    }
    if not public:
        result["overdue"] = [
            {"pk": row["pk"], "title": row["title"], "title_en": row.get("title_en", ""),
             "due_on": row["due_on"].isoformat()}
            for row in overdue
        ]
        result["effects"] = effects(rows, today)
    return result


def effects(rows, today):
    """The effect follow-up of the latest carried-out measures with an area: one query for all of them."""
    names = {}
    for row in rows:
        for which in ("near", "far"):
            if row[f"control_locality_{which}_id"]:
                names[row[f"control_locality_{which}_id"]] = row[f"control_locality_{which}__name"]
    fields = {f.attname for f in Measure._meta.concrete_fields}
    measures = [Measure(id=row["pk"], **{k: v for k, v in row.items() if k in fields}) for row in rows]
    return effect.summaries(effect.followed_up(measures, today), today=today, locality_names=names)


# Half the diagonal of a 250 m cell: a measure within this distance of a cell's centre touches the cell.
HALF_CELL_DIAGONAL_METRES = 177


def measures_in_hotspots(placed, top_cells):
    """The measures whose place (point plus radius) reaches one of the top hotspot cells."""
    from incidents.models import distance_metres

    found = []
    for row in placed:
        reach = (row["radius_metres"] or 0) + HALF_CELL_DIAGONAL_METRES
        cells = [
            rank for rank, cell in enumerate(top_cells, start=1)
            if distance_metres(row["latitude"], row["longitude"], cell["latitude"], cell["longitude"]) <= reach
        ]
        if cells:
            found.append({"pk": row["pk"], "title": row["title"], "title_en": row.get("title_en", ""), "status": row["status"],
                          "hotspots": cells})
    return found


def promises(period):
    totals = CitizenPromise.objects.filter(year=period.end.year).aggregate(
        promised=Sum("activities_promised"), delivered=Sum("activities_delivered"), n=Count("pk")
    )
    return {"year": period.end.year, "count": totals["n"], "promised": totals["promised"] or 0,
            "delivered": totals["delivered"] or 0}


def dialogue(period, public, locality=None, recent=5):
    """Feedback per topic and theme, and the dialogue activities of the period with their concerns.

    The public sees counts only: activity notes and concerns are staff text.
    """
    from dialog.models import DialogueActivity, Feedback, FeedbackTopic

    feedback = Feedback.objects.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)
    activities = DialogueActivity.objects.filter(date__gte=period.start, date__lte=period.end)
    if locality is not None:
        feedback = feedback.filter(locality=locality)
        activities = activities.filter(locality=locality)
    # Feedback per topic and per theme in one query.
    per_topic = feedback.order_by().values(group=Value("topic"), name=F("topic")).annotate(n=Count("pk"))
    per_theme = (feedback.order_by().exclude(themes__name=None)
                 .values(group=Value("theme"), name=F("themes__name")).annotate(n=Count("pk")))
    topics, themes = dict.fromkeys(FeedbackTopic.values, 0), []
    for row in per_topic.union(per_theme, all=True):
        if row["group"] == "topic":
            topics[row["name"]] = row["n"]
        else:
            themes.append(row)
    themes.sort(key=lambda row: (-row["n"], row["name"]))
    # Activities are few (tens a year): one query gives both the count and the latest ones.
    held = list(activities.select_related("locality").annotate(concern_count=Count("concerns")).order_by("-date"))
    return {
        "feedback_total": sum(topics.values()),
        "topics": [{"topic": str(label), "count": topics[value]}
                   for value, label in FeedbackTopic.choices],
        "themes": [{"theme": row["name"], "count": row["n"]} for row in themes[:10]],
        "activity_count": len(held),
        "activities": [] if public else [
            {"id": a.pk, "title": a.title, "title_en": a.title_en, "kind": a.get_kind_display(), "date": a.date,
             "locality": a.locality.name,
             "concerns": a.concern_count}
            for a in held[:recent]
        ],
    }


# --- The whole picture ---------------------------------------------------------------------------

# What each section follows that is not the reports' own filters, so the page can say it plainly:
# "period": the picture's period, "year": the period's year, "round": the latest survey round by the
# period's end, "now": as things stand today; locality and kind: whether the filter applies.
SCOPE = {
    "promises": {"period": "year", "locality": False, "kind": False},
    "insecurity": {"period": "round", "locality": True, "kind": False},
    "dialogue": {"period": "period", "locality": True, "kind": False},
    "measures": {"period": "now", "locality": True, "kind": True},
}


def compute(period, locality=None, kind=None, public=False, today=None, language="sv", localities=None, attempts=3):
    """The problem picture of the period, optionally for one locality and one kind of report.

    `localities`: all Locality objects, when the caller has them already (saves a query). The public
    picture is counted again (up to `attempts` times in all) when its figures do not add up because
    reports changed between its queries (suppression.InconsistentFigures).
    """
    today = today or timezone.localdate()
    language = "en" if language == "en" else "sv"
    all_localities = list(Locality.objects.order_by("name") if localities is None else localities)
    everywhere = [{"id": loc.pk, "name": loc.name, "population": loc.population} for loc in all_localities]
    locality_names = {row["id"]: row["name"] for row in everywhere}
    localities = [row for row in everywhere if locality is None or row["id"] == locality.pk]
    reports = counted_reports(public, locality, kind)
    tallied = counted(public, locality, kind)
    by_month = counted(public, locality, kind, monthly=True)
    whole_months = all(p is None or p.whole_months() for p in (period, period.previous(), period.year_comparison()))
    rows = grouped_counts(by_month if whole_months else tallied, period)
    compare_year = period.year_comparison() is not None
    median_days, resolved = median_resolution_days(reports, period, resolved_counts(public, locality, kind))
    reopened = sum(row["reopened"] or 0 for row in rows)
    result = {
        "period": period.as_dict(),
        "previous": period.previous().as_dict(),
        "year_before": period.year_comparison() and period.year_comparison().as_dict(),
        "coverage": coverage(period),
        "small_base": SMALL_BASE,
        "scope": SCOPE,
        "locality": locality.name if locality else None,
        "kind": kind or None,
        "public": public,
        "key_figures": {
            "per_thousand": per_thousand(rows, localities),
            "median_resolution_days": median_days,
            "resolved": resolved,
            "reopened": reopened,
            "promises": promises(period),
        },
        "incidents": incident_counts(rows, language, compare_year),
        "sources": by_source(rows, compare_year),
        "trend": monthly_trend(by_month, period, public, locality, kind),
        "hotspots": hotspots(reports, period, public, language, locality_names, all_localities,
                             locality=locality, kind=kind),
        "when": when_matrix(tallied, period, public, locality, kind),
        "insecurity": perception(public=public, localities=all_localities, until=period.end, today=today,
                                 locality=locality),
        "measures": measures(public, locality, kind, today),
        "dialogue": dialogue(period, public, locality),
    }
    placed = result["measures"].pop("placed")
    in_hotspots = measures_in_hotspots(placed, result["hotspots"]["top"])
    result["measures"]["in_hotspots_count"] = len(in_hotspots)
    if not public:
        result["measures"]["in_hotspots"] = in_hotspots
    else:  # once, on the finished figures
        periods = {"now": period, "before": period.previous(), "year_ago": period.year_comparison()}
        try:
            suppression.apply(result, periods, unlocated(rows, localities))
        except suppression.InconsistentFigures:
            if attempts <= 1:
                raise
            return compute(period, locality, kind, public, today, language, all_localities, attempts - 1)
    return result


# --- A short cache of the computed picture --------------------------------------------------------


def cache_key(period, locality, kind, public, language, today):
    # The hotspots are counted at public points: a change that moves them (a category's precision) takes
    # a new map cache version, and with it a new picture. v2: figures with scope, coverage and suppression.
    parts = ["picture", "v2", map_cache_version(), "public" if public else "staff", language, period.kind,
             period.start.isoformat(), period.end.isoformat(), str(locality.pk if locality else "all"),
             kind or "all", today.isoformat()]
    return ":".join(parts)


def cached_compute(period, locality=None, kind=None, public=False, language="sv", localities=None, refresh=False):
    """compute(), reused for settings.PICTURE_CACHE_SECONDS per filter combination and language.

    Over a million reports a computation takes seconds; the steering group opens the same
    picture many times in a meeting. The result carries ``computed_at`` (an aware datetime)
    so that the page can say how old its figures are. Snapshots (lägesbilder) never use this:
    they compute afresh (governance.situation). ``refresh`` computes and stores anew even when
    a cached picture exists (the warm_problem_picture command).
    """
    today = timezone.localdate()
    language = "en" if language == "en" else "sv"
    store = caches["aggregates"]
    key = cache_key(period, locality, kind, public, language, today)
    data = None if refresh else store.get(key)
    if data is None:
        data = compute(period, locality=locality, kind=kind, public=public, today=today, language=language,
                       localities=localities)
        data["computed_at"] = timezone.now()
        store.set(key, data, settings.PICTURE_CACHE_SECONDS)
    return data
