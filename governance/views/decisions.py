"""Decisions taken at meetings: recording, the decision log and the public list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from governance.forms.meetings import DecisionFilterForm, DecisionForm
from governance.history import history_of
from governance.models import ChangeRecord, Decision, Meeting
from governance.views.meetings import changed_fields

DECISIONS_PER_PAGE = 25


def _page(request, decisions):
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return page, query.urlencode()


@permission_required("governance.add_decision", raise_exception=True)
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    if meeting.minutes_are_locked:  # a decision after adjustment would be published without being adjusted
        messages.error(request, _("The minutes are approved: their decisions can no longer be edited."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = DecisionForm(request.POST or None, meeting=meeting, initial={"agenda_item": request.GET.get("punkt")})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            decision = form.save()
            ChangeRecord.record(decision, request.user, "created", changed_fields(form))
            ChangeRecord.record(meeting, request.user, "decision recorded", {"decision": [None, decision.text[:200]]})
        messages.success(request, _("The decision is recorded."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/decision_form.html", {"form": form, "meeting": meeting}, status=status)


@permission_required("governance.change_decision", raise_exception=True)
def decision_edit(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting__group"), pk=pk)
    if decision.meeting.minutes_are_locked:
        messages.error(request, _("The minutes are approved: their decisions can no longer be edited."))
        return redirect("governance:decision_detail", pk=decision.pk)
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = changed_fields(form)
            form.save()
            if changes:
                ChangeRecord.record(decision, request.user, "changed", changes)
        messages.success(request, _("The decision is saved."))
        return redirect("governance:decision_detail", pk=decision.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/decision_form.html", {"form": form, "meeting": decision.meeting, "decision": decision},
        status=status,
    )


@permission_required("governance.view_decision", raise_exception=True)
@require_safe
def decision_detail(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__group", "agenda_item", "decided_by", "responsible_person"), pk=pk
    )
    return render(
        request,
        "governance/decision_detail.html",
        {"decision": decision, "history": history_of(decision)},
    )


@permission_required("governance.view_decision", raise_exception=True)
@require_safe
def decision_list(request):
    filter_form = DecisionFilterForm(request.GET)
    decisions = filter_form.filter(Decision.objects.select_related("meeting", "decided_by", "agenda_item"))
    page, page_query = _page(request, decisions)
    return render(
        request, "governance/decision_list.html", {"filter_form": filter_form, "page": page, "page_query": page_query}
    )


@login_not_required
@require_safe
def public_decisions(request):
    decisions = Decision.objects.public().select_related("meeting", "decided_by")
    page, page_query = _page(request, decisions)
    minutes = Meeting.objects.with_public_minutes().select_related("group").order_by("-starts_at")
    return render(request, "governance/public_decisions.html",
                  {"page": page, "page_query": page_query, "public_minutes": minutes})
