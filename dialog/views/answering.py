"""Residents and staff answer surveys: the list of open surveys, the page-by-page form,
personal invitation links, the thank-you page and the layer of places of perceived insecurity.
"""

import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dialog.answering import AnswerLimit, Draft, InvitationUsed, SurveyClosed, SurveyFlow, store_response
from dialog.forms.answering import InvitationCodeForm, initial_from_answers, page_form_class
from dialog.insecurity import MIN_CELL_POINTS, InsecurityFilterForm, insecurity_features, map_point_answers
from dialog.models import Audience, Channel, Invitation, QuestionType, Survey
from trygg.ratelimit import client_key, hit

PREVIEW_PARAM = "forhandsvisning"
PAGE_PARAM = "sida"
ANSWERED_COOKIE_SALT = "dialog.survey-answered"
DEFAULT_CODE_LIMITS = [(20, 3600)]
DEVICE_COOKIE = "enkat-enhet"
DEVICE_COOKIE_SALT = "dialog.survey-device"
DEVICE_COOKIE_SECONDS = 365 * 24 * 3600


def answered_cookie_name(survey):
    return f"enkat-{survey.pk}"


def has_answered(request, survey):
    """This browser already sent a complete answer to this public survey (a marker, not a proof)."""
    marker = request.get_signed_cookie(answered_cookie_name(survey), default=None, salt=ANSWERED_COOKIE_SALT)
    return marker == str(survey.pk)


def mark_answered(response, survey):
    seconds = max(int((survey.closes_at - timezone.now()).total_seconds()), 0) + 30 * 24 * 3600
    response.set_signed_cookie(
        answered_cookie_name(survey), str(survey.pk), salt=ANSWERED_COOKIE_SALT, max_age=seconds,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )


def device_id(request):
    """The random id this browser got when it opened a survey; None without one (or with a forged one)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_COOKIE_SALT)


def ensure_device(request, response):
    """Give a browser that opens a survey a random device id (a signed cookie), counted before its address."""
    if device_id(request) is None:
        response.set_signed_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(16), salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
        )
    return response


def unavailable(request, survey, reason, status):
    """A clear page instead of the form: closed, not open yet, already answered, preview finished."""
    return render(request, "dialog/survey_unavailable.html", {"survey": survey, "reason": reason}, status=status)


def closed_or_not_open(request, survey):
    now = timezone.now()
    if not survey.is_published or now < survey.opens_at:
        return unavailable(request, survey, "not_open", 403)
    if now >= survey.closes_at:
        return unavailable(request, survey, "closed", 410)
    return None


@dataclass
class Answering:
    """Who answers which survey, through which link."""

    survey: Survey
    channel: str
    url: str
    draft_key: str
    invitation: Invitation | None = None
    preview: bool = False

    def page_url(self, number):
        query = f"?{PAGE_PARAM}={number}"
        if self.preview:
            query += f"&{PREVIEW_PARAM}=1"
        return self.url + query


@login_not_required
@require_safe
def survey_index(request):
    surveys = Survey.objects.open().public().order_by("closes_at", "pk")
    published_results = Survey.objects.filter(results_published=True).order_by("-closes_at")
    return render(request, "dialog/survey_index.html", {"surveys": surveys, "published_results": published_results})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, pk):
    """A public survey, page by page. Staff who may change surveys preview drafts with ?forhandsvisning=1."""
    survey = get_object_or_404(Survey, pk=pk)
    preview = request.GET.get(PREVIEW_PARAM) == "1" and request.user.has_perm("dialog.change_survey")
    if not preview:
        if not survey.is_published or survey.audience == Audience.STAFF:
            raise Http404
        if refusal := closed_or_not_open(request, survey):
            return refusal
        if survey.invitation_only:
            return invitation_code(request, survey)
        if has_answered(request, survey):
            return unavailable(request, survey, "answered", 200)
    answering = Answering(
        survey=survey,
        channel=Channel.PUBLIC,
        url=reverse("dialog:answer", args=[survey.pk]),
        draft_key=f"dialog-survey:{survey.pk}:{'preview' if preview else 'public'}",
        preview=preview,
    )
    response = answer_pages(request, answering)
    return response if preview else ensure_device(request, response)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """A staff member's personal single-use link to a survey."""
    invitation = get_object_or_404(Invitation.objects.select_related("survey"), token=token)
    survey = invitation.survey
    if invitation.used_at is not None:
        return unavailable(request, survey, "invitation_used", 410)
    if refusal := closed_or_not_open(request, survey):
        return refusal
    answering = Answering(
        survey=survey,
        channel=Channel.INVITATION,
        url=reverse("dialog:invitation", args=[token]),
        draft_key=f"dialog-survey:{survey.pk}:invitation:{invitation.pk}",
        invitation=invitation,
    )
    return answer_pages(request, answering)


def invitation_code(request, survey):
    """A representative round is answered with the code from the letter: it leads to that code's invitation."""
    form = InvitationCodeForm(request.POST if request.method == "POST" else None, survey=survey)
    if form.is_valid():
        return redirect("dialog:invitation", token=form.cleaned_data["kod"])
    if form.is_bound:  # a wrong code: guessing is limited per address
        limits = settings.RATE_LIMITS.get("survey_code", DEFAULT_CODE_LIMITS)
        if wait := hit(f"survey-code:{survey.pk}", client_key(request), limits):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(wait)
            return response
    return render(request, "dialog/survey_code.html", {"survey": survey, "form": form})


def page_number(request, count):
    try:
        number = int(request.GET.get(PAGE_PARAM, 1))
    except (TypeError, ValueError):
        raise Http404(_("There is no such page in the survey.")) from None
    if not 1 <= number <= count:
        raise Http404(_("There is no such page in the survey."))
    return number


def answer_pages(request, answering):
    flow = SurveyFlow(answering.survey)
    draft = Draft(request.session, answering.draft_key)
    answers = draft.answers
    pages = flow.visible_pages(answers)
    if not pages:
        raise Http404(_("The survey has no questions yet."))
    number = page_number(request, len(pages))
    page = pages[number - 1]
    questions = flow.page_questions(page, answers)
    on_page = {str(question.pk) for question in questions}
    earlier = {pk: value for pk, value in answers.items() if pk not in on_page}
    form_class = page_form_class(questions)

    if request.method == "POST":
        form = form_class(request.POST, flow=flow, earlier_answers=earlier)
        valid = form.is_valid()
        if valid:
            draft.update(questions, form.answers)
        if request.POST.get("action") == "previous":
            return redirect(answering.page_url(max(number - 1, 1)))
        if valid:
            pages = flow.visible_pages(draft.answers)
            position = next((i for i, shown in enumerate(pages, start=1) if shown.pk == page.pk), number)
            if position >= len(pages):
                return submit(request, answering, flow, draft)
            return redirect(answering.page_url(position + 1))
    else:
        form = form_class(initial=initial_from_answers(questions, answers), flow=flow, earlier_answers=earlier)

    context = {
        "answering": answering,
        "survey": answering.survey,
        "page": page,
        "form": form,
        "number": number,
        "total": len(pages),
        "is_last": number == len(pages),
        "previous_url": answering.page_url(number - 1) if number > 1 else None,
        "has_map": any(question.type == QuestionType.MAP_POINT for question in questions),
    }
    return render(request, "dialog/survey_page.html", context)


def submit(request, answering, flow, draft):
    """The final submit: store everything at once, or nothing."""
    answers = draft.answers
    incomplete = flow.first_incomplete_page(answers)
    if incomplete is not None:
        messages.error(request, _("Some required questions are not answered yet. Answer them and send again."))
        return redirect(answering.page_url(incomplete))
    if answering.preview:
        draft.clear()
        return unavailable(request, answering.survey, "preview_done", 200)
    limit = None
    if answering.channel == Channel.PUBLIC:
        limit = AnswerLimit(answering.survey, device=device_id(request), address=client_key(request))
        if wait := limit.wait():
            return answers_kept(request, answering, flow, draft, wait)
    try:
        store_response(flow, answers, channel=answering.channel, invitation=answering.invitation)
    except SurveyClosed:
        draft.clear()
        return unavailable(request, answering.survey, "closed", 410)
    except InvitationUsed:
        draft.clear()
        return unavailable(request, answering.survey, "invitation_used", 410)
    draft.clear()
    response = redirect("dialog:thanks", pk=answering.survey.pk)
    if limit is not None:
        limit.stored()
        mark_answered(response, answering.survey)
    return response


def answers_kept(request, answering, flow, draft, wait):
    """A limited answer: the draft stays in the session; say so and when it can be sent again."""
    last = len(flow.visible_pages(draft.answers))
    context = {"survey": answering.survey, "last_page_url": answering.page_url(last), "minutes": -(-wait // 60)}
    if wait > 90 * 60:
        context["hours"] = -(-wait // 3600)
    response = render(request, "dialog/survey_limited.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


@login_not_required
@require_safe
def thanks(request, pk):
    survey = get_object_or_404(Survey, pk=pk, is_published=True)
    return render(request, "dialog/survey_thanks.html", {"survey": survey})


@login_not_required
@require_safe
def insecurity_geojson(request):
    """Places of perceived insecurity from survey map points, in 250 m cells; never mixed with reports.

    The public sees surveys whose results are published and only cells with at
    least three answers; staff who may see results see every survey and cell.
    """
    form = InsecurityFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            json.dumps({"error": form.error_text()}, ensure_ascii=False),
            content_type="application/json",
            status=400,
        )
    staff = request.user.has_perm("dialog.view_results")
    answers = map_point_answers(all_surveys=staff, survey_id=form.cleaned_data["enkat"])
    features = insecurity_features(answers, min_points=1 if staff else MIN_CELL_POINTS)
    response = HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        content_type="application/geo+json",
    )
    # Staff see more than the public: their answer must never sit in a shared cache.
    response["Cache-Control"] = "private, max-age=60" if staff else "public, max-age=60"
    return response
