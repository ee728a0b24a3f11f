"""Mail to reporters: the receipt, status changes and the follow-up question.

Each mail is a .txt + .html template pair under incidents/email/, sent in the
reporter's language of the moment (Swedish by default).
"""

from django.urls import reverse

from trygg.mail import absolute_url, send


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
