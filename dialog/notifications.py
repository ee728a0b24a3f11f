"""Mail about feedback: the receipt and the coordinator's answer (.txt + .html pairs under dialog/email/)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send(template, to, context):
    context = {**context, "portal": settings.PORTAL}
    subject = render_to_string(f"dialog/email/{template}_subject.txt", context).strip()
    text = render_to_string(f"dialog/email/{template}.txt", context)
    html = render_to_string(f"dialog/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_feedback_receipt(feedback):
    send("feedback_receipt", feedback.contact_email, {"feedback": feedback})


def send_feedback_answer(feedback):
    send(
        "feedback_answer",
        feedback.contact_email,
        {"feedback": feedback, "answers_url": absolute(reverse("dialog:answered"))},
    )
