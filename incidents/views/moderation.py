"""The coordinators' moderation of reports.

Coordinators (incidents.moderate_report) change reports; police liaisons
(incidents.view_report) read the same pages and add internal notes
(incidents.note_report), without the other action forms. The work
is done by the Report methods, which write the history.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from incidents.filters import StaffReportFilterForm
from incidents.forms import (
    AssignForm,
    BulkForm,
    HandlerForm,
    MergeForm,
    MessageForm,
    NoteForm,
    PublicTextForm,
    RejectForm,
    ResponseForm,
    StatusForm,
)
from incidents.models import Organisation, ReplyTemplate, Report, ReportConfirmation, ReportEvent, ReportPhoto, Status
from trygg.decorators import logged_on_post
from trygg.personal_data import HintKind

REPORTS_PER_PAGE = 25
QUEUE_TEMPLATE = "incidents/report_queue.html"
DETAIL_TEMPLATE = "incidents/report_moderate.html"
MERGE_CONFIRM_TEMPLATE = "incidents/report_merge_confirm.html"
# History entries made by the reporter (through the private status link), not by staff.
REPORTER_ACTIONS = {
    ReportEvent.Action.CREATED,
    ReportEvent.Action.CONTACT_REMOVED,
    ReportEvent.Action.WITHDRAWN,
    ReportEvent.Action.REOPENED,
    ReportEvent.Action.FOLLOWED_UP,
}


# --- The queue ---


def queue_context(request, bulk_form=None):
    filter_form = StaffReportFilterForm(request.GET, user=request.user)
    reports = filter_form.listed(Report.objects.select_related("category", "locality", "handler"))
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("sida"))
    page.object_list = list(page.object_list)
    seen = ReportConfirmation.objects.counts_for([report.pk for report in page.object_list])
    for report in page.object_list:
        report.seen_too = seen.get(report.pk, 0)
    page_query = request.GET.copy()
    page_query.pop("sida", None)
    counts = dict(Report.objects.order_by().values_list("status").annotate(Count("pk")))
    return {
        "filter_form": filter_form,
        "page": page,
        "page_query": page_query.urlencode(),
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "bulk_form": bulk_form or BulkForm(),
        "selected": set(bulk_form.data.getlist("reports")) if bulk_form else set(),
    }


@permission_required("incidents.view_report", raise_exception=True)
@require_safe
def queue(request):
    return render(request, QUEUE_TEMPLATE, queue_context(request))


@permission_required("incidents.moderate_report", raise_exception=True)
@require_POST
def bulk(request):
    """Publish or reject the selected reports; those whose status does not allow it are skipped."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        return render(request, QUEUE_TEMPLATE, queue_context(request, bulk_form=form))
    target = form.target_status
    done = skipped = 0
    for report in form.cleaned_data["reports"]:
        if target not in report.allowed_transitions():
            skipped += 1
        elif target == Status.PUBLISHED:
            report.publish(by=request.user)
            done += 1
        else:
            report.reject(form.cleaned_data["reject_reason"], by=request.user)
            done += 1
    if target == Status.PUBLISHED:
        messages.success(request, _("Reports published: %(count)d.") % {"count": done})
    else:
        messages.success(request, _("Reports rejected: %(count)d.") % {"count": done})
    if skipped:
        messages.warning(
            request,
            _("Reports skipped because their status does not allow this change: %(count)d.") % {"count": skipped},
        )
    # The filters of the queue travel in the query string of the form's address.
    return redirect(reverse("incidents:queue") + (f"?{request.GET.urlencode()}" if request.GET else ""))


# --- One report ---


def _publish(report, data, by):
    report.publish(by=by)
    return _("The report is published.")


def _reject(report, data, by):
    report.reject(data["reason"], by=by, note=data["note"])
    return _("The report is rejected.")


def _set_status(report, data, by):
    report.set_status(data["status"], by=by, reason=data["reason"])
    return _("The status is now “%(status)s”.") % {"status": report.get_status_display()}


def _edit_public_text(report, data, by):
    report.edit_public_text(data["public_description"], by=by, confirmed=data["personal_data_confirmed"])
    return _("The public text is saved.")


def _assign(report, data, by):
    report.assign(data["organisation"], by=by, other=data["other"])
    return _("The responsible organisation is saved.")


def _set_handler(report, data, by):
    report.set_handler(data["handler"], by=by)
    if data["handler"] is None:
        return _("The report has no handler now.")
    return _("%(name)s now handles the report.") % {"name": data["handler"]}


def _add_note(report, data, by):
    report.add_note(data["text"], by=by)
    return _("The note is saved.")


def _respond(report, data, by):
    report.respond(data["text"], by=by, confirmed=data["personal_data_confirmed"])
    return _("The public response is saved.")


def _message(report, data, by):
    report.message_reporter(data["text"], by=by)
    if report.can_be_mailed:
        return _("The message is sent to the reporter.")
    return _("The message is shown on the reporter's status page; the reporter gets no e-mail.")


def _merge(report, data, by):
    report.merge_into(data["original"], by=by, confirmed=data.get("confirmed", False))
    return _("The report is merged into %(reference)s.") % {"reference": data["original"].reference}


MODERATE = "incidents.moderate_report"
# action in the URL -> (form, what it does, who may do it). Police liaisons add notes; coordinators do all.
ACTIONS = {
    "publish": (None, _publish, MODERATE),
    "reject": (RejectForm, _reject, MODERATE),
    "status": (StatusForm, _set_status, MODERATE),
    "text": (PublicTextForm, _edit_public_text, MODERATE),
    "assign": (AssignForm, _assign, MODERATE),
    "handler": (HandlerForm, _set_handler, MODERATE),
    "note": (NoteForm, _add_note, "incidents.note_report"),
    "response": (ResponseForm, _respond, MODERATE),
    "message": (MessageForm, _message, MODERATE),
    "merge": (MergeForm, _merge, MODERATE),
}


def action_form(action, report, data=None):
    form_class = ACTIONS[action][0]
    if form_class is None:
        return None
    kwargs = {"prefix": action}
    if form_class in (StatusForm, MergeForm):
        kwargs["report"] = report
    if action == "text":
        # Never the reporter's words: the coordinator writes the public text.
        kwargs["initial"] = {"public_description": report.public_description}
    elif action == "assign":
        kwargs["initial"] = {"organisation": report.responsible_organisation, "other": report.responsible_other}
    elif action == "response":
        kwargs["initial"] = {"text": report.public_response}
    elif action == "handler":
        kwargs["initial"] = {"handler": report.handler_id}
    return form_class(data, **kwargs)


def describe_changes(event):
    """The change an entry records, in words: "Ny → Publicerad"."""
    for field, choices in (("status", Status), ("responsible_organisation", Organisation), ("handler", None)):
        if field in event.changes:
            labels = dict(choices.choices) if choices else {}
            old, new = event.changes[field]
            return f"{labels.get(old, old or '–')} → {labels.get(new, new or '–')}"
    if event.changes.get("personal_data_confirmed"):
        labels = dict(HintKind.choices)
        kinds = ", ".join(str(labels.get(kind, kind)) for kind in event.changes["personal_data_confirmed"])
        return _("published although it looks like personal data: %(kinds)s") % {"kinds": kinds}
    if event.changes.get("copied_text_removed"):
        return _("the reporter's description, copied into the public text when published, was removed")
    return ""


def who_did(event, report):
    """Staff by name; the reporter never by name, so no contact data is on the page."""
    if event.actor_id and event.actor_id != report.reporter_id:
        return event.actor
    if event.actor_id or event.action in REPORTER_ACTIONS:
        return _("The reporter")
    return "–"


def app_sections(request, report):
    """What other apps say about the report (``report_staff_section``, e.g. the measures that answer it)."""
    sections = []
    for app_config in apps.get_app_configs():
        section = getattr(app_config, "report_staff_section", None)
        if section is not None:
            sections.append(section(request, report))
    return [section for section in sections if section]


def detail_context(request, report, bound_form=None):
    history = [
        {"event": event, "who": who_did(event, report), "changes": describe_changes(event)}
        for event in report.events.select_related("actor")
    ]
    duplicates = []
    if report.latitude is not None and report.merged_into_id is None and report.status != Status.WITHDRAWN:
        duplicates = Report.objects.possible_duplicates(
            report.category, report.latitude, report.longitude, exclude=report
        )
    context = {
        "report": report,
        "history": history,
        "photos": report.photos.all(),
        "merged": report.merged.all(),
        "duplicates": duplicates,
        # Suggestions go from the new report to the older (or resolved) one: these stay the original.
        "originals": {duplicate.pk for duplicate in duplicates if duplicate.should_stay_original_before(report)},
        "can_moderate": request.user.has_perm(MODERATE),
        "can_note": request.user.has_perm("incidents.note_report"),
        "app_sections": app_sections(request, report),
        # How many have said they saw it too, and follow it by e-mail (a count: the addresses are never shown).
        "seen_count": report.seen_count,
        "follower_count": report.subscriptions.confirmed().count(),
    }
    if context["can_moderate"]:
        context["reply_templates"] = list(ReplyTemplate.objects.for_report(report))
    forms = {
        action: action_form(action, report)
        for action, (form_class, _do, permission) in ACTIONS.items()
        if form_class and request.user.has_perm(permission)
    }
    if bound_form is not None:
        forms[bound_form.prefix] = bound_form
    context["forms"] = forms
    if context["can_moderate"]:
        allowed = report.allowed_transitions()
        context["can_publish"] = Status.PUBLISHED in allowed and report.status == Status.NEW
        context["can_reject"] = Status.REJECTED in allowed
        context["can_change_status"] = bool(forms["status"].fields["status"].choices)
        context["can_merge"] = report.merged_into_id is None and report.status != Status.WITHDRAWN
    return context


# The forms whose text a saved reply template can fill.
REPLY_ACTIONS = {"response", "message"}


def use_reply_template(request, report, action):
    """Without JavaScript: the chosen template's text in the form's text box; nothing is saved."""
    chosen = request.POST.get(f"{action}-template", "")
    reply_template = (
        ReplyTemplate.objects.for_report(report).filter(pk=chosen).first() if chosen.isdigit() else None
    )
    form = action_form(action, report)
    if reply_template is None:
        messages.error(request, _("Choose a reply template."))
        form.initial["text"] = request.POST.get(f"{action}-text", "")
    else:
        form.initial["text"] = reply_template.text
    return render(request, DETAIL_TEMPLATE, detail_context(request, report, bound_form=form))


def get_report(pk):
    return get_object_or_404(Report.objects.select_related("category", "locality", "merged_into"), pk=pk)


@permission_required("incidents.view_report", raise_exception=True)
@require_safe
def moderate(request, pk):
    report = get_report(pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, report))


@permission_required("incidents.view_report", raise_exception=True)
@require_POST
def moderate_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such moderation action.")
    if not request.user.has_perm(ACTIONS[action][2]):
        raise PermissionDenied
    report = get_report(pk)
    if action in REPLY_ACTIONS and "use_template" in request.POST:
        return use_reply_template(request, report, action)
    form = action_form(action, report, request.POST)
    if form is not None and not form.is_valid():
        return render(request, DETAIL_TEMPLATE, detail_context(request, report, bound_form=form))
    if action == "merge":
        form.cleaned_data["confirmed"] = request.POST.get("merge-confirmed") == "1"
        original = form.cleaned_data["original"]
        if report.should_stay_original_before(original) and not form.cleaned_data["confirmed"]:
            # Merging the older or resolved report into a newer one: say what will happen, change nothing yet.
            return render(request, MERGE_CONFIRM_TEMPLATE, {"report": report, "original": original})
    try:
        message = ACTIONS[action][1](report, form.cleaned_data if form else {}, request.user)
    except ValueError:
        messages.error(
            request,
            _("This change is not allowed for a report with the status “%(status)s”.")
            % {"status": get_report(pk).get_status_display()},
        )
    else:
        messages.success(request, message)
    return redirect("incidents:moderate", pk=report.pk)


@permission_required(["incidents.view_report", "incidents.view_reporter_contact"], raise_exception=True)
@never_cache
@logged_on_post(title=gettext_lazy("Show contact details"), button=gettext_lazy("Show contact details"), model=Report)
def contact(request, pk):
    """The reporter's contact details, on their own page after a POST; every look is logged in the history."""
    report = get_object_or_404(Report.objects.select_related("reporter"), pk=pk)
    if report.has_contact or report.reporter_id:
        report.log_contact_view(by=request.user)
    return render(request, "incidents/report_contact.html", {"report": report})


@permission_required("incidents.view_report", raise_exception=True)
@require_safe
def photo(request, pk, size):
    """Photos are staff-only: served through this permission check, never from a public /media/ URL."""
    report_photo = get_object_or_404(ReportPhoto, pk=pk)
    field = report_photo.thumbnail if size == "liten" else report_photo.image
    try:
        file = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
