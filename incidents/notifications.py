"""Mail to reporters (the receipt, status changes and the follow-up question) and to followers of a report.

Each mail is a .txt + .html template pair under incidents/email/, sent in the
reporter's language of the moment (Swedish by default); followers get theirs in
the language they asked in. Followers get only what the public page shows.
"""

from django.urls import reverse
from django.utils import translation

from trygg.mail import absolute_url, send, unsubscribe_headers


def status_url(report):
    return absolute_url(reverse("incidents:status", args=[report.token]))


def send_receipt(report):
    send("incidents/email/receipt", report.contact_email, {"report": report, "status_url": status_url(report)})


def send_status_change(report):
    if report.contact_email:
        send("incidents/email/status_changed", report.contact_email, {"report": report, "status_url": status_url(report)})


def send_message(report, text):
    """A coordinator's private message to the reporter, sent at once."""
    send("incidents/email/message", report.contact_email, {"report": report, "text": text, "status_url": status_url(report)})


def send_follow_up(follow_up):
    report = follow_up.report
    url = absolute_url(reverse("incidents:follow_up", args=[follow_up.token]))
    send("incidents/email/follow_up", report.contact_email, {"report": report, "follow_up_url": url})


def send_follow_confirmation(subscription):
    """Double opt-in: the link that starts the mails (nothing else is sent before it is used)."""
    with translation.override(subscription.language):
        url = absolute_url(reverse("incidents:follow_confirm", args=[subscription.confirm_token]))
        report_url = absolute_url(reverse("incidents:detail", args=[subscription.report_id]))
        send("incidents/email/follow_confirm", subscription.email,
             {"report": subscription.report, "confirm_url": url, "report_url": report_url,
              "days": subscription.CONFIRM_WITHIN.days})


def send_to_followers(report, responded=False):
    """A public status change (or a public response) of ``report`` to each confirmed follower.

    One mail each, with its own one-click unsubscribe link (also as List-Unsubscribe headers, RFC 8058).
    """
    for subscription in report.subscriptions.confirmed():
        with translation.override(subscription.language):
            unsubscribe_url = absolute_url(reverse("incidents:unfollow", args=[subscription.unsubscribe_token]))
            report_url = absolute_url(reverse("incidents:detail", args=[report.pk]))
            send("incidents/email/follow_update", subscription.email,
                 {"report": report, "responded": responded, "report_url": report_url,
                  "unsubscribe_url": unsubscribe_url},
                 headers=unsubscribe_headers(unsubscribe_url))
