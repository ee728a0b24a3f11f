"""Residents report: the emergency gate, the form, the receipt and the private status page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.actions import submit_report
from incidents.forms import FollowUpForm, NearbyForm, ReopenForm, ReportForm, WithdrawForm
from incidents.models import NEARBY_METRES, Kind, Report, ReportEvent, SafetyFollowUp
from incidents.submissions import browser_secret
from trygg.ratelimit import limited, too_many


@login_not_required
def report_start(request):
    """Before the form: is it happening right now? Then call 112, not the portal."""
    happening_now = request.GET.get("nu")
    if happening_now == "nej":
        return redirect("incidents:report_new")
    return render(request, "incidents/report_start.html", {"happening_now": happening_now == "ja"})


@login_not_required
def report_new(request):
    if request.method == "POST":
        # A double-click or a retried request of this browser goes to the receipt already made.
        browser = browser_secret(request)
        replay = ReportForm.earlier_submission(Report.objects, request.POST, browser)
        if replay:
            return redirect("incidents:receipt", token=replay.token)
        form = ReportForm(request.POST, request.FILES, browser=browser)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = []
            if data["latitude"] is not None and not data["confirm_not_duplicate"]:
                # Only published reports may be shown to a resident.
                duplicates = Report.objects.public().possible_duplicates(
                    data["category"], data["latitude"], data["longitude"]
                )[:5]
            if not duplicates:
                if limited(request, "report"):
                    return too_many(request)
                try:
                    report, _created = submit_report(
                        photos=form.all_photos(),
                        submission_id=data["submission_id"],
                        reporter=request.user if request.user.is_authenticated else None,
                        **form.report_fields(),
                    )
                except ValidationError as error:  # a photo whose pixels cannot be decoded: nothing was stored
                    form.add_error("photos", error)
                    return render(request, "incidents/report_form.html", {"form": form})
                form.discard_kept_photos()
                return redirect("incidents:receipt", token=report.token)
            keep_photos(request, form)
            form.data["confirm_not_duplicate"] = "on"
            return render(request, "incidents/report_form.html", {"form": form, "duplicates": duplicates})
        keep_photos(request, form)
        return render(request, "incidents/report_form.html", {"form": form, **nearby_context(request.POST)})
    else:
        kind = request.GET.get("typ", "")
        form = ReportForm(initial={"kind": kind if kind in Kind.values else ""})
    return render(request, "incidents/report_form.html", {"form": form})


def nearby_context(data):
    """A form that came back: the public reports near its point or in its locality ("is it already reported?")."""
    nearby_form = NearbyForm({"latitude": data.get("latitude", ""), "longitude": data.get("longitude", ""),
                              "ort": data.get("locality", "")})
    nearby = nearby_form.nearby()
    if nearby is None:
        return {}
    return {"nearby_form": nearby_form, "nearby": nearby, "nearby_metres": NEARBY_METRES}


def keep_photos(request, form):
    """The form goes back unsent: the resident need not choose the accepted photos again (within a limit)."""
    form.keep_photos(store_new=not (form.accepted_uploads and limited(request, "kept_photos")))


def _report_by_token(token):
    return get_object_or_404(Report.objects.select_related("category", "locality"), token=token)


@login_not_required
def receipt(request, token):
    report = _report_by_token(token)
    status_url = request.build_absolute_uri(report_status_path(report))
    return render(request, "incidents/report_receipt.html", {"report": report, "status_url": status_url})


def report_status_path(report):
    return reverse("incidents:status", args=[report.token])


PUBLIC_EVENT_ACTIONS = [
    ReportEvent.Action.CREATED,
    ReportEvent.Action.STATUS_CHANGED,
    ReportEvent.Action.RESPONDED,
    ReportEvent.Action.MESSAGED,
    ReportEvent.Action.WITHDRAWN,
    ReportEvent.Action.CONTACT_REMOVED,
    ReportEvent.Action.REOPENED,
]


@login_not_required
def status(request, token):
    """The reporter's private page, reached only with the unguessable link."""
    report = _report_by_token(token)
    events = report.events.filter(action__in=PUBLIC_EVENT_ACTIONS)
    context = {
        "report": report,
        "events": events,
        "messages_to_reporter": report.events.filter(action=ReportEvent.Action.MESSAGED),
        "withdraw_form": WithdrawForm(),
        "reopen_form": ReopenForm(),
    }
    return render(request, "incidents/report_status.html", context)


@login_not_required
@require_POST
def withdraw(request, token):
    report = _report_by_token(token)
    form = WithdrawForm(request.POST)
    if not report.can_be_withdrawn:
        messages.error(request, _("The report has already been reviewed and can no longer be withdrawn."))
    elif not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to withdraw the report."))
    else:
        report.withdraw()
        messages.success(request, _("Your report has been withdrawn."))
    return redirect("incidents:status", token=token)


@login_not_required
@require_POST
def remove_contact(request, token):
    """Remove the reporter's contact details, after a page that asks (it cannot be undone)."""
    report = _report_by_token(token)
    if not report.can_be_withdrawn:
        messages.error(request, _("The report has already been reviewed; contact us to remove your details."))
    elif request.POST.get("confirm") != "yes":
        return render(request, "incidents/report_remove_contact.html", {"report": report})
    else:
        report.remove_contact()
        messages.success(request, _("Your contact details have been removed from the report."))
    return redirect("incidents:status", token=token)


@login_not_required
@require_POST
def reopen(request, token):
    report = _report_by_token(token)
    form = ReopenForm(request.POST)
    if not report.can_be_reopened or not form.is_valid():
        messages.error(request, _("Only a resolved report can be reported as back."))
    else:
        report.reopen(form.cleaned_data["text"])
        messages.success(request, _("Thank you. The report has been reopened and goes back to a coordinator."))
    return redirect("incidents:status", token=token)


def my_reports(request):
    reports = Report.objects.for_reporter(request.user).select_related("category", "locality")
    page = Paginator(reports, 25).get_page(request.GET.get("sida"))
    return render(request, "incidents/my_reports.html", {"page": page})


@login_not_required
def follow_up(request, token):
    """'Känns platsen tryggare nu?' — one answer per follow-up link."""
    follow_up = get_object_or_404(SafetyFollowUp.objects.select_related("report"), token=token)
    if follow_up.answered_at:
        return render(request, "incidents/follow_up.html", {"follow_up": follow_up, "answered": True})
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.answered_at = timezone.now()
        follow_up.save()
        follow_up.report.record(ReportEvent.Action.FOLLOWED_UP, text=follow_up.get_answer_display())
        return render(request, "incidents/follow_up.html", {"follow_up": follow_up, "answered": True})
    return render(request, "incidents/follow_up.html", {"follow_up": follow_up, "form": form})
