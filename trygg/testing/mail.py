"""A mail server that is down, for tests: every send fails as SMTP does when it cannot connect."""

from django.core.mail.backends.base import BaseEmailBackend

SMTP_DOWN = "trygg.testing.mail.SmtpDownBackend"


class SmtpDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
