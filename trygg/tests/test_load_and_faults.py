"""Reports under load while PostgreSQL restarts: every "thank you" is stored once, every failure says "try again".

The portal runs as in production (trygg/testing/production_portal.py: gunicorn with deploy/gunicorn.conf.py, DEBUG=0,
manifest static files, persistent health-checked connections, behind an HTTPS
proxy, which the test plays by sending X-Forwarded-Proto) against a PostgreSQL
cluster of the fault tests' own (trygg/testing/postgres_cluster.py), never the
machine's. For LOAD_SECONDS, CLIENTS residents and systems send reports at
once: residents through the real form (GET it for the CSRF token and the
submission id, then POST, some with a photo), systems through Open311 POST
requests. In the middle the cluster is restarted (`pg_ctl -m fast`, every
connection cut at once) and stays down for OUTAGE_SECONDS: a bare
`pg_ctl restart` of this small cluster takes a fraction of a second, which
clients whose connections are health-checked may never notice at all.

Afterwards, read straight from the database:
- every submission answered with success (a redirect to its receipt, 201) is stored exactly once;
- every other answer is 503 with Retry-After, the bilingual try-again page or an Open311 error,
  and nothing of it was stored: no report, no photo file;
- the portal recovered by itself: reports succeed after the restart, from the same gunicorn workers;
- sending every failed submission again stores it, once.
"""

import io
import json
import re
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from PIL import Image

pytestmark = pytest.mark.fault

CLIENTS = 50
OPEN311_CLIENTS = 10  # of the CLIENTS; the others use the form
LOAD_SECONDS = 20
RESTART_AFTER_SECONDS = 7
OUTAGE_SECONDS = 2
FORM = "/rapportera/ny/"
RECEIPT = re.compile(r"^/rapport/[\w-]+/kvitto/$")


def tiny_jpeg():
    output = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 90, 160)).save(output, format="JPEG")
    return output.getvalue()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n".encode() + content + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- The two kinds of client ---


@dataclass
class Submission:
    channel: str  # "form" or "open311"
    marker: str  # unique text in the description
    send: object  # callable sending it (again), returning an Answer
    outcome: str = ""  # "succeeded", "503" or "other"
    started: float = 0.0
    detail: str = ""
    photo: bool = False
    fmt: str = None  # the Open311 format
    answers: list = field(default_factory=list)


def form_submission(site, marker, photo):
    """GET the form (CSRF token, submission id, fill time), then a sender that POSTs it (again)."""
    page, hidden, headers = site.form(FORM)
    if page.status != 200:
        return page, None
    fields = {
        "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
        "submission_id": hidden["submission_id"],
        "form_started": hidden["form_started"],
        "website": "",
        "kind": "unsafe_place",
        "category": site.category_id,
        "description": f"Trasig belysning vid gångvägen. {marker}",
        "latitude": "57.990000",
        "longitude": "11.550000",
        "time_of_day": "evening",
        "confirm_not_duplicate": "on",
    }
    if photo:
        body, content_type = multipart(fields, [("photos", "lampa.jpg", tiny_jpeg())])
    else:
        body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
    headers["Content-Type"] = content_type
    return page, lambda: site.request("POST", FORM, body=body, headers=headers)


def open311_submission(site, marker, number):
    """A sender of an Open311 POST, in JSON or XML, half of them with an Idempotency-Key."""
    fmt = "json" if number % 2 else "xml"
    fields = {
        "api_key": site.open311_key,
        "service_code": "belysning",
        "lat": "57.988123",
        "long": "11.548456",
        "description": f"Lampan vid busshållplatsen är trasig. {marker}",
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if number % 4 < 2:
        headers["Idempotency-Key"] = f"load-{marker}"
    body = urlencode(fields).encode()
    return fmt, lambda: site.request("POST", f"/open311/v2/requests.{fmt}", body=body, headers=headers)


def is_try_again_page(answer):
    page = answer.text
    return (
        answer.status == 503
        and answer.headers.get("retry-after", "").isdigit()
        and '<section lang="sv"' in page
        and '<section lang="en"' in page
        and "Nothing you sent was saved." in page
        and "112" in page
        and "114 14" in page
    )


def open311_error_code(answer, fmt):
    """The code of an Open311 error answer, or None when it is not one."""
    try:
        if fmt == "json":
            ((item,),) = [json.loads(answer.body)]
            return int(item["code"]) if item.get("description") else None
        root = ET.fromstring(answer.body)
        return int(root.findtext("error/code")) if root.tag == "errors" and root.findtext("error/description") else None
    except (ValueError, KeyError, TypeError, ET.ParseError):
        return None


def classify(submission, answer, fmt=None):
    submission.answers.append(answer)
    if submission.channel == "form":
        if answer.status == 302 and RECEIPT.match(answer.headers.get("location", "")):
            return "succeeded"
        if is_try_again_page(answer):
            return "503"
    else:
        if answer.status == 201:
            return "succeeded"
        if (
            answer.status == 503
            and answer.headers.get("retry-after", "").isdigit()
            and open311_error_code(answer, fmt) == 503
        ):
            return "503"
    submission.detail = f"{answer.status} {answer.headers.get('location', '')} {answer.text[:300]}"
    return "other"


def run_client(site, number, stop_at, submissions, form_pages, lock):
    channel = "open311" if number < OPEN311_CLIENTS else "form"
    sent = 0
    while time.monotonic() < stop_at:
        marker = f"load-{uuid.uuid4().hex}"
        submission = Submission(channel=channel, marker=marker, send=None, started=time.monotonic())
        try:
            if channel == "form":
                submission.photo = sent % 8 == 3
                page, submission.send = form_submission(site, marker, submission.photo)
                with lock:
                    form_pages["200" if page.status == 200 else "503" if is_try_again_page(page) else "other"] += 1
                if submission.send is None:
                    time.sleep(0.05)
                    continue
                fmt = None
            else:
                fmt, submission.send = open311_submission(site, marker, sent)
            submission.fmt = fmt
            submission.outcome = classify(submission, submission.send(), fmt)
        except OSError as error:  # no answer at all: the worst outcome
            submission.outcome, submission.detail = "other", repr(error)
        sent += 1
        with lock:
            submissions.append(submission)


def stored(site, submission):
    return site.reports(submission.marker)


def media_files(site):
    return [path for path in site.media_root.rglob("*") if path.is_file()] if site.media_root.exists() else []


# --- The tests ---


def test_reports_survive_a_database_restart_under_load(portal, postgres_cluster, record_property):
    workers_before = portal.worker_pids()
    submissions, form_pages, lock = [], Counter(), threading.Lock()
    started = time.monotonic()
    stop_at = started + LOAD_SECONDS
    threads = [
        threading.Thread(target=run_client, args=(portal, number, stop_at, submissions, form_pages, lock))
        for number in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(RESTART_AFTER_SECONDS)
    restart_began = time.monotonic()
    postgres_cluster.restart(down_seconds=OUTAGE_SECONDS)
    restart_ended = time.monotonic()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 90)
        assert not thread.is_alive(), "a client hung"

    counts = Counter(s.outcome for s in submissions)
    by_channel = Counter((s.channel, s.outcome) for s in submissions)
    # The counts, in the run's summary (the root conftest.py prints them, also from xdist workers).
    summary = (
        f"Load and faults: {len(submissions)} submissions by {CLIENTS} clients in {LOAD_SECONDS} s; PostgreSQL "
        f"restarted after {restart_began - started:.1f} s, down {restart_ended - restart_began:.1f} s\n"
        f"  succeeded: {counts['succeeded']} (form {by_channel['form', 'succeeded']}, "
        f"Open311 {by_channel['open311', 'succeeded']})\n"
        f"  503: {counts['503']} (form {by_channel['form', '503']}, Open311 {by_channel['open311', '503']})\n"
        f"  other: {counts['other']}\n"
        f"  form pages: {form_pages['200']} shown, {form_pages['503']} answered 503, {form_pages['other']} other"
    )
    print(summary)
    record_property("summary", summary)
    others = [f"{s.channel}: {s.detail}" for s in submissions if s.outcome == "other"]
    assert not others, "answers that were neither success nor a clear try-again:\n" + "\n".join(others[:10])
    assert form_pages["other"] == 0
    assert counts["503"] > 0, "the restart was not noticed: the test did not test anything"

    # Every success is stored exactly once; nothing of a 503 was stored.
    for submission in submissions:
        expected = 1 if submission.outcome == "succeeded" else 0
        assert stored(portal, submission) == expected, (submission.channel, submission.outcome, submission.marker)
    assert portal.reports("load-") == counts["succeeded"]
    # Photos: two files (image and thumbnail) for each stored photo, none left from failed submissions.
    photos = portal.value(
        "SELECT count(*) FROM incidents_reportphoto p JOIN incidents_report r ON r.id = p.report_id "
        "WHERE r.description LIKE %s",
        "%load-%",
    )
    assert photos == sum(1 for s in submissions if s.photo and s.outcome == "succeeded")
    assert len(media_files(portal)) == 2 * portal.value("SELECT count(*) FROM incidents_reportphoto")

    # Recovery by itself: the same workers answered successfully once the database was back.
    assert any(s.outcome == "succeeded" and s.started > restart_ended for s in submissions)
    assert portal.worker_pids() == workers_before
    assert portal.request("GET", "/healthz").status == 200

    # "Try again" is true: sending every failed submission again stores it, once.
    failed = [s for s in submissions if s.outcome == "503"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda s: classify(s, s.send(), s.fmt), failed))
        # Sending a success again does not add a second report either (a double-click, a retried request).
        succeeded = [s for s in submissions if s.outcome == "succeeded"][:40]
        repeated = list(pool.map(lambda s: (s.answers[-1], s.send()), succeeded))
    assert outcomes == ["succeeded"] * len(failed), [s.detail for s in failed if s.detail][:5]
    for first, again in repeated:
        assert (again.status, again.headers.get("location")) == (first.status, first.headers.get("location"))
        assert again.body == first.body
    for submission in failed + succeeded:
        assert stored(portal, submission) == 1, submission.marker
    record_property("summary", f"  sent again: {len(failed)} failed and {len(succeeded)} succeeded, each stored once")


def test_two_identical_posts_at_the_same_moment_store_one_report(portal):
    """A double-click or a retry that overtakes the first request: both reach the database at once."""
    rounds = 4
    for number in range(rounds):
        marker = f"twin-{uuid.uuid4().hex}"
        form_page, send_form = form_submission(portal, f"{marker}-form", photo=number % 2 == 0)
        assert form_page.status == 200
        _fmt, send_keyed = open311_submission(portal, f"{marker}-keyed", 0)  # with Idempotency-Key
        _fmt, send_same = open311_submission(portal, f"{marker}-same", 3)  # identical body, no key
        for send, suffix in ((send_form, "form"), (send_keyed, "keyed"), (send_same, "same")):
            barrier = threading.Barrier(2)

            def at_once(send=send, barrier=barrier):
                barrier.wait()
                return send()

            with ThreadPoolExecutor(max_workers=2) as pool:
                first, second = pool.map(lambda _: at_once(), range(2))
            assert first.status == second.status and first.status in (201, 302), (first.text[:300], second.text[:300])
            if suffix == "form":
                assert first.headers["location"] == second.headers["location"]
            else:
                assert first.body == second.body
            assert portal.reports(f"{marker}-{suffix}") == 1, suffix
    photos = portal.value(
        "SELECT count(*) FROM incidents_reportphoto p JOIN incidents_report r ON r.id = p.report_id "
        "WHERE r.description LIKE %s",
        "%twin-%",
    )
    assert photos == rounds // 2
    # The request that lost the race removed the photo files it had written.
    assert len(media_files(portal)) == 2 * portal.value("SELECT count(*) FROM incidents_reportphoto")
