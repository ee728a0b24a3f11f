"""The coordinators' survey builder: settings, pages, questions, preview, publishing, copies, invitations.

Every view needs dialog.change_survey (creating needs add_survey, invitations add_invitation); the list
also serves those who may only view surveys. Once a survey has complete responses its structure is
locked: the Survey methods and the forms refuse structural changes, the views say so.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dialog import invitations, trygghetsmatning
from dialog.forms.builder import (
    InvitationForm,
    PageForm,
    QuestionForm,
    SurveyCreateForm,
    SurveyForm,
    invitation_refusal,
)
from dialog.models import Audience, Question, Survey, SurveyPage
from incidents.models import Locality

DIRECTIONS = {"upp": "up", "ned": "down"}


def _refuse_when_locked(request, survey):
    """A redirect to the survey with the reason when its structure is locked, else None."""
    try:
        survey.check_structure_editable()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("dialog:survey_edit", survey.pk)
    return None


def _pages_with_questions(survey):
    questions = Question.objects.select_related("show_if_option__question").prefetch_related("options", "items")
    return survey.pages.prefetch_related(Prefetch("questions", queryset=questions.order_by("order", "pk")))


# --- Surveys ---


@permission_required("dialog.view_survey", raise_exception=True)
@require_safe
def survey_list(request):
    surveys = Survey.objects.annotate(
        response_count=Count("responses", filter=Q(responses__is_complete=True))
    ).order_by("-opens_at", "-pk")
    return render(request, "dialog/survey_list.html", {"surveys": surveys})


@permission_required("dialog.add_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request):
    form = SurveyCreateForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["start"] == SurveyCreateForm.TEMPLATE:
            survey = trygghetsmatning.create_trygghetsmatning(
                opens_at=data["opens_at"], closes_at=data["closes_at"], round_label=data["round_label"],
                title=data["title"], created_by=request.user, audience=data["audience"],
                title_en=data.get("title_en") or None,
            )
        else:
            survey = form.save(commit=False)
            survey.created_by = request.user
            survey.save()
            SurveyPage.objects.create(survey=survey, order=0, heading=_("Questions"))
        messages.success(request, _("The survey is created as a draft."))
        return redirect("dialog:survey_edit", survey.pk)
    return render(request, "dialog/survey_create.html", {"form": form})


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if form.is_valid():
        form.save()
        messages.success(request, _("The settings are saved."))
        return redirect("dialog:survey_edit", survey.pk)
    context = {
        "survey": survey,
        "form": form,
        "pages": _pages_with_questions(survey),
        "locked": form.locked,
        "response_count": survey.responses.filter(is_complete=True).count(),
        "can_invite": request.user.has_perm("dialog.add_invitation") and survey.audience != Audience.PUBLIC,
    }
    return render(request, "dialog/survey_edit.html", context)


@permission_required("dialog.add_survey", raise_exception=True)
@permission_required("dialog.change_survey", raise_exception=True)
@require_POST
def survey_copy(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    copy = survey.copy(created_by=request.user)
    messages.success(request, _("This is a copy as a draft, with the same questions and codes. Check the dates."))
    return redirect("dialog:survey_edit", copy.pk)


@permission_required("dialog.change_survey", raise_exception=True)
@require_safe
def survey_preview(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    pages = _pages_with_questions(survey)
    return render(
        request, "dialog/survey_preview.html",
        {"survey": survey, "pages": pages, "localities": Locality.objects.order_by("name")},
    )


@permission_required("dialog.change_survey", raise_exception=True)
@require_POST
def survey_publish(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if survey.is_published:
        messages.info(request, _("The survey is already published."))
        return redirect("dialog:survey_edit", survey.pk)
    try:
        survey.publish()
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The survey is published."))
    return redirect("dialog:survey_edit", survey.pk)


# --- Pages ---


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def page_add(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if refusal := _refuse_when_locked(request, survey):
        return refusal
    form = PageForm(request.POST or None)
    if form.is_valid():
        page = form.save(commit=False)
        page.survey = survey
        last = survey.pages.order_by("-order").first()
        page.order = last.order + 1 if last else 0
        page.save()
        messages.success(request, _("The page is added."))
        return redirect("dialog:survey_edit", survey.pk)
    return render(request, "dialog/page_form.html", {"survey": survey, "form": form})


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def page_edit(request, pk):
    page = get_object_or_404(SurveyPage.objects.select_related("survey"), pk=pk)
    form = PageForm(request.POST or None, instance=page)
    if form.is_valid():
        form.save()
        messages.success(request, _("The heading is saved."))
        return redirect("dialog:survey_edit", page.survey_id)
    return render(request, "dialog/page_form.html", {"survey": page.survey, "page": page, "form": form})


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def page_delete(request, pk):
    page = get_object_or_404(SurveyPage.objects.select_related("survey"), pk=pk)
    if refusal := _refuse_when_locked(request, page.survey):
        return refusal
    questions = list(page.questions.all())
    dependents = Question.objects.filter(show_if_option__question__page=page).exclude(page=page)
    if request.method == "POST":
        page.delete()
        messages.success(request, _("The page and its questions are deleted."))
        return redirect("dialog:survey_edit", page.survey_id)
    return render(request, "dialog/confirm_delete.html", {
        "survey": page.survey, "title": _("Delete the page “%(heading)s”?") % {"heading": page.heading},
        "questions": questions, "dependents": dependents,
    })


# --- Questions ---


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def question_add(request, pk):
    page = get_object_or_404(SurveyPage.objects.select_related("survey"), pk=pk)
    survey = page.survey
    if refusal := _refuse_when_locked(request, survey):
        return refusal
    form = QuestionForm(request.POST or None, survey=survey, page=page)
    if form.is_valid():
        form.save()
        messages.success(request, _("The question is added."))
        return redirect("dialog:survey_edit", survey.pk)
    return render(request, "dialog/question_form.html", {"survey": survey, "form": form, "page": page})


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, pk):
    question = get_object_or_404(Question.objects.select_related("survey", "page"), pk=pk)
    survey = question.survey
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if form.is_valid():
        form.save()
        messages.success(request, _("The question is saved."))
        return redirect("dialog:survey_edit", survey.pk)
    return render(request, "dialog/question_form.html", {"survey": survey, "form": form, "question": question})


@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def question_delete(request, pk):
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    if refusal := _refuse_when_locked(request, question.survey):
        return refusal
    if request.method == "POST":
        question.delete()
        messages.success(request, _("The question is deleted."))
        return redirect("dialog:survey_edit", question.survey_id)
    return render(request, "dialog/confirm_delete.html", {
        "survey": question.survey, "title": _("Delete the question “%(question)s”?") % {"question": question.text},
        "dependents": Question.objects.filter(show_if_option__question=question),
    })


@permission_required("dialog.change_survey", raise_exception=True)
@require_POST
def question_move(request, pk, direction):
    question = get_object_or_404(Question.objects.select_related("survey", "page"), pk=pk)
    if direction not in DIRECTIONS:
        raise Http404
    try:
        question.survey.move_question(question, DIRECTIONS[direction])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("dialog:survey_edit", args=[question.survey_id]) + f"#question-{question.pk}")


# --- Invitations ---


@permission_required("dialog.add_invitation", raise_exception=True)
@permission_required("dialog.change_survey", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_invitations(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = InvitationForm(survey=survey)
    if request.method == "POST" and request.POST.get("action") == "resend":
        if refusal := invitation_refusal(survey):
            messages.error(request, refusal)
        else:
            count = invitations.resend_unused(survey)
            messages.success(request, _("The link is sent again to those who have not answered: %(count)d.")
                             % {"count": count})
        return redirect("dialog:invitations", survey.pk)
    if request.method == "POST":
        form = InvitationForm(request.POST, survey=survey)
        if form.is_valid():
            addresses = form.cleaned_data["emails"]
            if form.cleaned_data["all_staff"]:
                addresses = list(dict.fromkeys([*addresses, *invitations.staff_addresses()]))
            sent, skipped = invitations.invite(survey, addresses)
            messages.success(request, _("Invitations sent: %(sent)d. Already invited, skipped: %(skipped)d.")
                             % {"sent": sent, "skipped": skipped})
            return redirect("dialog:invitations", survey.pk)
    counts = survey.invitations.aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False)),
    )
    return render(request, "dialog/survey_invitations.html", {
        "survey": survey, "form": form, "total": counts["total"], "used": counts["used"],
        "unused": counts["total"] - counts["used"], "refusal": invitation_refusal(survey),
    })
