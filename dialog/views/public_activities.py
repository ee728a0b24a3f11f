"""Dialogue activities in public: the page of coming and past activities, sign-up and the calendar feed.

Only activities staff marked public (``DialogueActivity.objects.public()``) are shown,
and only their public fields; notes, participants and concerns stay internal.
"""

from datetime import datetime, timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dialog.activity_forms import SignUpForm
from dialog.models import ActivityFull, DialogueActivity
from trygg.localized import localized_text
from trygg.ratelimit import limited, too_many

PAST_SHOWN = 20


@login_not_required
@require_safe
def public_activities(request):
    today = timezone.localdate()
    public = DialogueActivity.objects.public().select_related("locality")
    context = {
        "coming": public.coming(today),
        "past": public.past(today)[:PAST_SHOWN],
    }
    return render(request, "dialog/public_activities.html", context)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def public_activity(request, pk):
    activity = get_object_or_404(DialogueActivity.objects.public().select_related("locality"), pk=pk)
    today = timezone.localdate()
    form = SignUpForm(request.POST if request.method == "POST" else None)
    full = False
    if request.method == "POST" and activity.signup_open(today) and form.is_valid():
        if limited(request, "signup"):
            return too_many(request)
        try:
            activity.sign_up(name=form.cleaned_data["name"], email=form.cleaned_data["email"], today=today)
        except ActivityFull:
            full = True
        else:
            messages.success(request, _("You are signed up. The organisers will contact you by e-mail if anything changes."))
            return redirect("dialog:public_activity", pk=activity.pk)
    context = {
        "activity": activity,
        "is_past": activity.date < today,
        "signup_open": activity.signup_open(today) and activity.places_left > 0,
        "full": full or (activity.signup_open(today) and activity.places_left == 0),
        "form": form,
        "has_errors": request.method == "POST",
        "reports": activity.public_reports() if activity.date < today else [],
    }
    return render(request, "dialog/public_activity.html", context)


def _event(activity, request):
    event = icalendar.Event()
    event.add("uid", f"dialog-activity-{activity.pk}@{request.get_host()}")
    event.add("summary", localized_text(activity, "title"))
    zone = timezone.get_current_timezone()
    if activity.starts_at:
        start = datetime.combine(activity.date, activity.starts_at, tzinfo=zone)
        event.add("dtstart", start)
        if activity.ends_at:
            event.add("dtend", datetime.combine(activity.date, activity.ends_at, tzinfo=zone))
    else:
        event.add("dtstart", activity.date)
        event.add("dtend", activity.date + timedelta(days=1))
    event.add("dtstamp", timezone.now())
    event.add("location", ", ".join(part for part in (activity.place, str(activity.locality)) if part))
    description = [activity.get_kind_display(), localized_text(activity, "public_description"), activity.accessibility, activity.contact]
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", request.build_absolute_uri(reverse("dialog:public_activity", args=[activity.pk])))
    return event


@login_not_required
@require_safe
def activities_calendar(request):
    """The public activities as an iCalendar feed (RFC 5545), to subscribe to in a calendar app."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Trygg på Tjörn//Dialog//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Dialogue activities on Tjörn"))
    for activity in DialogueActivity.objects.public().select_related("locality").order_by("date", "pk"):
        calendar.add_component(_event(activity, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="trygg-dialog.ics"'
    return response
