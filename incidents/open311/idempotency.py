"""One report per service request, however often a system sends it.

Systems that forward residents' reports retry a POST when they get no answer
(a timeout, a 503 while the database restarts). GeoReport v2 has no rule for
this, so the portal recognises a repeat in two ways, each scoped to the api_key:

- ``Idempotency-Key`` header (the IETF HTTP API working group's
  draft-ietf-httpapi-idempotency-key-header): the same key from the same
  api_key always answers with the report made by the first request; keys are
  kept as long as the report. The same key with a different request within
  KEY_FINGERPRINT_SECONDS is refused with 422, as the draft asks: it is a
  mistake of the sending system, not a retry.
- Without the header, an identical request (every parameter and every photo's
  bytes) from the same api_key within IDENTICAL_REQUEST_WINDOW answers with the
  report of the first one.

Both become the report's submission id, the same unique column that stops a
double-clicked form, so two identical requests arriving at the same moment
still store one report. The id is an HMAC keyed with SECRET_KEY
(incidents/submissions.py): a case number used as Idempotency-Key is often
public, and the id must not be computable from it and the key's number.
"""

import hashlib
import json
import re
import time

from django.core.cache import cache

from incidents.submissions import secret_uuid

IDENTICAL_REQUEST_WINDOW = 10 * 60  # seconds
KEY_FINGERPRINT_SECONDS = 24 * 60 * 60  # how long a key's request is remembered, to refuse a different one
HEADER = "Idempotency-Key"
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's sf-string allows


def is_valid_key(value):
    return bool(VALID_KEY.match(value))


def key_submission_id(api_key, idempotency_key):
    return secret_uuid("open311-key", api_key.pk, idempotency_key)


def fingerprint(parameters, files):
    """A digest of every parameter but the api_key, and of every uploaded file's content."""
    digest = hashlib.sha256()
    fields = sorted((name, parameters.getlist(name)) for name in parameters if name != "api_key")
    digest.update(json.dumps(fields, ensure_ascii=False).encode())
    for name in sorted(files):
        for upload in files.getlist(name):
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            digest.update(b"\0")
    return digest.hexdigest()


def identical_request_ids(api_key, parameters, files, now=None):
    """The submission ids of this request now and in the previous window, newest first.

    Windows are fixed slices of time, so a repeat is recognised for at least
    one window and at most two.
    """
    window = int((time.time() if now is None else now) // IDENTICAL_REQUEST_WINDOW)
    digest = fingerprint(parameters, files)
    return [secret_uuid("open311-request", api_key.pk, digest, w) for w in (window, window - 1)]


def _fingerprint_key(submission_id):
    return f"open311:idempotency:{submission_id}"


def remember_request(submission_id, parameters, files):
    """Keep what the request with this key looked like, to tell a retry from a reused key."""
    cache.set(_fingerprint_key(submission_id), fingerprint(parameters, files), KEY_FINGERPRINT_SECONDS)


def is_another_request(submission_id, parameters, files):
    """True if this key was used for a request that differs from this one (within KEY_FINGERPRINT_SECONDS)."""
    remembered = cache.get(_fingerprint_key(submission_id))
    return remembered is not None and remembered != fingerprint(parameters, files)
