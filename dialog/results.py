"""Survey results: counts, shares, breakdowns, trends and the trygghetsindex.

Everything is counted in the database (grouped COUNT over Answer, only of
complete responses), so the number of queries depends on the survey's
questions, never on the number of answers.

Shares are shares of *respondents*: the denominator is the number of complete
responses that answered the question (for a matrix: the item). "Vet ej" and
other options without a value are counted as their own row and are part of
the denominator. A multiple-choice question is counted per option, never per
combination, so its shares may add up to more than 100 %.

Small groups: a group with fewer than MIN_GROUP_SIZE answers is never broken
down ("för få svar"). When only one small group would be hidden, its answers
could be worked out from the total, so further groups are hidden, smallest
first, until the hidden groups together have at least MIN_GROUP_SIZE answers.
A question that fewer than MIN_GROUP_SIZE answered shows no shares at all.
Public results give a number question's mean and median, never its lowest and
highest answer: each of those is one respondent's answer.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Min
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dialog import trygghetsmatning
from dialog.models import MIN_GROUP_SIZE, Answer, Question, QuestionType, Response
from incidents.models import Locality
from trygg.localized import localized

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE)
CHARTED_TYPES = (*CHOICE_TYPES, QuestionType.MATRIX, QuestionType.LOCALITY)
# Answers that may hold personal data: never on a public page, never in shares.
PRIVATE_TYPES = (QuestionType.TEXT, QuestionType.MAP_POINT)

LOCALITY, AGE_BAND, GENDER = "locality", "age_band", "gender"
DIMENSIONS = {
    LOCALITY: _("Locality"),
    AGE_BAND: _("Age band"),
    GENDER: _("Gender"),
}
NOT_STATED = _("Not stated")


def percent(count, total):
    return 100 * count / total if total else None


def suppressed_groups(sizes, minimum=MIN_GROUP_SIZE):
    """The keys of `sizes` (group → number of answers) that must not be shown.

    Every group with 1 to minimum-1 answers is hidden; then, while the hidden
    groups together have fewer than `minimum` answers, the smallest shown group
    is hidden too, so no hidden group can be worked out from the total.
    """
    hidden = {key for key, size in sizes.items() if 0 < size < minimum}
    shown = sorted((size, str(key), key) for key, size in sizes.items() if size >= minimum)
    while hidden and sum(sizes[key] for key in hidden) < minimum and shown:
        hidden.add(shown.pop(0)[2])
    return hidden


# --- What the pages show -------------------------------------------------------


@dataclass
class OptionRow:
    code: str
    label: str
    count: int
    share: float | None
    has_value: bool = True
    previous_share: float | None = None

    @property
    def change(self):
        """The change since the previous round, in percentage points."""
        if self.share is None or self.previous_share is None:
            return None
        return self.share - self.previous_share


@dataclass
class ItemResult:
    code: str
    label: str
    respondents: int
    rows: list
    mean: float | None = None

    @property
    def too_few(self):
        return self.respondents < MIN_GROUP_SIZE


@dataclass
class BreakdownRow:
    label: str
    respondents: int
    shares: list | None  # None: too few answers to show

    @property
    def too_few(self):
        return self.shares is None


@dataclass
class Breakdown:
    dimension: str
    title: str
    columns: list
    rows: list


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    rows: list = field(default_factory=list)
    items: list = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    breakdowns: list = field(default_factory=list)
    previous_respondents: int | None = None

    @property
    def type(self):
        return self.question.type

    @property
    def too_few(self):
        return self.respondents < MIN_GROUP_SIZE

    @property
    def has_chart(self):
        return self.question.type in CHARTED_TYPES and not self.too_few

    @property
    def value_note(self):
        """What the mean of a scale is computed from, said explicitly."""
        return any(not row.has_value for row in self.rows) or any(
            not row.has_value for item in self.items for row in item.rows
        )


@dataclass
class IndexRow:
    label: str
    respondents: int
    unsafe_share: float | None = None
    problem_share: float | None = None
    index: float | None = None
    too_few: bool = False
    previous_index: float | None = None
    locality_id: int | None = None

    @property
    def change(self):
        if self.index is None or self.previous_index is None:
            return None
        return self.index - self.previous_index


@dataclass
class TrygghetsIndex:
    total: IndexRow
    rows: list


@dataclass
class SurveyResults:
    survey: object
    respondents: int
    questions: list
    index: TrygghetsIndex | None = None
    previous: object = None
    previous_respondents: int | None = None

    def question(self, code):
        return next((result for result in self.questions if result.question.code == code), None)


# --- Counting ------------------------------------------------------------------------

BACKGROUND_FIELDS = {LOCALITY: "response__locality_id", AGE_BAND: "response__age_band", GENDER: "response__gender"}
CACHE_SECONDS = 600


def complete_answers(question_ids):
    return Answer.objects.filter(question_id__in=question_ids, response__is_complete=True).order_by()


class Cube:
    """Answers counted once in the database, grouped by question, item, option and background.

    `cells`: (question, item, option, locality, age band, gender) → answers;
    `people`: (question, locality, age band, gender) → respondents (distinct
    responses). Each response has one background, so respondents of a group
    are the sum of its cells. Everything on the pages is summed from these two
    queries.
    """

    def __init__(self, question_ids):
        background = list(BACKGROUND_FIELDS.values())
        answers = complete_answers(question_ids)
        self.cells = [
            (row["question_id"], row["item_id"], row["option_id"], *(row[f] for f in background), row["n"])
            for row in answers.filter(option__isnull=False)
            .values("question_id", "item_id", "option_id", *background).annotate(n=Count("pk"))
        ]
        self.people = [
            (row["question_id"], *(row[f] for f in background), row["n"])
            for row in answers.values("question_id", *background).annotate(n=Count("response_id", distinct=True))
        ]

    def counts(self, key):
        """Answers summed by key(question, item, option, locality, age band, gender)."""
        totals = defaultdict(int)
        for *cell, n in self.cells:
            totals[key(*cell)] += n
        return totals

    def respondents(self, key):
        totals = defaultdict(int)
        for *cell, n in self.people:
            totals[key(*cell)] += n
        return totals


def survey_results(survey, *, public=False):
    """The results of a survey, with trend and trygghetsindex; cached until a response comes in.

    `public`: without free text and map points, compared only with a previous
    round whose results are public too.
    """
    previous = survey.previous_round()
    if previous and public and not previous.results_published:
        previous = None
    key = cache_key(survey, previous, public)
    results = cache.get(key)
    if results is None:
        results = count_results(survey, public=public)
        if previous:
            earlier = count_results(previous, question_codes={r.question.code for r in results.questions},
                                    breakdowns=False, public=public)
            add_trend(results, earlier)
        cache.set(key, results, CACHE_SECONDS)
    return results


def cache_key(survey, previous, public):
    """Changes whenever a response is completed in the survey or the previous round; one per language (labels)."""
    parts = []
    for round_ in (survey, previous):
        if round_ is None:
            continue
        state = Response.objects.filter(survey=round_, is_complete=True).aggregate(n=Count("pk"), last=Max("pk"))
        parts.append(f"{round_.pk}-{state['n']}-{state['last']}")
    return f"dialog-results:v2:{get_language()}:{int(public)}:{':'.join(parts)}"


def count_results(survey, *, question_codes=None, breakdowns=True, public=False):
    questions = survey.questions.prefetch_related("options", "items").order_by("page__order", "order", "pk")
    if question_codes is not None:
        questions = questions.filter(code__in=question_codes)
    if public:
        questions = questions.exclude(type__in=PRIVATE_TYPES)
    questions = list(questions)
    cube = Cube([q.pk for q in questions])
    respondents = cube.respondents(lambda question, *background: question)
    option_counts = cube.counts(lambda question, item, option, *background: (question, item, option))
    locality_counts = locality_statistics([q for q in questions if q.type == QuestionType.LOCALITY])
    numbers = number_statistics([q for q in questions if q.type == QuestionType.NUMBER], public=public)

    results = []
    for q in questions:
        result = QuestionResult(question=q, respondents=respondents.get(q.pk, 0))
        options = list(q.options.all())
        if q.type in CHOICE_TYPES:
            result.rows = option_rows(options, option_counts, q.pk, None, result.respondents)
            if q.type == QuestionType.SCALE:
                result.mean = mean_value(options, option_counts, q.pk, None)
        elif q.type == QuestionType.MATRIX:
            for item in q.items.all():
                n = sum(option_counts.get((q.pk, item.pk, option.pk), 0) for option in options)
                result.items.append(ItemResult(
                    code=item.code, label=localized(item, "label"), respondents=n,
                    rows=option_rows(options, option_counts, q.pk, item.pk, n),
                    mean=mean_value(options, option_counts, q.pk, item.pk),
                ))
        elif q.type == QuestionType.LOCALITY:
            result.rows = [
                OptionRow(code=name, label=name, count=n, share=percent(n, result.respondents))
                for name, n in locality_counts.get(q.pk, {}).items()
            ]
        elif q.type == QuestionType.NUMBER:
            for name, value in numbers.get(q.pk, {}).items():
                setattr(result, name, value)
        results.append(result)

    survey_results_ = SurveyResults(
        survey=survey,
        respondents=Response.objects.filter(survey=survey, is_complete=True).count(),
        questions=results,
        index=trygghetsindex(questions, cube),
    )
    if breakdowns:
        add_breakdowns(survey_results_, questions, cube)
    return survey_results_


def option_rows(options, counts, question_id, item_id, respondents):
    rows = []
    for option in options:
        n = counts.get((question_id, item_id, option.pk), 0)
        rows.append(OptionRow(code=option.code, label=localized(option, "label"), count=n, share=percent(n, respondents),
                              has_value=option.value is not None))
    return rows


def mean_value(options, counts, question_id, item_id):
    """The mean of the options' values (scales, matrices); options without a value are left out."""
    valued = [(option.value, counts.get((question_id, item_id, option.pk), 0)) for option in options
              if option.value is not None]
    n = sum(count for _value, count in valued)
    if not n:
        return None
    return sum(value * count for value, count in valued) / n


def locality_statistics(questions):
    counts = defaultdict(dict)
    if questions:
        for row in (
            complete_answers([q.pk for q in questions]).filter(locality__isnull=False)
            .values("question_id", "locality__name").annotate(n=Count("pk")).order_by("locality__name")
        ):
            counts[row["question_id"]][row["locality__name"]] = row["n"]
    return counts


def number_statistics(questions, public=False):
    """Mean, median, lowest and highest of number questions: one more query each for the median.

    The lowest and highest are single answers ("ten break-ins this year" may
    point at one household), so public results never carry them.
    """
    if not questions:
        return {}
    answers = complete_answers([q.pk for q in questions]).filter(number__isnull=False)
    stats = {
        row["question_id"]: {"mean": row["mean"], "minimum": row["minimum"], "maximum": row["maximum"], "n": row["n"]}
        for row in answers.values("question_id").annotate(
            mean=Avg("number"), minimum=Min("number"), maximum=Max("number"), n=Count("pk")
        )
    }
    for question_id, values in stats.items():
        n = values.pop("n")
        middle = list(
            answers.filter(question_id=question_id).order_by("number").values_list("number", flat=True)[
                (n - 1) // 2: n // 2 + 1
            ]
        )
        values["median"] = float(statistics.mean(middle))
        values["mean"] = float(values["mean"])
        if public:
            del values["minimum"], values["maximum"]
    return stats


# --- Breakdowns ------------------------------------------------------------------


def dimensions_of(questions):
    """The background questions the survey has, by dimension."""
    by_code = {q.code: q for q in questions}
    found = {}
    locality = next((q for q in questions if q.type == QuestionType.LOCALITY), None)
    if locality:
        found[LOCALITY] = locality
    for dimension in (AGE_BAND, GENDER):
        question = by_code.get(trygghetsmatning.BACKGROUND[dimension])
        if question:
            found[dimension] = question
    return found


def group_labels(dimension, question, values):
    """Labels for the stored values of a background field, in the question's order."""
    if dimension == LOCALITY:
        names = dict(Locality.objects.filter(pk__in=[v for v in values if v]).values_list("pk", "name"))
        ordered = sorted((v for v in values if v), key=lambda v: names.get(v, ""))
        labels = {v: names.get(v, str(v)) for v in ordered}
    else:
        labels = {}
        for option in question.options.all():
            for value in values:
                if value in (option.code, option.label):
                    labels[value] = localized(option, "label")
        labels.update({v: str(v) for v in values if v and v not in labels})
    if None in values or "" in values:
        labels[next(v for v in (None, "") if v in values)] = NOT_STATED
    return labels


def add_breakdowns(results, questions, cube):
    """For each single, multiple and scale question: shares per locality, age band and gender."""
    dimensions = dimensions_of(questions)
    background_ids = {q.pk for q in dimensions.values()}
    broken_down = [r for r in results.questions if r.type in CHOICE_TYPES and r.question.pk not in background_ids]
    for position, (dimension, background) in enumerate(BACKGROUND_FIELDS.items()):
        if dimension not in dimensions:
            continue
        sizes = cube.respondents(lambda question, *bg: (question, bg[position]))
        counts = cube.counts(lambda question, item, option, *bg: (question, bg[position], option))
        labels = group_labels(dimension, dimensions[dimension], {value for _q, value in sizes})
        for result in broken_down:
            q = result.question
            group_sizes = {value: n for (question, value), n in sizes.items() if question == q.pk}
            hidden = set(group_sizes) if result.too_few else suppressed_groups(group_sizes)
            rows = []
            for value, label in labels.items():
                n = group_sizes.get(value, 0)
                if not n:
                    continue
                shares = None
                if value not in hidden:
                    shares = [percent(counts.get((q.pk, value, option.pk), 0), n) for option in q.options.all()]
                rows.append(BreakdownRow(label=label, respondents=n, shares=shares))
            result.breakdowns.append(Breakdown(
                dimension=dimension, title=DIMENSIONS[dimension],
                columns=[localized(option, "label") for option in q.options.all()], rows=rows,
            ))


# --- Trend ------------------------------------------------------------------------------


def add_trend(results, earlier):
    """Put the previous round's shares beside this round's, matched by question, item and option code."""
    results.previous = earlier.survey
    results.previous_respondents = earlier.respondents
    by_code = {r.question.code: r for r in earlier.questions}
    for result in results.questions:
        before = by_code.get(result.question.code)
        if before is None or before.question.type != result.question.type:
            continue
        result.previous_respondents = before.respondents
        if before.too_few:
            continue
        match_rows(result.rows, before.rows)
        items = {item.code: item for item in before.items}
        for item in result.items:
            if item.code in items and not items[item.code].too_few:
                match_rows(item.rows, items[item.code].rows)
    if results.index and earlier.index:
        if not earlier.index.total.too_few:
            results.index.total.previous_index = earlier.index.total.index
        previous = {row.locality_id: row for row in earlier.index.rows if not row.too_few}
        for row in results.index.rows:
            if row.locality_id is not None and row.locality_id in previous:
                row.previous_index = previous[row.locality_id].index


def match_rows(rows, before_rows):
    shares = {row.code: row.share for row in before_rows}
    for row in rows:
        row.previous_share = shares.get(row.code)


# --- Trygghetsindex ------------------------------------------------------------------------


def trygghetsindex(questions, cube):
    """The trygghetsindex of the whole municipality and of each locality, 0–100 (higher is safer).

    index = 100 × (1 − (U + P) / 2), where
      U = the share who would feel unsafe outdoors alone late in the evening: answers
          "Ganska otrygg", "Mycket otrygg" or "Går aldrig ut ensam" to trygg-kvall, of all
          who answered that question;
      P = the mean, over the items of the problem matrix, of the share who call the item a
          big problem ("Ganska stort" or "Mycket stort problem"), of those who answered the
          item with a rating ("Vet ej" left out). Items nobody rated are left out.
    If one part has no answers, the index is 100 × (1 − the other part). A locality where
    fewer than MIN_GROUP_SIZE answered the safety question shows "för få svar" (and so
    does the next smallest, if needed, as for every breakdown).
    """
    by_code = {q.code: q for q in questions}
    safety = by_code.get(trygghetsmatning.SAFETY_EVENING)
    problems = by_code.get(trygghetsmatning.LOCAL_PROBLEMS)
    if safety is None or problems is None:
        return None
    unsafe_codes = {*trygghetsmatning.UNSAFE_OPTIONS, trygghetsmatning.NEVER_OUT_OPTION}
    unsafe_options = {option.pk for option in safety.options.all() if option.code in unsafe_codes}
    rated_options = {option.pk for option in problems.options.all() if option.value is not None}
    big_options = {option.pk for option in problems.options.all()
                   if option.code in trygghetsmatning.BIG_PROBLEM_OPTIONS}

    safety_answered, safety_unsafe = defaultdict(int), defaultdict(int)
    rated, big = defaultdict(int), defaultdict(int)  # (locality, item) → answers
    for question, item, option, locality, _age, _gender, n in cube.cells:
        if question == safety.pk:
            safety_answered[locality] += n
            if option in unsafe_options:
                safety_unsafe[locality] += n
        elif question == problems.pk and option in rated_options:
            rated[locality, item] += n
            if option in big_options:
                big[locality, item] += n

    items = [item.pk for item in problems.items.all()]

    def index_row(label, localities, locality_id=None):
        answered = sum(safety_answered[loc] for loc in localities)
        unsafe = percent(sum(safety_unsafe[loc] for loc in localities), answered)
        item_shares = []
        for item in items:
            n = sum(rated[loc, item] for loc in localities)
            if n:
                item_shares.append(100 * sum(big[loc, item] for loc in localities) / n)
        problem = statistics.mean(item_shares) if item_shares else None
        parts = [part for part in (unsafe, problem) if part is not None]
        index = 100 - statistics.mean(parts) if parts else None
        return IndexRow(label=label, respondents=answered, unsafe_share=unsafe, problem_share=problem,
                        index=index, locality_id=locality_id)

    everywhere = set(safety_answered) | {loc for loc, _item in rated}
    total = index_row(_("Whole municipality"), everywhere)
    if total.respondents < MIN_GROUP_SIZE:
        total = IndexRow(label=total.label, respondents=total.respondents, too_few=True)
    sizes = {loc: safety_answered[loc] for loc in everywhere}
    hidden = set(sizes) if total.too_few else suppressed_groups(sizes)
    rows = []
    for locality, label in group_labels(LOCALITY, None, everywhere).items():
        if locality in hidden or not sizes[locality]:
            rows.append(IndexRow(label=label, respondents=sizes[locality], too_few=True, locality_id=locality))
        else:
            rows.append(index_row(label, {locality}, locality))
    return TrygghetsIndex(total=total, rows=rows)
