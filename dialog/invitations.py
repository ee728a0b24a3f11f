"""Personal single-use invitations to staff surveys, and invitation codes for representative rounds.

A representative round (Survey.invitation_only) is answered only with a code
sent by letter to the people picked: each code gives one answer and no limit
per address applies. Codes are short and easy to type (no 0/O, 1/I/L); the
code is the invitation's token, so the letter's link and the code form lead to
the same single-use invitation.

An invitation records only its address and when it was sent and used; no
response points to it, so answers stay anonymous. The mail carries the
personal link (the URL "dialog:invitation"); it is sent after the rows are
committed.
"""

import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dialog.models import Invitation
from trygg import roles
from trygg.models import User
from trygg.mail import absolute_url, send


def staff_addresses():
    """The addresses of every active user in the role Personal."""
    return list(
        User.objects.filter(groups__name=roles.STAFF, is_active=True).order_by("email").values_list("email", flat=True)
    )


def invitation_url(invitation):
    return absolute_url(reverse("dialog:invitation", args=[invitation.token]))


def send_invitation(invitation):
    send("dialog/email/invitation", invitation.email, {"survey": invitation.survey, "url": invitation_url(invitation)})
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def _send_after_commit(invitations):
    for invitation in invitations:
        transaction.on_commit(lambda invitation=invitation: send_invitation(invitation), robust=True)


@transaction.atomic
def invite(survey, addresses):
    """Create and send one invitation per new address; returns (sent, skipped as already invited)."""
    already = set(survey.invitations.filter(email__in=addresses).values_list("email", flat=True))
    created = []
    for address in addresses:
        if address in already:
            continue
        try:
            with transaction.atomic():
                created.append(Invitation.objects.create(survey=survey, email=address))
        except IntegrityError:  # invited at the same moment by another request
            already.add(address)
    _send_after_commit(created)
    return len(created), len(addresses) - len(created)


@transaction.atomic
def resend_unused(survey):
    """Send the link again to everyone invited who has not answered; returns how many."""
    unused = list(survey.invitations.filter(used_at__isnull=True).exclude(email="").order_by("pk"))  # codes go by letter
    _send_after_commit(unused)
    return len(unused)


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text):
    """What a resident typed: spaces, dashes and case do not matter."""
    return "".join(character for character in text.upper() if character.isalnum())


def create_codes(survey, count):
    """Create count new invitation codes for a representative round."""
    created = []
    while len(created) < count:
        try:
            with transaction.atomic():
                created.append(Invitation.objects.create(survey=survey, email="", token=new_code()))
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    return created


def codes_up_to(survey, count):
    """Top the survey's codes up to count (idempotent); returns the unused ones."""
    codes = survey.invitations.filter(email="")
    missing = count - codes.count()
    if missing > 0:
        create_codes(survey, missing)
    return list(codes.filter(used_at__isnull=True).order_by("pk"))
