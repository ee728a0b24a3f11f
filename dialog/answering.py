"""Answering a survey: its pages and conditions, the draft kept in the session, and storing a response.

Nothing is stored before the final submit. Then one transaction writes one
complete Response with its Answer rows and, for a personal invitation, marks
the invitation used. The Response never points to the invitation: that is what
keeps staff answers anonymous.

Ballot-stuffing protection must not cost real answers (AnswerLimit): a public
answer is counted per survey against the device it comes from first (a random
id in a signed cookie, set when the survey is opened), and only then against
the address, with a ceiling high enough for a household, a school or a mobile
operator's shared address. A device that has already answered the survey is
what gets limited. Answers through an invitation are limited by the invitation
itself (one answer each) and never by the address. A limited answer is not
lost: the draft stays in the session and can be sent again later.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from dialog import trygghetsmatning
from incidents.models import Locality
from dialog.models import Answer, Invitation, Question, QuestionType, Response, Survey
from trygg import ratelimit

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.SCALE)


class SurveyClosed(Exception):
    """The survey is not open for answers (any more)."""


class InvitationUsed(Exception):
    """The personal invitation link has already been used."""


def chosen_option_ids(answers):
    """Every option chosen in a draft's answers (single, scale, multiple and matrix)."""
    chosen = set()
    for value in answers.values():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            chosen.add(value)
        elif isinstance(value, list):
            chosen.update(v for v in value if isinstance(v, int))
        elif isinstance(value, dict) and "latitude" not in value:  # a matrix: item -> option
            chosen.update(v for v in value.values() if isinstance(v, int))
    return chosen


def is_answered(question, value):
    """A required question counts as answered when it has a value; a matrix needs every row."""
    if value in (None, "", [], {}):
        return False
    if question.type == QuestionType.MATRIX:
        return {str(item.pk) for item in question.items.all()} <= set(value)
    return True


def condition_met(question, chosen):
    return question.show_if_option_id is None or question.show_if_option_id in chosen


class SurveyFlow:
    """A survey's pages and questions in order, with the rules that decide what is shown."""

    def __init__(self, survey):
        self.survey = survey
        questions = Question.objects.select_related("show_if_option__question__page").prefetch_related(
            "options", "items"
        )
        self.pages = list(survey.pages.prefetch_related(Prefetch("questions", queryset=questions)))

    def page_questions(self, page, answers):
        """The questions to render on a page, given the answers so far.

        A follow-up whose trigger is on an earlier page is shown only when the
        trigger was chosen; one whose trigger is on the same page is always
        rendered (with a hint) and ignored on submit unless the trigger is chosen.
        """
        chosen = chosen_option_ids(answers)
        return [
            question for question in page.questions.all()
            if not self.depends_on_earlier_page(question) or condition_met(question, chosen)
        ]

    @staticmethod
    def depends_on_earlier_page(question):
        trigger = question.show_if_option
        return trigger is not None and (trigger.question.page.order, trigger.question.page_id) < (
            question.page.order, question.page_id
        )

    def visible_pages(self, answers):
        """Pages with at least one question to show; a page of unmet follow-ups is skipped."""
        return [page for page in self.pages if self.page_questions(page, answers)]

    def shown_questions(self, answers):
        """The questions that count for a complete response: conditions are judged on all answers."""
        chosen = chosen_option_ids(answers)
        return [
            question for page in self.pages for question in page.questions.all() if condition_met(question, chosen)
        ]

    def first_incomplete_page(self, answers):
        """The number (1-based, among visible pages) of the first page with an unanswered required question."""
        missing = {
            question.pk for question in self.shown_questions(answers)
            if question.required and not is_answered(question, answers.get(str(question.pk)))
        }
        for number, page in enumerate(self.visible_pages(answers), start=1):
            if any(question.pk in missing for question in page.questions.all()):
                return number
        return None

    def build_answers(self, answers):
        """Unsaved Answer rows and the background fields for a Response, from a draft's answers."""
        rows = []
        background = {"locality": None, "age_band": "", "gender": ""}
        background_codes = {code: field for field, code in trygghetsmatning.BACKGROUND.items() if field != "locality"}
        for question in self.shown_questions(answers):
            value = answers.get(str(question.pk))
            if value in (None, "", [], {}):
                continue
            options = {option.pk: option for option in question.options.all()}
            new = _answer_rows(question, value, options)
            rows.extend(new)
            if question.type == QuestionType.LOCALITY and background["locality"] is None and new:
                background["locality"] = new[0].locality
            if question.code in background_codes and question.type in CHOICE_TYPES and new:
                background[background_codes[question.code]] = new[0].option.code
        return rows, background


def _answer_rows(question, value, options):
    if question.type in CHOICE_TYPES:
        return [Answer(question=question, option=options[value])] if value in options else []
    if question.type == QuestionType.MULTIPLE:
        return [Answer(question=question, option=options[pk]) for pk in value if pk in options]
    if question.type == QuestionType.MATRIX:
        items = {item.pk: item for item in question.items.all()}
        return [
            Answer(question=question, item=items[int(item_pk)], option=options[option_pk])
            for item_pk, option_pk in value.items()
            if int(item_pk) in items and option_pk in options
        ]
    if question.type == QuestionType.TEXT:
        return [Answer(question=question, text=value)]
    if question.type == QuestionType.NUMBER:
        return [Answer(question=question, number=Decimal(value))]
    if question.type == QuestionType.LOCALITY:
        locality = Locality.objects.filter(pk=value).first()
        return [Answer(question=question, locality=locality)] if locality else []
    if question.type == QuestionType.MAP_POINT:
        locality = Locality.objects.filter(pk=value["locality"]).first() if value.get("locality") else None
        latitude = Decimal(value["latitude"]) if value.get("latitude") else None
        longitude = Decimal(value["longitude"]) if value.get("longitude") else None
        return [Answer(question=question, latitude=latitude, longitude=longitude, locality=locality,
                       text=value.get("place", ""))]
    return []


class Draft:
    """The answers given so far, kept in the session under one key per survey (and channel)."""

    def __init__(self, session, key):
        self.session = session
        self.key = key

    @property
    def answers(self):
        return dict(self.session.get(self.key, {}))

    def update(self, questions, new_answers):
        """Replace the answers to these questions (an emptied answer is removed)."""
        answers = self.answers
        for question in questions:
            answers.pop(str(question.pk), None)
        answers.update(new_answers)
        self.session[self.key] = answers

    def clear(self):
        self.session.pop(self.key, None)


def used_at_now():
    """When an invitation is marked used: only the day, so it cannot be matched to a response's time."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def store_response(flow, answers, *, channel, invitation=None):
    """Store one complete response; for an invitation, mark it used in the same transaction.

    Raises SurveyClosed or InvitationUsed and then stores nothing.
    """
    rows, background = flow.build_answers(answers)
    with transaction.atomic():
        if invitation is not None:
            # Lock the row (PostgreSQL) and mark it used only if it is still unused: of two
            # simultaneous submits exactly one updates the row; the other stores nothing.
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            marked = Invitation.objects.filter(pk=locked.pk, used_at__isnull=True).update(used_at=used_at_now())
            if not marked:
                raise InvitationUsed
        if not Survey.objects.open().filter(pk=flow.survey.pk).exists():
            raise SurveyClosed
        response = Response.objects.create(survey=flow.survey, channel=channel, is_complete=True, **background)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


DEFAULT_DEVICE_LIMITS = [(1, 86400)]
DEFAULT_ADDRESS_LIMITS = [(60, 3600), (300, 86400)]


@dataclass
class AnswerLimit:
    """The repeat limits of one public answer to one survey: the device first, then the address."""

    survey: Survey
    device: str | None  # the id from the signed device cookie, None without one
    address: str  # trygg.ratelimit.client_key

    @property
    def device_key(self):
        return hashlib.sha256(f"{settings.SECRET_KEY}:{self.device}".encode()).hexdigest()[:32]

    def wait(self):
        """Seconds to wait before this answer can be stored (and it is then counted for the address), else 0.

        A device that has answered as often as settings.RATE_LIMITS["survey_device"] allows is limited
        without counting the address; a device that has not is counted only against the address ceiling.
        """
        if self.device is not None:
            limits = settings.RATE_LIMITS.get("survey_device", DEFAULT_DEVICE_LIMITS)
            if wait := ratelimit.full(f"survey-device:{self.survey.pk}", self.device_key, limits):
                return wait
        limits = settings.RATE_LIMITS.get("survey", DEFAULT_ADDRESS_LIMITS)
        return ratelimit.hit(f"survey:{self.survey.pk}", self.address, limits)

    def stored(self):
        """Count the stored answer for the device (only stored answers count, so a limited one can be sent later)."""
        if self.device is not None:
            limits = settings.RATE_LIMITS.get("survey_device", DEFAULT_DEVICE_LIMITS)
            ratelimit.hit(f"survey-device:{self.survey.pk}", self.device_key, limits)
