"""Setting up two-factor authentication, not on trust at first use.

Whoever knows a password could otherwise pair their own authenticator app at
the first login and own the second factor for good. So pairing starts with a
code mailed to the account's address (out of band): only someone who has the
password *and* the mailbox sees the secret. The mailed code and the secret of
an unconfirmed pairing expire after TWO_FACTOR_ENROLMENT_SECONDS; a code
allows ENROLMENT_TRIES attempts.
"""

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "two_factor_enrolment"
ENROLMENT_TRIES = 5


def code_hash(code):
    return hmac.new(settings.SECRET_KEY.encode(), f"two-factor-enrolment:{code}".encode(), hashlib.sha256).hexdigest()


class Enrolment:
    """The state of one pairing, in the session: the mailed code (hashed), its deadline and whether it was given."""

    def __init__(self, session):
        self.session = session
        state = session.get(SESSION_KEY) or {}
        if state and state.get("expires", 0) < time.time():
            state = {}
            session.pop(SESSION_KEY, None)
        self.state = state

    @property
    def started(self):
        return bool(self.state)

    @property
    def mail_confirmed(self):
        return self.state.get("confirmed", False)

    def start(self):
        """A new code (returned, to be mailed); any earlier code and unconfirmed secret are void."""
        code = f"{secrets.randbelow(10**8):08d}"
        self.state = {"code": code_hash(code), "expires": time.time() + settings.TWO_FACTOR_ENROLMENT_SECONDS,
                      "tries": 0, "confirmed": False}
        self.session[SESSION_KEY] = self.state
        return code

    def check(self, code):
        """True for the mailed code; after ENROLMENT_TRIES wrong codes a new one must be sent."""
        if not self.started:
            return False
        self.state["tries"] += 1
        right = hmac.compare_digest(self.state["code"], code_hash(code.strip()))
        if right:
            self.state["confirmed"] = True
        if right or self.state["tries"] < ENROLMENT_TRIES:
            self.session[SESSION_KEY] = self.state
        else:
            self.end()
        return right

    def end(self):
        self.state = {}
        self.session.pop(SESSION_KEY, None)


def pending_device(user):
    """The unconfirmed authenticator being paired, new if none; secrets older than the enrolment time are gone."""
    expired = timezone.now() - timedelta(seconds=settings.TWO_FACTOR_ENROLMENT_SECONDS)
    TOTPDevice.objects.filter(user=user, confirmed=False, created_at__lt=expired).delete()
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        from django.utils.translation import gettext

        device = TOTPDevice.objects.create(user=user, name=gettext("Authenticator app"), confirmed=False)
    return device


def discard_pending(user):
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
