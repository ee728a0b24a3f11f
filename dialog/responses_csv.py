"""The coordinators' CSV of a survey's answers: one row per complete response.

Columns are the question codes (a matrix gives one column per item,
"code:item"; a map point two, "code:lat" and "code:lon"); several choices are
joined by "|". Background answers (locality, age band, gender) of a group with
fewer than MIN_GROUP_SIZE answers read "för få svar", like on the results
pages. Free text only for those who may read it. UTF-8 with a byte-order mark
and semicolons, for Swedish Excel; cells that a spreadsheet would run as a
formula are neutralised.
"""

import csv
from collections import defaultdict

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from dialog import trygghetsmatning
from dialog.models import Answer, QuestionType, Response
from dialog.results import suppressed_groups
from incidents.models import Locality
from incidents.views.exports import Echo, decimal_comma, safe_cell

CHUNK_SIZE = 2000


def columns_of(questions):
    """(question, item or None, part) for each column, in the survey's order, and the header."""
    columns, header = [], []
    for question in questions:
        if question.type == QuestionType.MATRIX:
            for item in question.items.all():
                columns.append((question.pk, item.pk, ""))
                header.append(f"{question.code}:{item.code}")
        elif question.type == QuestionType.MAP_POINT:
            for part in ("lat", "lon"):
                columns.append((question.pk, None, part))
                header.append(f"{question.code}:{part}")
        else:
            columns.append((question.pk, None, ""))
            header.append(question.code)
    return columns, header


def hidden_background(questions):
    """Option ids and locality ids of background groups too small to show."""
    background_codes = {trygghetsmatning.AGE_BAND, trygghetsmatning.GENDER}
    complete = Answer.objects.filter(response__is_complete=True).order_by()
    hidden_options, hidden_localities = set(), set()
    for question in questions:
        if question.code in background_codes and question.type == QuestionType.SINGLE:
            sizes = dict(complete.filter(question=question, option__isnull=False).values_list("option_id").annotate(
                n=Count("pk")))
            hidden_options |= suppressed_groups(sizes)
        elif question.type == QuestionType.LOCALITY:
            sizes = dict(complete.filter(question=question, locality__isnull=False).values_list(
                "locality_id").annotate(n=Count("pk")))
            hidden_localities |= suppressed_groups(sizes)
    return hidden_options, hidden_localities


def csv_lines(survey, *, with_text):
    questions = list(survey.questions.prefetch_related("options", "items").order_by("page__order", "order", "pk"))
    if not with_text:
        questions = [q for q in questions if q.type != QuestionType.TEXT]
    columns, header = columns_of(questions)
    labels = {option.pk: option.label for q in questions for option in q.options.all()}
    localities = dict(Locality.objects.values_list("pk", "name"))
    hidden_options, hidden_localities = hidden_background(questions)
    too_few = _("too few answers")
    question_ids = [q.pk for q in questions]
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")

    def value(answer):
        _response, _question, _item, option, number, text, locality, latitude, longitude = answer
        if option is not None:
            return too_few if option in hidden_options else labels[option]
        if locality is not None:
            return too_few if locality in hidden_localities else localities.get(locality, "")
        if number is not None:
            return decimal_comma(number)
        return text

    yield "\ufeff" + writer.writerow([_("Response"), *(safe_cell(code) for code in header)])
    number, last = 0, 0
    while True:
        ids = list(
            Response.objects.filter(survey=survey, is_complete=True, pk__gt=last).order_by("pk")
            .values_list("pk", flat=True)[:CHUNK_SIZE]
        )
        if not ids:
            return
        cells = defaultdict(lambda: defaultdict(list))
        for answer in (
            Answer.objects.filter(response_id__in=ids, question_id__in=question_ids)
            .order_by("response_id", "option__order", "pk")
            .values_list("response_id", "question_id", "item_id", "option_id", "number", "text", "locality_id",
                         "latitude", "longitude")
        ):
            response, question, item = answer[:3]
            if answer[7] is not None:
                cells[response][(question, item, "lat")].append(decimal_comma(answer[7]))
                cells[response][(question, item, "lon")].append(decimal_comma(answer[8]))
            else:
                cells[response][(question, item, "")].append(value(answer))
        for response in ids:
            number += 1
            row = cells.get(response, {})
            yield writer.writerow([number, *(safe_cell("|".join(row.get(column, []))) for column in columns)])
        last = ids[-1]


def language_lines(survey, *, with_text, language):
    with translation.override(language):
        yield from csv_lines(survey, with_text=with_text)
