"""Submission ids: what tells a repeated send from a new one, and never a key to somebody else's report.

A public form carries a submission id (a random UUID, new for every rendered
form), so that a double-click or a retried request is answered with what the
first send made instead of storing it twice. That answer is the private
receipt, so an id must only ever find what the same sender sent:

- A browser's id is stored bound to that browser: the stored submission id is
  an HMAC (keyed with SECRET_KEY) of the id in the form and the browser's
  CSRF secret (the csrftoken cookie every POST must carry, or the session key
  when CSRF is kept in the session). Another browser sending the same id (or
  the stored one) finds nothing and gets an ordinary, fresh form.
- A system's id (Open311: its key and Idempotency-Key header, or an identical
  request) is an HMAC keyed with SECRET_KEY as well, in its own purpose, so no
  one can compute it from the key's number and a case number, and no browser's
  id can ever coincide with it.

Without a CSRF secret (only possible where CSRF checks are off, as in some
tests) a send is never recognised as a repeat.
"""

import uuid

from django.utils.crypto import salted_hmac

SALT = "trygg.submission-id"


def secret_uuid(purpose, *parts):
    """A UUID no one can compute without SECRET_KEY, from a purpose and the parts that make the submission."""
    value = "\x1f".join([purpose, *(str(part) for part in parts)])
    return uuid.UUID(bytes=salted_hmac(SALT, value, algorithm="sha256").digest()[:16])


def browser_secret(request):
    """The secret this browser holds and every POST of it must carry: its CSRF secret (or session key)."""
    return request.META.get("CSRF_COOKIE") or getattr(getattr(request, "session", None), "session_key", None)


def browser_submission_id(browser, sent_id):
    """The stored submission id of a form sent by this browser with this id; a fresh one without a browser."""
    if not browser or sent_id is None:
        return uuid.uuid4()
    return secret_uuid("browser", browser, sent_id)
