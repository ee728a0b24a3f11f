"""Mail about feedback: the receipt and the coordinator's answer (.txt + .html pairs under dialog/email/).

The address is whatever the writer typed and has never been verified, so these
mails never repeat what was submitted (text, name, links): anyone could
otherwise send phishing mail in the portal's name. They carry only the
reference number, the coordinator's own words and the portal's own links.
"""

from django.urls import reverse

from dialog.models import FeedbackStatus
from trygg.mail import absolute_url, send


def send_feedback_receipt(feedback):
    send(
        "dialog/email/feedback_receipt",
        feedback.contact_email,
        {"reference": feedback.reference, "portal_url": absolute_url(reverse("home"))},
    )


def send_feedback_answer(feedback):
    send(
        "dialog/email/feedback_answer",
        feedback.contact_email,
        {
            "reference": feedback.reference,
            "answer": feedback.answer,
            "answered_publicly": feedback.status == FeedbackStatus.ANSWERED_PUBLICLY,
            "answers_url": absolute_url(reverse("dialog:answered")),
        },
    )
