"""Survey results for staff and, once published, for everyone.

The numbers come from dialog.results (counted in the database); charts are
SVG images drawn by a template beside tables with the same numbers. Free-text
answers may hold personal data: only coordinators read, tag and export them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dialog import charts
from dialog.models import MIN_GROUP_SIZE, Answer, QuestionType, Survey, Theme
from dialog.results import CHARTED_TYPES, survey_results
from dialog.results_forms import AnswerThemesForm, PublishResultsForm
from dialog.responses_csv import language_lines
from trygg.decorators import logged_on_post
from trygg.models import AuditEntry

ANSWERS_PER_PAGE = 25


def results_context(survey, results, public):
    return {
        "survey": survey,
        "results": results,
        "public": public,
        "min_group_size": MIN_GROUP_SIZE,
        "chart_url": "dialog:public_results_chart" if public else "dialog:results_chart",
        "index_chart_url": "dialog:public_results_index_chart" if public else "dialog:results_index_chart",
    }


@permission_required("dialog.view_results", raise_exception=True)
@require_safe
def results(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return render_results(request, survey, PublishResultsForm(instance=survey))


def render_results(request, survey, publish_form, status=200):
    context = results_context(survey, survey_results(survey), public=False)
    context["publish_form"] = publish_form
    return render(request, "dialog/results.html", context, status=status)


@permission_required("dialog.change_survey", raise_exception=True)
@require_POST
def publish(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = PublishResultsForm(request.POST, instance=survey)
    if not form.is_valid():
        survey.refresh_from_db()
        return render_results(request, survey, form, status=400)
    form.save()
    if survey.results_published:
        messages.success(request, _("The results are public."))
    else:
        messages.success(request, _("The results are no longer public."))
    return redirect("dialog:results", pk=survey.pk)


@login_not_required
@require_safe
def public_results(request, pk):
    survey = get_object_or_404(Survey, pk=pk, results_published=True)
    return render(request, "dialog/public_results.html", results_context(survey, survey_results(survey, public=True),
                                                                          public=True))


# --- Charts ---


def svg_response(request, chart, public):
    response = render(request, "dialog/results_chart.svg", {"chart": chart}, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def question_chart(request, survey, question_pk, public):
    results = survey_results(survey, public=public)
    result = next((r for r in results.questions if r.question.pk == question_pk), None)
    if result is None or result.question.type not in CHARTED_TYPES:
        raise Http404
    previous = results.previous
    chart = charts.question_chart(
        result, current_label=survey.round_label or str(survey),
        previous_label=(previous.round_label or str(previous)) if previous else "",
    )
    return svg_response(request, chart, public)


def index_chart(request, survey, public):
    results = survey_results(survey, public=public)
    if results.index is None:
        raise Http404
    return svg_response(request, charts.index_chart(results.index, _("Trygghetsindex")), public)


@permission_required("dialog.view_results", raise_exception=True)
@require_safe
def results_chart(request, pk, question_pk):
    return question_chart(request, get_object_or_404(Survey, pk=pk), question_pk, public=False)


@permission_required("dialog.view_results", raise_exception=True)
@require_safe
def results_index_chart(request, pk):
    return index_chart(request, get_object_or_404(Survey, pk=pk), public=False)


@login_not_required
@require_safe
def public_results_chart(request, pk, question_pk):
    return question_chart(request, get_object_or_404(Survey, pk=pk, results_published=True), question_pk, public=True)


@login_not_required
@require_safe
def public_results_index_chart(request, pk):
    return index_chart(request, get_object_or_404(Survey, pk=pk, results_published=True), public=True)


# --- Free text ---


@permission_required("dialog.view_free_text", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def free_text(request, pk):
    """The free-text answers of one question, a page at a time, each with a form to set its themes."""
    survey = get_object_or_404(Survey, pk=pk)
    questions = list(
        survey.questions.filter(type=QuestionType.TEXT).annotate(
            n=Count("answers", filter=Q(answers__response__is_complete=True) & ~Q(answers__text=""))
        )
    )
    question = None
    if questions:
        question = next((q for q in questions if q.n), questions[0])
        if request.GET.get("fraga"):
            question = next((q for q in questions if str(q.pk) == request.GET["fraga"]), None)
            if question is None:
                raise Http404
    theme_choices = [(str(pk), name) for pk, name in Theme.objects.values_list("pk", "name")]
    can_add = request.user.has_perm("dialog.add_theme")
    bound = None
    if request.method == "POST":
        try:
            answer_pk = int(request.POST.get("answer", ""))
        except ValueError:
            return HttpResponseBadRequest(_("Choose an answer."))
        answer = get_object_or_404(text_answers(survey), pk=answer_pk)
        form = AnswerThemesForm(request.POST, prefix=f"answer-{answer.pk}", theme_choices=theme_choices,
                                can_add_themes=can_add)
        if form.is_valid():
            form.save(answer)
            messages.success(request, _("The themes of the answer are saved."))
            return redirect(f"{request.get_full_path()}#answer-{answer.pk}")
        bound = (answer.pk, form)

    answers = text_answers(survey).filter(question=question).prefetch_related("themes").order_by("pk")
    theme = request.GET.get("tema", "")
    if theme:
        if theme not in {pk for pk, _name in theme_choices}:
            raise Http404
        answers = answers.filter(themes=theme)
    page = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("sida"))
    rows = []
    for answer in page:
        if bound and bound[0] == answer.pk:
            form = bound[1]
        else:
            form = AnswerThemesForm(
                prefix=f"answer-{answer.pk}", theme_choices=theme_choices, can_add_themes=can_add,
                initial={"themes": [str(t.pk) for t in answer.themes.all()]},
            )
        rows.append((answer, form))
    page_query = request.GET.copy()
    page_query.pop("sida", None)
    return render(request, "dialog/free_text.html", {
        "survey": survey,
        "questions": questions,
        "question": question,
        "page": page,
        "rows": rows,
        "themes": theme_choices,
        "theme": theme,
        "page_query": page_query.urlencode(),
    }, status=400 if bound else 200)


def text_answers(survey):
    return Answer.objects.filter(
        question__survey=survey, question__type=QuestionType.TEXT, response__is_complete=True
    ).exclude(text="")


# --- Export ---


@permission_required("dialog.export_responses", raise_exception=True)
@logged_on_post(
    title=gettext_lazy("Export the answers"),
    button=gettext_lazy("Export the answers (CSV for Excel)"),
    model=Survey,
)
def results_csv(request, pk):
    """One row per complete response; free text only for those who may read it."""
    survey = get_object_or_404(Survey, pk=pk)
    with_text = request.user.has_perm("dialog.view_free_text")
    AuditEntry.record(
        request.user, AuditEntry.Action.EXPORTED, survey, detail="CSV with free text" if with_text else "CSV"
    )
    lines = language_lines(survey, with_text=with_text, language=translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"enkatsvar-{survey.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response

