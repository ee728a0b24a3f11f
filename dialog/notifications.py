"""Mail about feedback: the receipt and the coordinator's answer (.txt + .html pairs under dialog/email/)."""

from django.urls import reverse

from trygg.mail import absolute_url, send


def send_feedback_receipt(feedback):
    send("dialog/email/feedback_receipt", feedback.contact_email, {"feedback": feedback})


def send_feedback_answer(feedback):
    send(
        "dialog/email/feedback_answer",
        feedback.contact_email,
        {"feedback": feedback, "answers_url": absolute_url(reverse("dialog:answered"))},
    )
