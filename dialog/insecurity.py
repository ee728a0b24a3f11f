"""Perceived insecurity from the Trygghetsmätning: the map layer of places and the problem picture's analysis.

The map layer never holds reports and never exact points: every answer is moved to
the centre of its 250 m grid cell, and for the public only cells with at least
MIN_CELL_POINTS answers from surveys whose results are published are shown.

``perception()`` is the problem picture's section on perceived insecurity. It follows
the picture's filters:

- period: the latest round that had opened by the end of the period (and by today), compared
  with the round before it; a year 2025 never shows the 2026 round. No round by then: None.
- locality: the shares, the gender breakdown and the ranking of problems count only the
  respondents of that locality; the places marked as unsafe are those whose 250 m cell lies
  nearest that locality, whoever marked them.
- kind of report: the survey is not divided by kind; the page says so.

Groups under MIN_GROUP_SIZE answers are hidden as in dialog.results (with the next smallest
group, so no hidden group can be worked out from the total); the public sees only rounds with
published results and cells with at least MIN_CELL_POINTS marks.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog import answer_counts, trygghetsmatning
from dialog.models import MIN_GROUP_SIZE, Answer, AnswerCount, QuestionType, Survey
from dialog.results import percent, suppressed_groups
from incidents.grid import cell_centre, grid_cell, nearest_locality
from incidents.models import PUBLIC_GRID_METRES, snap_to_grid

# Cells with fewer answers than this are left out of the public layer.
MIN_CELL_POINTS = 3


class InsecurityFilterForm(forms.Form):
    enkat = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False,
        error_messages={"invalid": _("Give the survey as its number.")},
    )

    def error_text(self):
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


def map_point_answers(*, all_surveys, survey_id=None):
    """Map-point answers of complete responses; only surveys with published results unless all_surveys."""
    answers = Answer.objects.filter(
        question__type=QuestionType.MAP_POINT,
        response__is_complete=True,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    if not all_surveys:
        answers = answers.filter(response__survey__is_published=True, response__survey__results_published=True)
    if survey_id is not None:
        answers = answers.filter(response__survey_id=survey_id)
    return answers


def insecurity_features(answers, *, min_points=1):
    """One GeoJSON point feature per 250 m grid cell with its number of answers."""
    cells = Counter(
        snap_to_grid(latitude, longitude, PUBLIC_GRID_METRES)
        for latitude, longitude in answers.values_list("latitude", "longitude")
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": {"count": count, "precision": "grid", "layer": "perceived_insecurity"},
        }
        for (latitude, longitude), count in sorted(cells.items())
        if count >= min_points
    ]


# --- The problem picture's section on perceived insecurity ---------------------------------------

TOP_PLACES = 10
# The Trygghetsmätning is yearly: a round before more than this many days earlier means one is missing.
ROUND_GAP_DAYS = 548  # a year and a half
GENDERS = {"kvinna": _("Women"), "man": _("Men"), "annat": _("Other or prefers not to say")}


@dataclass
class SurveyRound:
    pk: int
    label: str
    opens_at: datetime
    closes_at: datetime


def latest_rounds(public, until, today):
    """The latest two rounds of the Trygghetsmätning that had opened by the day `until` (and today).

    Public: only rounds with published results. One query.
    """
    last_moment = timezone.make_aware(datetime.combine(min(until, today) + timedelta(days=1), time.min))
    rounds = Survey.objects.filter(series=trygghetsmatning.SERIES, is_published=True, opens_at__lt=last_moment)
    if public:
        rounds = rounds.filter(results_published=True)
    return [
        SurveyRound(pk, " ".join(part for part in (title, label) if part), opens_at, closes_at)
        for pk, title, label, opens_at, closes_at in rounds.order_by("-opens_at").values_list(
            "pk", "title", "round_label", "opens_at", "closes_at")[:2]
    ]


def answer_rows(rounds, locality):
    """The answers the perception section counts, grouped: from the per-round aggregates when they are
    kept (dialog.answer_counts), else from the raw answers. One query."""
    questions = [trygghetsmatning.SAFETY_EVENING, trygghetsmatning.LOCAL_PROBLEMS]
    # Only the evening question is counted per locality and gender, only marked places per cell: the other
    # answers are grouped without them (a few hundred rows instead of ten thousand over two rounds).
    evening = Q(question__code=trygghetsmatning.SAFETY_EVENING)
    place = Q(question__code=trygghetsmatning.UNSAFE_PLACE)
    if answer_counts.available():
        respondents = Q(locality_id=locality.pk) if locality is not None else Q()
        rows = AnswerCount.objects.filter(
            Q(respondents, option__isnull=False, question__code__in=questions)
            | Q(question__code=trygghetsmatning.UNSAFE_PLACE, survey_id=rounds[0].pk) & ~Q(cell_y=0, cell_x=0),
            survey_id__in=[r.pk for r in rounds], answers__gt=0,
        ).order_by().annotate(round_pk=F("survey_id"), home=F("locality_id"), sex=F("gender"))
        count = Sum("answers")
    else:
        respondents = Q(response__locality=locality) if locality is not None else Q()
        rows = (
            Answer.objects.filter(
                Q(respondents, option__isnull=False, question__code__in=questions)
                | Q(question__code=trygghetsmatning.UNSAFE_PLACE, latitude__isnull=False, longitude__isnull=False,
                    response__survey_id=rounds[0].pk),
                response__survey__in=[r.pk for r in rounds], response__is_complete=True,
            )
            .order_by()
            .annotate(**grid_cell("latitude", "longitude"))  # a marked place's cell (null for the other answers)
            .annotate(round_pk=F("response__survey_id"), home=F("response__locality_id"), sex=F("response__gender"))
        )
        count = Count("pk")
    rows = rows.annotate(
        home_locality=Case(When(evening, then=F("home")), default=None, output_field=IntegerField()),
        respondent_gender=Case(When(evening, then=F("sex")), default=Value(""), output_field=CharField()),
        place_y=Case(When(place, then=F("cell_y")), default=None, output_field=IntegerField()),
        place_x=Case(When(place, then=F("cell_x")), default=None, output_field=IntegerField()),
    )
    return rows.values("round_pk", "question__code", "item__code", "item__label", "option__code", "option__value",
                       "home_locality", "respondent_gender", "place_y", "place_x").annotate(n=count)


def perception(*, public, localities, until, today, locality=None):
    """Share unsafe outdoors late in the evening per locality and per gender (latest round and the one
    before), the ranking of local problems, and the places marked as unsafe per 250 m cell.

    `localities`: every Locality (names, and centres for the places' nearest locality); `until`: the
    last day of the picture's period; `locality`: only this locality (see the module docstring).
    Two queries; None when there is no round by then.
    """
    rounds = latest_rounds(public, until, today)
    if not rounds:
        return None
    rows = answer_rows(rounds, locality)
    unsafe_codes = {*trygghetsmatning.UNSAFE_OPTIONS, trygghetsmatning.NEVER_OUT_OPTION}
    answered, unsafe = defaultdict(int), defaultdict(int)  # (survey, locality) → answers
    by_gender, unsafe_by_gender = defaultdict(int), defaultdict(int)  # (survey, gender) → answers
    rated, big, labels = defaultdict(int), defaultdict(int), {}  # item → answers (latest round)
    marked = defaultdict(int)  # (cell y, cell x) → places marked as unsafe (latest round)
    for row in rows:
        survey, where, n = row["round_pk"], row["home_locality"] or None, row["n"]  # aggregates: 0, no locality
        gender = row["respondent_gender"] if row["respondent_gender"] in GENDERS else ""
        if row["question__code"] == trygghetsmatning.SAFETY_EVENING:
            answered[survey, where] += n
            by_gender[survey, gender] += n
            if row["option__code"] in unsafe_codes:
                unsafe[survey, where] += n
                unsafe_by_gender[survey, gender] += n
        elif row["question__code"] == trygghetsmatning.UNSAFE_PLACE:
            marked[row["place_y"], row["place_x"]] += n
        elif survey == rounds[0].pk and row["option__value"] is not None:
            labels[row["item__code"]] = row["item__label"]
            rated[row["item__code"]] += n
            if row["option__code"] in trygghetsmatning.BIG_PROBLEM_OPTIONS:
                big[row["item__code"]] += n

    def shares(survey, answered=answered, unsafe=unsafe):
        sizes = {loc: n for (s, loc), n in answered.items() if s == survey.pk}
        total = sum(sizes.values())
        hidden = set(sizes) if total < MIN_GROUP_SIZE else suppressed_groups(sizes)
        per_group = {loc: (None if loc in hidden else percent(unsafe[survey.pk, loc], n)) for loc, n in sizes.items()}
        overall = percent(sum(unsafe[survey.pk, loc] for loc in sizes), total) if total >= MIN_GROUP_SIZE else None
        return per_group, overall, sizes

    names = {loc.pk: loc.name for loc in localities}
    latest, latest_total, sizes = shares(rounds[0])
    previous, previous_total = ({}, None) if len(rounds) < 2 else shares(rounds[1])[:2]
    shown_localities = sorted((loc for loc in sizes if loc is not None), key=lambda loc: names.get(loc, ""))
    gender_latest, _total, gender_sizes = shares(rounds[0], by_gender, unsafe_by_gender)
    gender_previous = {} if len(rounds) < 2 else shares(rounds[1], by_gender, unsafe_by_gender)[0]
    return {
        "round": rounds[0].label,
        "round_opens": timezone.localdate(rounds[0].opens_at).isoformat(),
        "round_closes": timezone.localdate(rounds[0].closes_at).isoformat(),
        "previous_round": rounds[1].label if len(rounds) > 1 else "",
        "previous_round_opens": timezone.localdate(rounds[1].opens_at).isoformat() if len(rounds) > 1 else "",
        "round_note": round_note(rounds),
        "locality": locality.name if locality is not None else None,
        "minimum": MIN_GROUP_SIZE,
        "unsafe_total": _rounded(latest_total),
        "unsafe_total_before": _rounded(previous_total),
        "unsafe": [
            {"locality": names.get(loc, ""), "respondents": sizes[loc], "share": _rounded(latest[loc]),
             "share_before": _rounded(previous.get(loc)), "too_few": latest[loc] is None,
             "change": _rounded(latest[loc] - previous[loc]) if latest[loc] is not None
             and previous.get(loc) is not None else None}
            for loc in shown_localities
        ],
        "by_gender": [
            {"gender": code, "label": str(label),
             "respondents": gender_sizes[code] if gender_latest[code] is not None else None,
             "share": _rounded(gender_latest[code]), "share_before": _rounded(gender_previous.get(code)),
             "too_few": gender_latest[code] is None}
            for code, label in GENDERS.items() if code in gender_sizes
        ],
        "problems": sorted(
            (
                {"item": labels[code], "respondents": n, "share": _rounded(percent(big[code], n))}
                for code, n in rated.items() if n >= MIN_GROUP_SIZE
            ),
            key=lambda row: (-row["share"], row["item"]),
        ),
        "unsafe_places": unsafe_places(marked, public, localities, locality),
    }


def round_note(rounds):
    """"no_previous" without an earlier round to compare with, "gap" when one seems missing between, else ""."""
    if len(rounds) < 2:
        return "no_previous"
    if (rounds[0].opens_at - rounds[1].opens_at).days > ROUND_GAP_DAYS:
        return "gap"
    return ""


def unsafe_places(marked, public, localities, locality=None):
    """The cells where residents marked a place as unsafe, most marks first, named by their nearest locality.

    `locality`: only the cells nearest it. Public: only cells with at least MIN_CELL_POINTS marks, and
    no total when a cell is left out (the total less the shown cells would give the small ones away).
    """
    cells = []
    for (y, x), n in marked.items():
        centre = cell_centre(y, x)
        nearest = nearest_locality(centre["latitude"], centre["longitude"], localities)
        if locality is not None and nearest != locality:
            continue
        cells.append({"y": y, "x": x, "count": n, **centre, "locality": nearest.name if nearest else ""})
    total = sum(cell["count"] for cell in cells)
    if public and any(cell["count"] < MIN_CELL_POINTS for cell in cells):
        cells, total = [cell for cell in cells if cell["count"] >= MIN_CELL_POINTS], None
    cells.sort(key=lambda cell: (-cell["count"], cell["y"], cell["x"]))
    return {"total": total, "top": cells[:TOP_PLACES]}


def _rounded(value):
    return None if value is None else round(value, 1)
