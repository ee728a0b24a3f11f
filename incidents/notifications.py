"""Mail to reporters: the receipt, status changes and the follow-up question.

Each mail is a .txt + .html template pair under incidents/email/, sent in the
reporter's language of the moment (Swedish by default).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send(template, to, context):
    context = {**context, "portal": settings.PORTAL}
    subject = render_to_string(f"incidents/email/{template}_subject.txt", context).strip()
    text = render_to_string(f"incidents/email/{template}.txt", context)
    html = render_to_string(f"incidents/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def status_url(report):
    return absolute(reverse("incidents:status", args=[report.token]))


def send_receipt(report):
    send("receipt", report.contact_email, {"report": report, "status_url": status_url(report)})


def send_status_change(report):
    if report.contact_email:
        send("status_changed", report.contact_email, {"report": report, "status_url": status_url(report)})


def send_follow_up(follow_up):
    report = follow_up.report
    url = absolute(reverse("incidents:follow_up", args=[follow_up.token]))
    send("follow_up", report.contact_email, {"report": report, "follow_up_url": url})
