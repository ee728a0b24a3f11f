"""Group calendars that a calendar app (Outlook, a phone) subscribes to without logging in.

Each user gets a secret address per group (CalendarFeed); making a new one
revokes the old. The feed holds the group's meetings with their titles, times,
place and agenda titles, nothing more. An unknown or revoked address, or one
whose owner may no longer see meetings, answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from governance import calendar
from governance.models import CalendarFeed, Group
from governance.views.meetings import ics_response

REFRESH_HOURS = 1


@permission_required("governance.view_meeting", raise_exception=True)
@require_POST
def calendar_feed(request, slug):
    group = get_object_or_404(Group, slug=slug)
    if request.POST.get("action") == "revoke":
        if CalendarFeed.revoke(request.user, group):
            messages.success(request, _("The calendar link is revoked: it no longer works."))
    else:
        CalendarFeed.renew(request.user, group)
        messages.success(request, _("A new calendar link is made. The old one no longer works."))
    return redirect(reverse("governance:meeting_list") + "#calendars")


@login_not_required
@require_safe
def calendar_feed_ics(request, token):
    feed = CalendarFeed.active(token)
    if feed is None:
        raise Http404
    meetings = feed.group.meetings.select_related("group").prefetch_related("agenda_items").order_by("starts_at")
    response = ics_response(calendar.calendar(meetings, feed.group.name, refresh_hours=REFRESH_HOURS),
                            f"{feed.group.slug}.ics")
    response["Content-Disposition"] = f'inline; filename="{feed.group.slug}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
