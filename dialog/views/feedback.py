"""Feedback (Tyck till): the public form and list of answers, and the coordinators' queue.

Anyone may write; coordinators (dialog.handle_feedback) answer, tag, flag,
close and turn feedback into reports; the working group (dialog.view_feedback)
reads the queue without contact details.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dialog import actions
from dialog.feedback_forms import (
    AnsweredFilterForm,
    AnswerPrivatelyForm,
    AnswerPubliclyForm,
    FeedbackFilterForm,
    FeedbackForm,
    FeedbackToReportForm,
    ThemesForm,
)
from dialog.models import Feedback, FeedbackStatus
from incidents.submissions import browser_secret
from trygg.decorators import logged_on_post
from trygg.models import AuditEntry
from trygg.ratelimit import limited, too_many

PER_PAGE = 25
# The public answers are read on phones: ten long answers is already a long page.
PUBLIC_PER_PAGE = 10
DETAIL_TEMPLATE = "dialog/feedback_detail.html"


# --- Public ---


@login_not_required
def feedback_new(request):
    if request.method == "POST":
        # A double-click or a retried request of this browser goes to the thank-you page already made.
        browser = browser_secret(request)
        replay = FeedbackForm.earlier_submission(Feedback.objects, request.POST, browser)
        if replay:
            return redirect("dialog:feedback_thanks", submission_id=replay.submission_id)
        form = FeedbackForm(request.POST, browser=browser)
        if form.is_valid():
            if limited(request, "report"):
                return too_many(request)
            feedback, _created = actions.submit_feedback(**form.feedback_fields())
            return redirect("dialog:feedback_thanks", submission_id=feedback.submission_id)
    else:
        form = FeedbackForm(initial={"topic": request.GET.get("amne", "")})
    return render(request, "dialog/feedback_form.html", {"form": form})


@login_not_required
@require_safe
def feedback_thanks(request, submission_id):
    # Nothing of the message itself is shown: the address may be in a shared browser's history.
    get_object_or_404(Feedback, submission_id=submission_id)
    return render(request, "dialog/feedback_thanks.html")


@login_not_required
@require_safe
def answered(request):
    """Questions answered in public: the coordinator's version of the question, never the original text."""
    filter_form = AnsweredFilterForm(request.GET)
    answers = filter_form.filter(Feedback.objects.answered_publicly()).select_related("locality")
    page = Paginator(answers.order_by("-answered_at", "-pk"), PUBLIC_PER_PAGE).get_page(request.GET.get("sida"))
    topic = filter_form.values.get("amne")
    context = {"filter_form": filter_form, "page": page, "page_query": urlencode({"amne": topic}) if topic else ""}
    return render(request, "dialog/feedback_answered.html", context)


# --- Coordinators and the working group ---


@permission_required("dialog.view_feedback", raise_exception=True)
@require_safe
def feedback_queue(request):
    filter_form = FeedbackFilterForm(request.GET)
    feedback = (
        filter_form.filter(Feedback.objects.select_related("locality", "report").prefetch_related("themes"))
        .order_by(Case(When(status=FeedbackStatus.NEW, then=Value(0)), default=Value(1)), "-created_at", "-pk")
    )
    page = Paginator(feedback, PER_PAGE).get_page(request.GET.get("sida"))
    page_query = request.GET.copy()
    page_query.pop("sida", None)
    context = {"filter_form": filter_form, "page": page, "page_query": page_query.urlencode()}
    return render(request, "dialog/feedback_queue.html", context)


def _answer_publicly(feedback, data, by):
    actions.answer_publicly(feedback, data["public_question"], data["answer"], by=by)
    return _("The answer is published in the list of answers.")


def _answer_privately(feedback, data, by):
    actions.answer_privately(feedback, data["answer"], by=by)
    return _("The answer is sent by email.")


def _tag(feedback, data, by):
    actions.tag_feedback(feedback, data["themes"])
    return _("The themes are saved.")


def _flag(feedback, data, by):
    actions.flag_for_working_group(feedback, not feedback.flagged_for_working_group)
    if feedback.flagged_for_working_group:
        return _("The feedback is flagged for the working group.")
    return _("The flag for the working group is removed.")


def _close(feedback, data, by):
    actions.close_feedback(feedback)
    return _("The feedback is closed.")


def _to_report(feedback, data, by):
    report = actions.feedback_to_report(feedback, data["category"], by=by)
    return _("Report %(reference)s is made and waits for moderation.") % {"reference": report.reference}


# action in the URL -> (form, what it does)
ACTIONS = {
    "answer-publicly": (AnswerPubliclyForm, _answer_publicly),
    "answer-privately": (AnswerPrivatelyForm, _answer_privately),
    "themes": (ThemesForm, _tag),
    "flag": (None, _flag),
    "close": (None, _close),
    "report": (FeedbackToReportForm, _to_report),
}
FORM_PREFIXES = {"answer-publicly": "public", "answer-privately": "private", "themes": "themes", "report": "report"}


def action_form(action, feedback, user, data=None):
    form_class = ACTIONS[action][0]
    if form_class is None:
        return None
    kwargs = {"prefix": FORM_PREFIXES[action]}
    if action == "answer-publicly":
        # Never the writer's own words: the coordinator writes the public version of the question.
        kwargs["initial"] = {"public_question": feedback.public_question, "answer": feedback.answer}
    elif action == "answer-privately":
        kwargs["initial"] = {"answer": feedback.answer}
    elif action == "themes":
        kwargs["initial"] = {"themes": list(feedback.themes.all())}
        kwargs["can_add_themes"] = user.has_perm("dialog.add_theme")
    elif action == "report":
        kwargs["feedback"] = feedback
    return form_class(data, **kwargs)


def detail_context(request, feedback, bound_form=None, bound_action=None):
    can_handle = request.user.has_perm("dialog.handle_feedback")
    context = {"feedback": feedback, "can_handle": can_handle, "themes": feedback.themes.all()}
    if can_handle:
        forms = {
            FORM_PREFIXES[action]: action_form(action, feedback, request.user)
            for action in ACTIONS
            if ACTIONS[action][0]
        }
        if bound_form is not None:
            forms[FORM_PREFIXES[bound_action]] = bound_form
        context["forms"] = forms
    return context


def get_feedback(pk):
    return get_object_or_404(Feedback.objects.select_related("locality", "report", "answered_by"), pk=pk)


@permission_required("dialog.view_feedback", raise_exception=True)
@require_safe
def feedback_detail(request, pk):
    return render(request, DETAIL_TEMPLATE, detail_context(request, get_feedback(pk)))


@permission_required("dialog.handle_feedback", raise_exception=True)
@never_cache
@logged_on_post(title=gettext_lazy("Show contact details"), button=gettext_lazy("Show contact details"), model=Feedback)
def feedback_contact(request, pk):
    """The sender's contact details, for those who answer feedback, after a POST; every look is in the audit trail."""
    feedback = get_feedback(pk)
    if feedback.contact_name or feedback.contact_email or feedback.contact_phone:
        AuditEntry.record(request.user, AuditEntry.Action.CONTACT_VIEWED, feedback)
    return render(request, "dialog/feedback_contact.html", {"feedback": feedback})


@permission_required("dialog.handle_feedback", raise_exception=True)
@require_POST
def feedback_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such feedback action.")
    feedback = get_feedback(pk)
    if action == "answer-privately" and not feedback.contact_email:
        messages.error(request, _("This feedback has no email address, so it cannot be answered by email."))
        return redirect("dialog:feedback_detail", pk=pk)
    form = action_form(action, feedback, request.user, request.POST)
    if form is not None and not form.is_valid():
        return render(request, DETAIL_TEMPLATE, detail_context(request, feedback, form, action))
    if action == "themes":
        form.cleaned_data["themes"] = form.chosen_themes()
    try:
        message = ACTIONS[action][1](feedback, form.cleaned_data if form else {}, request.user)
    except actions.AlreadyReported:
        messages.error(request, _("This feedback has already been turned into a report."))
    except ValueError:
        messages.error(request, _("This action is not possible for this feedback."))
    else:
        messages.success(request, message)
    return redirect("dialog:feedback_detail", pk=pk)
