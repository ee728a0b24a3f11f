"""The portal's mail: every message is a template trio NAME_subject.txt, NAME.txt and NAME.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path):
    """A link for a mail: the portal's public address plus the path."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def unsubscribe_headers(url):
    """One-click unsubscribe (RFC 8058): mail programs offer it and POST to ``url`` without opening a page."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send(template, to, context, attachments=(), headers=None):
    """Send the template trio (e.g. "incidents/email/receipt") to one address.

    `attachments`: (filename, content, mimetype) triples; `headers`: extra mail headers.
    """
    context = {**context, "portal": settings.PORTAL}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{template}.txt", context), settings.DEFAULT_FROM_EMAIL, [to], headers=headers
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
