"""Effect follow-up of a measure as a difference-in-differences, with a displacement check.

Did the measure work, or did reports fall everywhere? For the measure's
category (all categories when it has none) the reports in the measure's area
are counted in the baseline window (the six months before ``starts_on``) and
the follow-up window (the six months from completion, or from the due date
while it is not completed), as in ``governance.indicators``. The same windows
are counted in control areas:

- the rest of Tjörn: every report outside the area and outside its ring (the
  ring is where displacement would show, so it must not dilute the control);
- the neighbouring and the distant control locality, when the coordinator has
  chosen them (their reports outside the area and the ring).

The area is the circle of ``radius_metres`` around the measure's point, or
else the measure's locality. A measure with neither has no area and no
follow-up.

The windows have the same length, so the change is compared in percent of the
baseline count: areas of different sizes become comparable. The
difference-in-differences is the area's change minus the control's change, in
percentage points: below zero, reports fell more (or rose less) in the area
than in the control. ``expected`` is what the area would have had after, had
it followed the control's trend.

Displacement: the ring from r to 2r around a circular area. If reports rose
there clearly more than in the control, crime may have moved next door.

The reporters' own view: the answers to "Känns platsen tryggare nu?"
(``incidents.SafetyFollowUp``) given from the measure's start to the end of
the follow-up window, for reports in the area.

Everything is counted in the database with conditional aggregates: one query
for any number of measures. Too few reports (fewer than MINIMUM_REPORTS in a
place's two windows together, or fewer than MINIMUM_ANSWERS answers) are shown
with an explicit warning: no conclusion is to be drawn from them.
"""

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from governance import rollups
from governance.comparison import change_between
from governance.indicators import MONTHS, _aware, change_percent, follow_up_start
from governance.models import MeasureStatus, ReportReceivedCount
from incidents.models import EARTH_RADIUS_METRES, Report, SafetyFollowUp, Status
from trygg.dates import add_months

# A place with fewer reports than this in both windows together says nothing.
MINIMUM_REPORTS = 10
# Fewer answers to the follow-up question than this say nothing.
MINIMUM_ANSWERS = 5
# A difference-in-differences within ± this many percentage points is "about the same".
SAME_BAND = 10
# Metres per degree as incidents.models.distance_metres counts them.
METRES_PER_DEGREE = EARTH_RADIUS_METRES * math.pi / 180
CIRCLE, LOCALITY = "circle", "locality"
# The picture shows the follow-up of at most this many measures, the latest completed first.
PICTURE_MEASURES = 10

# Readings of a comparison (the template turns them into sentences).
NO_AREA, PENDING, TOO_FEW, NO_BASELINE, BETTER, SAME, WORSE = (
    "no_area", "pending", "too_few", "no_baseline", "better", "same", "worse",
)
# Readings of the ring.
NO_RING, DISPLACEMENT, NO_DISPLACEMENT = "no_ring", "displacement", "no_displacement"
COUNTS = ["area", "rest", "near", "far", "ring"]


@dataclass
class Place:
    """One place's counts in the two windows, and its change."""

    key: str  # area, rest, near, far, ring
    name: str = ""
    before: int = 0
    after: int = 0
    change: float | None = None  # percent
    # Controls: the area's change minus this place's; the ring: its change minus the rest of Tjörn's
    # (percentage points).
    did: float | None = None
    too_few: bool = True
    # The change as it is shown: in percent from a base of SMALL_BASE reports, else in numbers
    # (governance.comparison); nothing while the after window is still running.
    shown_percent: float | None = None
    shown_difference: int | None = None

    def settle(self, pending):
        self.too_few = self.before + self.after < MINIMUM_REPORTS
        self.change = None if pending else change_percent(self.after, self.before)
        if not pending:
            self.shown_percent, self.shown_difference = change_between(self.after, self.before)


@dataclass
class FollowUp:
    measure_id: int
    title: str
    area: str | None  # CIRCLE, LOCALITY or None
    radius_metres: int | None = None
    baseline_start: date | None = None
    baseline_end: date | None = None  # the last day
    follow_up_start: date | None = None
    follow_up_end: date | None = None  # the last day
    pending: bool = False
    places: dict = field(default_factory=dict)  # key → Place
    did: float | None = None  # area's change minus the rest of Tjörn's, percentage points
    expected: float | None = None  # the area's count after, had it followed the rest of Tjörn
    reading: str = NO_AREA
    ring_reading: str = NO_RING
    safer: dict = field(default_factory=dict)  # answer → count
    safer_total: int = 0
    safer_too_few: bool = True

    @property
    def area_place(self):
        return self.places.get("area")

    @property
    def controls(self):
        return [self.places[key] for key in ("rest", "near", "far") if key in self.places]

    @property
    def ring(self):
        return self.places.get("ring")

    @property
    def too_few(self):
        return self.reading == TOO_FEW

    @property
    def safer_rows(self):
        return [{"answer": value, "label": str(label), "count": self.safer.get(value, 0)}
                for value, label in SafetyFollowUp.Answer.choices]

    def as_dict(self):
        """Plain JSON-friendly values, for the pages, the problem picture and its frozen snapshots."""
        data = asdict(self)
        for key in ("baseline_start", "baseline_end", "follow_up_start", "follow_up_end"):
            data[key] = data[key].isoformat() if data[key] else None
        del data["places"]
        data["area_counts"] = asdict(self.area_place) if self.area_place else None
        data["controls"] = [asdict(place) for place in self.controls]
        data["ring"] = asdict(self.ring) if self.ring else None
        data["ring_outer"] = 2 * self.radius_metres if self.ring else None
        data["did_size"] = None if self.did is None else abs(self.did)
        data["safer"] = self.safer_rows
        data["minimum_reports"] = MINIMUM_REPORTS
        data["minimum_answers"] = MINIMUM_ANSWERS
        return data


# --- Building the query -------------------------------------------------------------


def area_kind(measure):
    if measure.radius_metres and measure.has_place:
        return CIRCLE
    if measure.locality_id:
        return LOCALITY
    return None


def squared_distance(measure):
    """Squared distance in m² from the measure's point, as a database expression (equirectangular)."""
    latitude, longitude = float(measure.latitude), float(measure.longitude)
    dy = (Cast("latitude", FloatField()) - latitude) * METRES_PER_DEGREE
    dx = (Cast("longitude", FloatField()) - longitude) * (METRES_PER_DEGREE * math.cos(math.radians(latitude)))
    return dy * dy + dx * dx


def windows(measure, months=MONTHS):
    """(baseline start, baseline end, follow-up start, follow-up end), ends excluded."""
    after_start = follow_up_start(measure)
    return add_months(measure.starts_on, -months), measure.starts_on, after_start, add_months(after_start, months)


def _conditions(measure, alias, months, today):
    """The conditional counts of one measure: {name: Q}, and the aliases they need."""
    kind = area_kind(measure)
    base_start, base_end, after_start, after_end = windows(measure, months)
    counted_until = min(after_end, today + timedelta(days=1))
    before = Q(created_at__gte=_aware(base_start), created_at__lt=_aware(base_end))
    after = Q(created_at__gte=_aware(after_start), created_at__lt=_aware(counted_until))
    category = Q(category_id=measure.category_id) if measure.category_id else Q()
    aliases = {}
    if kind == CIRCLE:
        radius = float(measure.radius_metres)
        aliases[alias] = squared_distance(measure)
        area = Q(**{f"{alias}__lte": radius ** 2})
        ring = Q(**{f"{alias}__gt": radius ** 2, f"{alias}__lte": (2 * radius) ** 2})
        outside = Q(latitude__isnull=True) | Q(**{f"{alias}__gt": (2 * radius) ** 2})
    else:
        area = Q(locality_id=measure.locality_id)
        ring = None
        outside = Q(locality__isnull=True) | ~Q(locality_id=measure.locality_id)
    places = {"area": area, "rest": outside}
    if measure.control_locality_near_id:
        places["near"] = outside & Q(locality_id=measure.control_locality_near_id)
    if measure.control_locality_far_id:
        places["far"] = outside & Q(locality_id=measure.control_locality_far_id)
    if ring is not None:
        places["ring"] = ring
    conditions = {}
    for key, where in places.items():
        conditions[f"{key}_before"] = category & where & before
        conditions[f"{key}_after"] = category & where & after
    # Reports received in the measure's own span (not the span of every measure counted beside it).
    answered = Q(follow_up__answered_at__gte=_aware(measure.starts_on),
                 follow_up__answered_at__lt=_aware(counted_until),
                 created_at__gte=_aware(base_start), created_at__lt=_aware(after_end))
    for value in SafetyFollowUp.Answer.values:
        conditions[f"safer_{value}"] = category & area & answered & Q(follow_up__answer=value)
    return conditions, aliases


def count(measures, months=MONTHS, today=None):
    """{measure pk: {count name: n}} for the measures that have an area: one query, with the rollups or without."""
    today = today or timezone.localdate()
    measures = [m for m in measures if area_kind(m)]
    if not measures:
        return {}
    if rollups.available() and all(m.pk for m in measures):  # the kept area counts are per saved measure
        return count_from_rollups(measures, months, today)
    return count_raw(measures, months, today)


def count_raw(measures, months, today):
    """count() from the raw reports: one query with per-measure distance filters over all of them."""
    aggregates, aliases, spans, categories = {}, {}, [], set()
    for measure in measures:
        conditions, more = _conditions(measure, f"distance_{measure.pk}", months, today)
        aliases.update(more)
        for name, condition in conditions.items():
            aggregates[f"m{measure.pk}_{name}"] = Count("pk", filter=condition)
        base_start, _base_end, _after_start, after_end = windows(measure, months)
        spans.append((base_start, after_end))
        categories.add(measure.category_id)
    reports = Report.objects.exclude(status__in=[Status.REJECTED, Status.WITHDRAWN]).filter(
        merged_into__isnull=True,
        created_at__gte=_aware(min(start for start, _end in spans)),
        created_at__lt=_aware(max(end for _start, end in spans)),
    )
    if None not in categories:
        reports = reports.filter(category_id__in=categories)
    totals = reports.alias(**aliases).aggregate(**aggregates)
    result = {}
    for name, n in totals.items():
        pk, _, counted = name[1:].partition("_")
        result.setdefault(int(pk), {})[counted] = n
    return result


def count_from_rollups(measures, months, today):
    """count() in one query whose cost does not grow with all reports: a UNION ALL of small parts.

    Every part reads a kept count (governance.rollups) by an index alone: the whole municipality
    from ``governance_reportreceivedtotal`` (counted reports per category × day received), the
    measure's own and control localities from ``ReportReceivedCount`` (× locality), and a circular
    area and its ring from ``governance_measureareacount`` (counted reports per measure × day
    received × locality × in the area, within twice the radius): the area, the ring, and what of
    them lies in the control localities, which the "outside" places leave out. A measure reads a
    few hundred rows per part, whatever the number of reports. The reporters' answers are counted
    from the follow-ups. Plain SQL: the ORM spent longer composing the conditional aggregates than
    PostgreSQL needed to answer them.
    """
    parts, params = [], []
    for measure in measures:
        for sql, more in _parts(measure, _window_days(measure, months, today)):
            parts.append(sql)
            params += more
    received, nearby = defaultdict(dict), defaultdict(dict)
    answers = defaultdict(lambda: dict.fromkeys(SafetyFollowUp.Answer.values, 0))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for pk, part, locality, in_area, answer, before, after in cursor.fetchall():
            if part == RECEIVED:
                received[pk]["before", locality], received[pk]["after", locality] = before, after
            elif part == NEARBY:
                nearby[pk]["before", locality, in_area], nearby[pk]["after", locality, in_area] = before, after
            elif answer in answers[pk]:
                answers[pk][answer] = before
    result = {}
    for measure in measures:
        by_locality, near = received[measure.pk], nearby[measure.pk]
        controls = {which: getattr(measure, f"control_locality_{which}_id") for which in ("near", "far")}
        counts = {f"safer_{value}": n for value, n in answers[measure.pk].items()}
        for name in ("before", "after"):
            total = by_locality.get((name, TOTAL), 0)
            if area_kind(measure) == CIRCLE:
                inner = sum(n for (window, _locality, _in_area), n in near.items() if window == name)
                counts[f"area_{name}"] = sum(n for (window, _loc, in_area), n in near.items()
                                             if window == name and in_area)
                counts[f"ring_{name}"] = inner - counts[f"area_{name}"]
                counts[f"rest_{name}"] = total - inner
                for which, control in controls.items():
                    if control:
                        inside = sum(n for (window, locality, _in_area), n in near.items()
                                     if window == name and locality == control)
                        counts[f"{which}_{name}"] = by_locality.get((name, control), 0) - inside
            else:
                counts[f"area_{name}"] = by_locality.get((name, measure.locality_id), 0)
                counts[f"rest_{name}"] = total - counts[f"area_{name}"]
                for which, control in controls.items():
                    if control:
                        counts[f"{which}_{name}"] = (
                            0 if control == measure.locality_id else by_locality.get((name, control), 0)
                        )
        result[measure.pk] = counts
    return result


# The parts of count_from_rollups' UNION ALL, each row (measure, part, locality, in area, answer, before, after).
RECEIVED, NEARBY, ANSWERS = 0, 1, 2
# The locality of RECEIVED's row for the whole municipality (0 is "no locality").
TOTAL = -1


def _window_days(measure, months, today):
    """(baseline start, baseline end, follow-up start, counted until, follow-up end), ends excluded."""
    base_start, base_end, after_start, after_end = windows(measure, months)
    return base_start, base_end, after_start, min(after_end, today + timedelta(days=1)), after_end


def _parts(measure, windows_):
    """[(sql, params)]: the parts of one measure.

    RECEIVED: counted reports of the category in both windows, in all of Tjörn (locality TOTAL) and in
    the localities the measure compares (its own when it has no circle, the controls); NEARBY
    (circles): the counted reports within the ring's outer edge per locality and whether in the area,
    from the measure's kept area counts (the distance as ``squared_distance`` counts it); ANSWERS: the
    reporters' answers about the area, from the follow-ups (the ring's bounding box, a little wider
    than the equirectangular distance needs, on the ``report_counted_point`` index).
    """
    base_start, base_end, after_start, until, after_end = windows_
    statuses = [Status.REJECTED.value, Status.WITHDRAWN.value]
    category = [measure.category_id] if measure.category_id else []
    by_category = "category_id = %s AND " if measure.category_id else ""
    r_by_category = f"r.{by_category}" if by_category else ""
    received = ("COALESCE(SUM(reports) FILTER (WHERE day >= %s AND day < %s), 0),"
                " COALESCE(SUM(reports) FILTER (WHERE day >= %s AND day < %s), 0)")
    received_params = [base_start, base_end, after_start, until]
    days = [base_start, max(base_end, until)]
    parts = [(
        f"(SELECT %s, {RECEIVED}, {TOTAL}, NULL::boolean, NULL::text, {received}"
        f" FROM {rollups.RECEIVED_TOTAL_TABLE} WHERE {by_category}day >= %s AND day < %s)",
        [measure.pk, *received_params, *category, *days],
    )]
    localities = sorted({pk for pk in (measure.control_locality_near_id, measure.control_locality_far_id,
                                       None if area_kind(measure) == CIRCLE else measure.locality_id) if pk})
    if localities:
        parts.append((
            f"(SELECT %s, {RECEIVED}, locality_id, NULL::boolean, NULL::text, {received}"
            f" FROM {ReportReceivedCount._meta.db_table} WHERE {by_category}locality_id IN"
            f" ({', '.join(['%s'] * len(localities))}) AND day >= %s AND day < %s GROUP BY locality_id)",
            [measure.pk, *received_params, *category, *localities, *days],
        ))
    counted = (f"NOT (r.status IN (%s, %s)) AND r.merged_into_id IS NULL AND r.created_at >= %s AND r.created_at < %s")
    counted_params = [*statuses, _aware(base_start), _aware(after_end)]
    answers = ("FROM incidents_report r JOIN incidents_safetyfollowup f ON f.report_id = r.id "
               "WHERE f.answered_at >= %s AND f.answered_at < %s AND ")
    answers_params = [_aware(measure.starts_on), _aware(until)]
    if area_kind(measure) == CIRCLE:
        radius = float(measure.radius_metres)
        latitude, longitude = float(measure.latitude), float(measure.longitude)
        per_degree_east = METRES_PER_DEGREE * math.cos(math.radians(latitude))
        reach_lat = 2 * radius / METRES_PER_DEGREE * 1.001 + 1e-6
        reach_lon = 2 * radius / per_degree_east * 1.001 + 1e-6
        distance = ("((r.latitude::float8 - {lat}) * {north}) * ((r.latitude::float8 - {lat}) * {north})"
                    " + ((r.longitude::float8 - {lon}) * {east}) * ((r.longitude::float8 - {lon}) * {east})").format(
            lat=f"{latitude!r}::float8", lon=f"{longitude!r}::float8", north=f"{METRES_PER_DEGREE!r}::float8",
            east=f"{per_degree_east!r}::float8")
        box = "r.latitude >= %s AND r.latitude <= %s AND r.longitude >= %s AND r.longitude <= %s"
        box_params = [Decimal(str(round(latitude - reach_lat, 6))), Decimal(str(round(latitude + reach_lat, 6))),
                      Decimal(str(round(longitude - reach_lon, 6))), Decimal(str(round(longitude + reach_lon, 6)))]
        parts.append((
            f"(SELECT %s, {NEARBY}, locality_id, in_area, NULL::text,"
            f" COALESCE(SUM(reports) FILTER (WHERE day < %s), 0),"
            f" COALESCE(SUM(reports) FILTER (WHERE day >= %s AND day < %s), 0)"
            f" FROM {rollups.AREA_TABLE} WHERE measure_id = %s AND day >= %s AND day < %s GROUP BY 3, 4)",
            [measure.pk, base_end, after_start, until, measure.pk, base_start, after_end],
        ))
        in_area, in_area_params = f"{box} AND {distance} <= %s", [*box_params, radius ** 2]
    else:
        in_area, in_area_params = "r.locality_id = %s", [measure.locality_id]
    parts.append((
        f"(SELECT %s, {ANSWERS}, 0, true, f.answer, COUNT(*), 0 "
        f"{answers}{r_by_category}{in_area} AND {counted} GROUP BY f.answer)",
        [measure.pk, *answers_params, *category, *in_area_params, *counted_params],
    ))
    return parts


# --- Reading the counts -------------------------------------------------------------


def follow_up(measure, counts=None, months=MONTHS, today=None, locality_names=None):
    """The effect follow-up of one measure; `counts` from count() when several are done at once."""
    today = today or timezone.localdate()
    kind = area_kind(measure)
    result = FollowUp(measure_id=measure.pk, title=measure.title, area=kind,
                      radius_metres=measure.radius_metres if kind == CIRCLE else None)
    if kind is None:
        return result
    if counts is None:
        counts = count([measure], months=months, today=today).get(measure.pk, {})
    base_start, base_end, after_start, after_end = windows(measure, months)
    result.baseline_start, result.baseline_end = base_start, base_end - timedelta(days=1)
    result.follow_up_start, result.follow_up_end = after_start, after_end - timedelta(days=1)
    result.pending = after_end > today + timedelta(days=1)
    names = locality_names
    if names is None:  # from the measure itself (select_related them to save the queries)
        names = {loc.pk: loc.name for loc in (measure.control_locality_near, measure.control_locality_far) if loc}
    place_names = {"near": names.get(measure.control_locality_near_id, ""),
                   "far": names.get(measure.control_locality_far_id, "")}
    present = {"area": True, "rest": True, "near": bool(measure.control_locality_near_id),
               "far": bool(measure.control_locality_far_id), "ring": kind == CIRCLE}
    for key in COUNTS:
        if present[key]:
            place = Place(key, place_names.get(key, ""), counts.get(f"{key}_before", 0), counts.get(f"{key}_after", 0))
            place.settle(result.pending)
            result.places[key] = place
    area, rest = result.places["area"], result.places["rest"]
    for place in result.controls:
        if place.key != "area" and area.change is not None and place.change is not None:
            place.did = round(area.change - place.change, 1)
    ring = result.ring
    if ring is not None and ring.change is not None and rest.change is not None:
        ring.did = round(ring.change - rest.change, 1)  # the ring's change beyond the control's
    result.did = rest.did
    if not result.pending and rest.before:
        result.expected = round(area.before * rest.after / rest.before, 1)
    result.reading = _reading(result, area, rest)
    result.ring_reading = _ring_reading(result)
    result.safer = {value: counts.get(f"safer_{value}", 0) for value in SafetyFollowUp.Answer.values}
    result.safer_total = sum(result.safer.values())
    result.safer_too_few = result.safer_total < MINIMUM_ANSWERS
    return result


def _reading(result, area, rest):
    if result.pending:
        return PENDING
    if area.too_few or rest.too_few:
        return TOO_FEW
    if result.did is None:
        return NO_BASELINE
    if result.did <= -SAME_BAND:
        return BETTER
    if result.did >= SAME_BAND:
        return WORSE
    return SAME


def _ring_reading(result):
    ring = result.ring
    if ring is None:
        return NO_RING
    if result.pending:
        return PENDING
    if ring.too_few:
        return TOO_FEW
    if ring.did is None:
        return NO_BASELINE
    if ring.did >= SAME_BAND and ring.after > ring.before:
        return DISPLACEMENT
    return NO_DISPLACEMENT


# --- Several measures: the problem picture --------------------------------------------


def followed_up(measures, today):
    """The measures whose effect can be followed up: carried out, with an area, latest first."""
    done = [m for m in measures if m.status in (MeasureStatus.DONE, MeasureStatus.EVALUATED)
            and area_kind(m) and follow_up_start(m) <= today]
    done.sort(key=lambda m: (follow_up_start(m), m.pk), reverse=True)
    return done[:PICTURE_MEASURES]


def summaries(measures, today=None, months=MONTHS, locality_names=None):
    """The follow-up of several measures as plain dicts, counted in one query."""
    today = today or timezone.localdate()
    counts = count(measures, months=months, today=today)
    return [
        follow_up(m, counts.get(m.pk, {}), months=months, today=today, locality_names=locality_names).as_dict()
        for m in measures
    ]
