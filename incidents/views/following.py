"""What anyone can do about a public report: "is it already reported?", "I have seen this too", follow by e-mail.

As FixMyStreet does: before sending, a resident sees the public reports near
the place (at their public points only); on a report's public page they can
say they have seen it too (counted once per browser, nothing about them stored)
or follow it by e-mail (double opt-in, one-click unsubscribe). The address is
never shown, and whether an address already follows a report is never told.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incidents.forms import FollowForm, NearbyForm
from incidents.models import NEARBY_METRES, ReportSubscription
from incidents.views.public import SEEN_COOKIE, SEEN_COOKIE_SALT, detail_context, public_reports, seen_reports
from trygg.ratelimit import hashed_key, hit, limited, too_many

SEEN_COOKIE_SECONDS = 365 * 24 * 3600
SEEN_REMEMBERED = 200  # the cookie stays small: the latest reports this browser confirmed
# Confirmation mails to one address a day, whoever asks (a public form must not become a way to flood an inbox).
FOLLOW_MAILS_PER_ADDRESS = [(3, 86400)]


@login_not_required
@require_safe
def nearby(request):
    """Public reports near a point or in a locality: a page of its own without JavaScript, a fragment for the map."""
    form = NearbyForm(request.GET or None)
    context = {"form": form, "reports": form.nearby(), "metres": NEARBY_METRES}
    if request.GET.get("fragment"):
        return render(request, "incidents/_nearby_reports.html", context)
    return render(request, "incidents/nearby_reports.html", context)


@login_not_required
@require_POST
def seen_too(request, pk):
    report = get_object_or_404(public_reports(), pk=pk)
    seen = seen_reports(request)
    if report.pk in seen:
        messages.info(request, _("You have already said that you have seen this. Thank you!"))
        return redirect("incidents:detail", pk=report.pk)
    if limited(request, "seen_too"):
        return too_many(request)
    report.confirm_seen()
    messages.success(request, _("Thank you. Your observation is counted and helps the municipality and the police "
                                "see how widespread the problem is."))
    response = redirect("incidents:detail", pk=report.pk)
    remembered = ",".join(str(confirmed) for confirmed in [*seen, report.pk][-SEEN_REMEMBERED:])
    response.set_signed_cookie(
        SEEN_COOKIE, remembered, salt=SEEN_COOKIE_SALT, max_age=SEEN_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


@login_not_required
@require_POST
def follow(request, pk):
    report = get_object_or_404(public_reports(), pk=pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "incidents/report_detail.html", detail_context(request, report, follow_form=form))
    if limited(request, "follow") or hit("follow_email", hashed_key(form.cleaned_data["email"].strip().lower()),
                                         FOLLOW_MAILS_PER_ADDRESS):
        return too_many(request)
    ReportSubscription.ask(report, form.cleaned_data["email"], language=get_language() or "sv")
    # The same answer whether or not the address already follows the report.
    messages.success(request, _("Check your e-mail: we have sent a link to confirm that you want to follow the "
                                "report. Nothing is sent until you have used it."))
    return redirect("incidents:detail", pk=report.pk)


def invalid_link(request):
    return render(request, "incidents/follow_link.html", {"invalid": True}, status=400)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request, token):
    """The link in the confirmation mail: a page with one button (a link checker's GET changes nothing)."""
    try:
        subscription = ReportSubscription.objects.for_token(
            token, ReportSubscription.CONFIRM_SALT, max_age=ReportSubscription.CONFIRM_WITHIN
        )
    except signing.BadSignature:
        return invalid_link(request)
    if subscription is None or not subscription.report.is_public:
        return invalid_link(request)
    if request.method == "POST":
        subscription.confirm()
    return render(request, "incidents/follow_link.html", {"subscription": subscription, "action": "confirm"})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a form; the signed token is the key
@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def unfollow(request, token):
    """The unsubscribe link of every follower mail: a page with one button; a POST (also one-click) stops the mails."""
    try:
        subscription = ReportSubscription.objects.for_token(token, ReportSubscription.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return invalid_link(request)
    if subscription is None:  # used before: the mails have already stopped
        return render(request, "incidents/follow_link.html", {"action": "stopped"})
    if request.method == "POST":
        report = subscription.report
        subscription.delete()
        return render(request, "incidents/follow_link.html", {"action": "stopped", "report": report})
    return render(request, "incidents/follow_link.html", {"subscription": subscription, "action": "unfollow"})
