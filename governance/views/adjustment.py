"""Adjusting the minutes (justering), and the public minutes of public decisions.

The secretary or a coordinator sends a held meeting's minutes for adjustment;
each adjuster approves them; the Meeting methods check, save and record
the history. The public minutes show only what a municipality publishes:
group, date, the public decisions, the public documents and who adjusted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from governance.models import Meeting
from governance.views.meetings import meeting_or_404


def adjustment_step(request, pk, may, step, done):
    """Take one step of the adjustment: ``may(meeting, user)`` decides who, ``step(meeting, user)`` checks,
    saves and records it (Meeting methods), ``done(result)`` is the message; a refusal is shown as such."""
    meeting = meeting_or_404(pk)
    if not may(meeting, request.user):
        raise PermissionDenied
    try:
        result = step(meeting, request.user)
    except Meeting.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done(result))
    return redirect("governance:meeting_detail", pk=meeting.pk)


@permission_required("governance.view_meeting", raise_exception=True)
@require_POST
def minutes_send_for_adjustment(request, pk):
    return adjustment_step(request, pk, Meeting.may_send_for_adjustment, Meeting.send_for_adjustment,
                           lambda _result: _("The minutes are sent to the adjusters."))


@permission_required("governance.view_meeting", raise_exception=True)
@require_POST
def minutes_withdraw(request, pk):
    return adjustment_step(request, pk, Meeting.may_send_for_adjustment, Meeting.withdraw_from_adjustment,
                           lambda _result: _("The minutes are taken back from the adjusters."))


@permission_required("governance.view_meeting", raise_exception=True)
@require_POST
def minutes_adjust(request, pk):
    return adjustment_step(request, pk, Meeting.is_adjuster, Meeting.adjust_minutes, lambda version: (
        _("The minutes are adjusted and now read-only.") if version.is_adjusted
        else _("Your adjustment is recorded. The minutes await the other adjuster.")
    ))


def public_meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.with_public_minutes().select_related("group"), pk=pk)


@login_not_required
@require_safe
def public_minutes(request, pk):
    meeting = public_meeting_or_404(pk)
    # The § of a decision is its agenda item's place in the minutes, as in the full minutes.
    paragraphs = {item.pk: number for number, item in enumerate(meeting.agenda_items.all(), start=1)}
    decisions = list(meeting.decisions.public().select_related("agenda_item", "decided_by").order_by(
        "agenda_item__order", "agenda_item__pk", "pk"))
    for decision in decisions:
        decision.paragraph = paragraphs.get(decision.agenda_item_id)
    return render(request, "governance/public_minutes.html", {
        "meeting": meeting,
        "version": meeting.adjusted_minutes,
        "decisions": decisions,
        "documents": meeting.documents.filter(is_public=True),
    })
