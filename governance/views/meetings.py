"""Meetings of the partnership's groups: agenda, attendance, minutes, status and calendars.

Staff with governance.view_meeting read; coordinators (add/change_meeting) prepare
and record. The Meeting methods do the work and write the history (ChangeRecord).
Adjustment of the minutes, documents and calendar subscriptions have their own
modules (adjustment, documents, feeds).
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from governance import calendar
from governance.forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    CorrectionForm,
    DocumentForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
)
from governance.history import history_of
from governance.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    ChangeRecord,
    Group,
    Meeting,
    MeetingStatus,
    StaleEdit,
)
from trygg.mail import absolute_url, send

def _display(field, value):
    if value is None or value == "":
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return sorted(str(obj) for obj in value) or None
    if isinstance(field, forms.ModelChoiceField) and not hasattr(value, "pk"):
        value = field.queryset.filter(pk=value).first()
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value)


def changed_fields(form):
    """{"field": [old, new]} of a bound form's changed fields, as text for the history."""
    return {
        name: [_display(form.fields[name], form.initial.get(name)), _display(form.fields[name], form.cleaned_data.get(name))]
        for name in form.changed_data
        if name != "version"
    }


def meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.select_related("group"), pk=pk)


# --- Lists and pages ---


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def meeting_list(request):
    filter_form = MeetingFilterForm(request.GET)
    meetings = Meeting.objects.select_related("group")
    if filter_form.is_valid() and filter_form.cleaned_data["group"]:
        meetings = meetings.filter(group=filter_form.cleaned_data["group"])
    now = timezone.now()
    feeds = {feed.group_id: feed for feed in CalendarFeed.objects.filter(user=request.user)}
    groups = list(Group.objects.all())
    for group in groups:
        feed = feeds.get(group.pk)
        group.feed_url = absolute_url(reverse("governance:calendar_feed_ics", args=[feed.token])) if feed else ""
        group.webcal_url = "webcal://" + group.feed_url.split("://", 1)[1] if feed else ""
        group.feed = feed
    return render(
        request,
        "governance/meeting_list.html",
        {
            "filter_form": filter_form,
            "to_adjust": Meeting.objects.to_adjust_by(request.user).select_related("group").order_by("starts_at"),
            "to_send": Meeting.objects.to_send_for_adjustment_by(request.user).select_related("group")
            .order_by("starts_at"),
            "upcoming": meetings.filter(ends_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(ends_at__lt=now).order_by("-starts_at"),
            "groups": groups,
        },
    )


def detail_context(request, meeting, document_form=None):
    items = meeting.agenda_items.prefetch_related(
        "situation_reports", "surveys", "feedback", "earlier_decisions", "decisions"
    )
    attendance = {a.user_id: a.present for a in meeting.attendance.all()}
    members = meeting.group.current_members(on=timezone.localdate(meeting.starts_at)).select_related("user")
    pending = meeting.pending_minutes
    approved_by = {approval.adjuster_id: approval for approval in pending.approvals.all()} if pending else {}
    adjusters = list(meeting.adjusters.all())
    return {
        "meeting": meeting,
        "items": items,
        "members": members,
        "attendance_form": AttendanceForm(
            members=members, initial={"present": [str(uid) for uid, present in attendance.items() if present]}
        ),
        "present": {uid for uid, present in attendance.items() if present},
        "decisions": meeting.decisions.select_related("agenda_item", "decided_by"),
        "history": history_of(meeting),
        "versions": meeting.minutes_versions.select_related("approved_by").prefetch_related("approvals__adjuster"),
        "can_mark_held": meeting.status == MeetingStatus.PLANNED and not meeting.is_in_future,
        "adjusters": [(adjuster, approved_by.get(adjuster.pk)) for adjuster in adjusters],
        "pending": pending,
        "may_send_for_adjustment": meeting.status == MeetingStatus.HELD and meeting.may_send_for_adjustment(request.user),
        "may_withdraw": pending is not None and meeting.may_send_for_adjustment(request.user),
        "may_adjust": pending is not None and request.user.pk in {a.pk for a in adjusters}
        and request.user.pk not in approved_by,
        "documents": meeting.documents.all(),
        "document_form": document_form or DocumentForm(),
        "public_minutes": Meeting.objects.with_public_minutes().filter(pk=meeting.pk).exists(),
    }


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def meeting_detail(request, pk):
    meeting = meeting_or_404(pk)
    return render(request, "governance/meeting_detail.html", detail_context(request, meeting))


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def minutes(request, pk):
    meeting = meeting_or_404(pk)
    versions = list(meeting.minutes_versions.select_related("approved_by").prefetch_related("approvals__adjuster"))
    current = versions[-1] if versions else None
    return render(
        request,
        "governance/minutes.html",
        {
            "meeting": meeting,
            "current": current,
            "content": current.content if current else meeting.minutes_content(),
            "versions": versions,
            "present": meeting.attendance.filter(present=True).select_related("user"),
            "decisions": meeting.decisions.select_related("agenda_item", "decided_by"),
            "adjusters": meeting.adjusters.all(),
        },
    )


# --- Create and edit ---


@permission_required("governance.add_meeting", raise_exception=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"group": request.GET.get("grupp")})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save()
            ChangeRecord.record(meeting, request.user, "created", changed_fields(form))
        messages.success(request, _("The meeting is created."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form})


@permission_required("governance.change_meeting", raise_exception=True)
def meeting_edit(request, pk):
    meeting = meeting_or_404(pk)
    if meeting.minutes_are_locked:
        messages.error(request, _("The minutes are approved: the meeting can no longer be changed."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting.save_edit(request.user, form.cleaned_data["version"] or 0, changed_fields(form),
                              adjusters=form.cleaned_data["adjusters"])
        except StaleEdit as error:
            form.add_error(None, str(error))
            return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting}, status=409)
        messages.success(request, _("The meeting is saved."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


# --- Agenda ---


def agenda_item_form(request, meeting, item=None):
    if meeting.minutes_are_locked:
        messages.error(request, _("The minutes are approved: the agenda can no longer be changed."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = changed_fields(form)
            saved = form.save(commit=False)
            saved.meeting = meeting
            if item is None:
                saved.order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
            saved.save()
            form.save_m2m()
            action = "agenda item added" if item is None else "agenda item changed"
            ChangeRecord.record(meeting, request.user, action, {"item": saved.title, **changes})
            meeting.bump_version()
        messages.success(request, _("The agenda item is saved."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/agenda_item_form.html", {"form": form, "meeting": meeting, "item": item}, status=status)


@permission_required("governance.change_meeting", raise_exception=True)
def agenda_item_create(request, pk):
    return agenda_item_form(request, meeting_or_404(pk))


@permission_required("governance.change_meeting", raise_exception=True)
def agenda_item_edit(request, pk, item_pk):
    meeting = meeting_or_404(pk)
    return agenda_item_form(request, meeting, get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting))


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def agenda_item_move(request, pk, item_pk):
    meeting = meeting_or_404(pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    direction = request.POST.get("direction")
    if direction not in ("up", "down") or meeting.minutes_are_locked:
        messages.error(request, _("The agenda item could not be moved."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    items = list(meeting.agenda_items.all())
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        with transaction.atomic():
            for order, each in enumerate(items, start=1):
                if each.order != order:
                    each.order = order
                    each.save(update_fields=["order"])
            ChangeRecord.record(meeting, request.user, "agenda reordered", {"agenda": [None, [i.title for i in items]]})
            meeting.bump_version()
    return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#agenda")


# --- Attendance, minutes and status ---


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def meeting_attendance(request, pk):
    meeting = meeting_or_404(pk)
    members = meeting.group.current_members(on=timezone.localdate(meeting.starts_at)).select_related("user")
    form = AttendanceForm(request.POST, members=members)
    if meeting.minutes_are_locked or (meeting.status == MeetingStatus.PLANNED and meeting.is_in_future):
        messages.error(request, _("Attendance is recorded for a held meeting whose minutes are not yet approved."))
    elif form.is_valid():
        present = {int(uid) for uid in form.cleaned_data["present"]}
        before = {a.user_id for a in meeting.attendance.filter(present=True)}
        with transaction.atomic():
            for membership in members:
                Attendance.objects.update_or_create(
                    meeting=meeting, user=membership.user, defaults={"present": membership.user_id in present}
                )
            if before != present:
                names = {m.user_id: str(m.user) for m in members}
                ChangeRecord.record(
                    meeting, request.user, "attendance",
                    {"present": [sorted(names.get(u, str(u)) for u in before), sorted(names[u] for u in present)]},
                )
                meeting.bump_version()
        messages.success(request, _("The attendance is saved."))
    else:
        messages.error(request, _("The attendance could not be saved: choose among the group's members."))
    return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#attendance")


@permission_required("governance.view_meeting", raise_exception=True)
def minutes_edit(request, pk):
    """The minutes are written by the meeting's secretary or a coordinator."""
    meeting = meeting_or_404(pk)
    if not meeting.may_write_minutes(request.user):
        raise PermissionDenied
    try:
        meeting.check_minutes_can_be_written()
    except Meeting.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = MinutesForm(request.POST or None, items=meeting.agenda_items.all())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for item, text in form.minutes_by_item():
                meeting.write_minutes(item, text, by=request.user)
        messages.success(request, _("The minutes are saved."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/minutes_form.html", {"form": form, "meeting": meeting})


@permission_required("governance.change_meeting", raise_exception=True)
def minutes_correct(request, pk):
    meeting = meeting_or_404(pk)
    current = meeting.current_minutes
    if meeting.status != MeetingStatus.APPROVED or current is None:
        messages.error(request, _("Only approved minutes are corrected; edit the minutes directly until they are approved."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    form = CorrectionForm(request.POST or None, items=meeting.agenda_items.all(), content=current.content)
    if request.method == "POST" and form.is_valid():
        changes = {item.pk: text for item, text in form.minutes_by_item()}
        try:
            with transaction.atomic():
                version = meeting.correct_minutes(request.user, form.cleaned_data["reason"], changes)
        except Meeting.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The correction is recorded as version %(number)d.") % {"number": version.number})
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/minutes_correct.html", {"form": form, "meeting": meeting, "current": current})


TRANSITIONS = {
    "genomfort": ("mark_held", lambda: _("The meeting is marked as held.")),
    "justera": ("approve_minutes", lambda: _("The minutes are approved and now read-only.")),
}


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def meeting_transition(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    meeting = meeting_or_404(pk)
    method, message = TRANSITIONS[action]
    try:
        with transaction.atomic():
            getattr(meeting, method)(request.user)
    except Meeting.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, message())
    return redirect("governance:meeting_detail", pk=meeting.pk)


# --- Calendars and the agenda by mail ---


def ics_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def meeting_ics(request, pk):
    meeting = meeting_or_404(pk)
    return ics_response(calendar.calendar([meeting], meeting.group.name), f"mote-{meeting.pk}.ics")


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def group_ics(request, slug):
    group = get_object_or_404(Group, slug=slug)
    meetings = group.meetings.select_related("group").prefetch_related("agenda_items").order_by("starts_at")
    return ics_response(calendar.calendar(meetings, group.name), f"{group.slug}.ics")


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def meeting_send_agenda(request, pk):
    meeting = meeting_or_404(pk)
    members = [m for m in meeting.group.current_members().select_related("user") if m.user.email]
    if not members:
        messages.error(request, _("The group has no current members to send the agenda to."))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "items": meeting.agenda_items.all(),
        "url": absolute_url(reverse("governance:meeting_detail", args=[meeting.pk])),
    }
    ics = (f"mote-{meeting.pk}.ics", calendar.calendar([meeting], meeting.group.name), "text/calendar")
    for membership in members:
        send("governance/email/agenda", membership.user.email, context, attachments=[ics])
    ChangeRecord.record(meeting, request.user, "agenda sent", {"recipients": [None, len(members)]})
    messages.success(request, _("The agenda is sent to %(count)d members.") % {"count": len(members)})
    return redirect("governance:meeting_detail", pk=meeting.pk)
