"""No personal data where its viewer's role may not see it: seeded markers, every page crawled as each role.

The world of ``trygg.tests.portal`` holds every kind of personal data as a
unique marker: reporters', senders' and respondents' names, email addresses
and phone numbers, what a reporter wrote (the report, a reopening, a follow-up
comment), what feedback says, survey free text and a name in a photo's EXIF. Each role starts at
every URL of the URL configuration (pages, feeds, calendars, CSV and GeoJSON
exports, the Open311 API in JSON and XML, the admin) and follows the links and
redirects it finds within the site. Wherever a marker turns up, ``RULES`` must
allow that role to see it on that page; the crawl also checks that the allowed
places are really reached, and that looking at contact details is logged.

Then nothing may be left behind: a person's markers are looked for in every
column of every table and in every file under MEDIA_ROOT after they delete
their account, and after a retention run with the clock moved past every
retention period. Only the records themselves (the report's and the
feedback's text, public records) stay.
"""

import html
import re
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from conftest import PASSWORD, make_user
from incidents.models import ReportEvent
from trygg.models import AuditEntry
from trygg.testing.clock import fixed_clock
from trygg.tests.portal import (  # noqa: F401 - fixtures
    MARKERS,
    ROLES,
    media_in_tmp,
    role_client,
    site_urls,
    world,
    world_media,
)

pytestmark = pytest.mark.django_db

ANY_PAGE = "*"
ADMIN_PAGES = "admin:*"
# Where those who handle reports read them.
REPORT_HANDLING = {"incidents:queue", "incidents:moderate", "incidents:export_csv", "incidents:export_geojson"}

# Who may see which personal data, and on which pages (URL names). Nobody else, nowhere else.
RULES = {
    # A reporter's contact details: on the report's own contact page, where every look is logged,
    # for those who follow up reports (coordinators and police liaisons, per roles.py) and the admin.
    "reporter's contact details": {
        "markers": ["report_name", "report_email", "report_phone",
                    "published_report_name", "published_report_email", "published_report_phone"],
        "samordnare": {"incidents:contact"},
        "polis": {"incidents:contact"},
        "admin": {"incidents:contact"},
    },
    # The account a report came from: on the same logged page; account emails also in the user admin.
    "reporter's account": {
        "markers": ["reporter_account"],
        "samordnare": {"incidents:contact"},
        "polis": {"incidents:contact"},
        "admin": {"incidents:contact", ADMIN_PAGES},
    },
    # Residents see their own account everywhere (it names who is logged in); the admin manages accounts.
    "a resident's own account": {
        "markers": ["resident_account"],
        "resident": {ANY_PAGE},
        "admin": {ADMIN_PAGES},
    },
    # Tyck till: those who answer feedback (dialog.handle_feedback), on the feedback's contact page (logged).
    "feedback sender's contact details": {
        "markers": ["feedback_name", "feedback_email", "feedback_phone"],
        "samordnare": {"dialog:feedback_contact"},
        "admin": {"dialog:feedback_contact"},
    },
    # Free-text answers: those with dialog.view_free_text / export_responses, never in published results.
    "survey free text": {
        "markers": ["survey_free_text"],
        "samordnare": {"dialog:free_text", "dialog:results_csv"},
        "admin": {"dialog:free_text", "dialog:results_csv"},
    },
    # What a reporter wrote: to whoever holds the report's private status link (in the crawl every role
    # is given it, as if it were the reporter), and to those who handle reports, in their lists and exports.
    "reporter's text": {
        "markers": ["report_text"],
        **{role: {"incidents:status"} for role in ROLES},
        "samordnare": {"incidents:status", *REPORT_HANDLING},
        "polis": {"incidents:status", *REPORT_HANDLING},
        "admin": {"incidents:status", *REPORT_HANDLING, ADMIN_PAGES},
    },
    # What the reporter wrote when reopening: in the report's history, for those who handle it.
    "reopening text": {
        "markers": ["reopen_text"],
        "samordnare": {"incidents:moderate"},
        "polis": {"incidents:moderate"},
        "admin": {"incidents:moderate", ADMIN_PAGES},
    },
    # The comment on "Känns platsen tryggare nu?": no page shows it today.
    "follow-up comment": {"markers": ["follow_up_comment"]},
    # What a sender wrote in Tyck till: those who may view feedback (dialog.view_feedback).
    "feedback text": {
        "markers": ["feedback_text"],
        "samordnare": {"dialog:feedback_queue", "dialog:feedback_detail", ADMIN_PAGES},
        "arbetsgrupp": {"dialog:feedback_queue", "dialog:feedback_detail"},
        # The agreement has the police take part in answering what residents raise (issue 12).
        "polis": {"dialog:feedback_queue", "dialog:feedback_detail"},
        "admin": {"dialog:feedback_queue", "dialog:feedback_detail", ADMIN_PAGES},
    },
    # Someone who follows a public report by e-mail: no page shows the address, to anyone (staff see a count).
    "follower's e-mail": {"markers": ["follower_email"]},
    # A photo's metadata is stripped when it is stored: nobody sees it, anywhere.
    "photo metadata": {"markers": ["photo_exif"]},
    # Invited staff: those who send the invitations (the page shows only counts today).
    "invited staff member's email": {
        "markers": ["invitation_email"],
        "samordnare": {"dialog:invitations"},
        "admin": {"dialog:invitations"},
    },
}

# Places the crawl must reach with the marker showing (so that a crawl that finds nothing fails).
MUST_SEE = [
    ("samordnare", "report_email", "incidents:contact"),
    ("polis", "report_phone", "incidents:contact"),
    ("samordnare", "feedback_email", "dialog:feedback_contact"),
    ("samordnare", "survey_free_text", "dialog:free_text"),
    ("samordnare", "survey_free_text", "dialog:results_csv"),
    ("resident", "resident_account", "account_data_download"),
    ("admin", "reporter_account", "admin:trygg_user_changelist"),
    ("anonymous", "report_text", "incidents:status"),
    ("samordnare", "report_text", "incidents:moderate"),
    ("polis", "reopen_text", "incidents:moderate"),
    ("arbetsgrupp", "feedback_text", "dialog:feedback_detail"),
]
# Roles whose crawl must have fetched the photo itself (where its metadata would show).
MUST_FETCH_PHOTO = ["samordnare", "polis"]

# Pages of one URL name visited per role, at most (filters and sort orders add endless variants).
VARIANTS_PER_NAME = 3
LINK = re.compile(r'(?:href|src)="([^"]+)"')
# Buttons that reveal contact details or export (logged, so a POST): the crawl presses each once.
LOGGED_ACTION = re.compile(r'<form method="post" action="([^"]+)"[^>]*data-logged-action')


def marker_forms():
    """Each marker as it may be written: as given, and phone numbers as digits only (tel: links)."""
    forms = {}
    for key, value in MARKERS.items():
        forms[key] = {value}
        if "phone" in key:
            forms[key].add(re.sub(r"\D", "", value))
    return forms


def allowed(role, marker, url_name):
    for rule in RULES.values():
        if marker in rule["markers"]:
            places = rule.get(role, set())
            return (ANY_PAGE in places or url_name in places
                    or (ADMIN_PAGES in places and url_name.startswith("admin:")))
    raise AssertionError(f"add the marker {marker} to RULES")


def body(response):
    """The response as text; images too, where metadata would show as plain text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def url_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


def links(page_url, text, pattern=LINK):
    for raw in pattern.findall(text):
        target = urljoin(page_url, html.unescape(raw)).split("#")[0]
        if target.startswith("/") and not target.startswith(("//", "/static/", "/media/")):
            yield target


def start_urls(world):
    for site_url in site_urls(world):
        if site_url.url:
            yield site_url.url
            if site_url.kwargs.get("fmt") == "json":
                yield site_url.url.removesuffix(".json") + ".xml"


def crawl(client, world):
    """Visit every start URL and every in-site link and redirect, press every logged-action button;
    return {(marker, url name): [urls]}."""
    forms = marker_forms()
    queue, seen, per_name = list(start_urls(world)), set(), defaultdict(int)
    found, pressed = defaultdict(list), set()

    def look(response, name, url):
        text = body(response)
        for marker, variants in forms.items():
            if any(variant in text for variant in variants):
                found[(marker, name)].append(url)
        return text

    while queue:
        url = queue.pop(0)
        name = url_name(url) or "admin:catch_all" if url.startswith("/admin/") else url_name(url)
        if url in seen or name is None or per_name[name] >= VARIANTS_PER_NAME:
            continue
        seen.add(url)
        per_name[name] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        text = look(response, name, url)
        if "html" in response.get("Content-Type", ""):
            queue.extend(links(url, text))
            for action in links(url, text, LOGGED_ACTION):
                if action not in pressed:
                    pressed.add(action)
                    look(client.post(action), url_name(action), action)
    return found, seen


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_shows_only_where_the_role_may_see_it(role, world):
    found, seen = crawl(role_client(world, role), world)
    assert len(seen) > 50, "the crawl reached too few pages to prove anything"
    leaks = [
        f"{marker} on {name} ({', '.join(urls[:2])})"
        for (marker, name), urls in sorted(found.items())
        if not allowed(role, marker, name)
    ]
    assert not leaks, f"{role} sees personal data it may not see:\n" + "\n".join(leaks)
    for must_role, marker, name in MUST_SEE:
        if must_role == role:
            assert (marker, name) in found, f"{role} should see {marker} on {name}: is the crawl reaching it?"
    if role in MUST_FETCH_PHOTO:
        assert any(url_name(url) == "incidents:photo" for url in seen), "the crawl never fetched the photo"
    if role in RULES["reporter's contact details"]:
        assert_contact_views_logged(world, world.users.get(role))


def assert_contact_views_logged(world, user):
    """Having seen contact details, the viewer is in the report's history and the audit trail."""
    for report in (world.report, world.published_report):
        assert report.events.filter(action=ReportEvent.Action.CONTACT_VIEWED, actor=user).exists()
        assert AuditEntry.objects.filter(
            actor=user, action=AuditEntry.Action.CONTACT_VIEWED, object_type="incidents.report",
            object_id=str(report.pk),
        ).exists()
    if user.has_perm("dialog.handle_feedback"):
        assert AuditEntry.objects.filter(
            actor=user, action=AuditEntry.Action.CONTACT_VIEWED, object_id=str(world.feedback.pk)
        ).exists()


# --- Nothing left behind: after account deletion and after retention, in any table or file ----------------

# Markers of their own (ASCII, so that JSON columns hold them as written), apart from the world's.
GONE = {
    "account": "gone.account@example.net",
    "contact_name": "Gunnar Gonesson",
    "contact_email": "gunnar.gone@example.net",
    "contact_phone": "070-404 40 41",
    "reopen_text": "Reopened-by-Gerda-Gonesson",
    "follow_up_comment": "Follow-up-by-Gustav-Gonesson",
    "photo_exif": "Exif-Greta-Gonesson",
    "feedback_name": "Gull Gonesson",
    "feedback_email": "gull.gone@example.net",
    "feedback_phone": "076-404 40 42",
    "survey_free_text": "Free-text-by-Goran-Gonesson",
    "invitation_email": "gone.invited@example.net",
    "report_text": "Report-text-by-Gosta-Gonesson",
    "feedback_text": "Feedback-text-by-Gull-Gonesson",
    "follower_email": "gone.follower@example.net",
}
# The records themselves are public records (allmänna handlingar): neither deletion nor retention in the
# portal thins them; they go under the archive's own rules. Everything else must go.
RECORDS = {"report_text", "feedback_text"}
# What is linked to the account, and so goes when it is deleted (feedback and survey answers are not).
OF_THE_ACCOUNT = {"account", "contact_name", "contact_email", "contact_phone", "reopen_text", "follow_up_comment",
                  "photo_exif"}


def seed_a_person():
    """A resident who reported (with a photo, a reopening and a follow-up), gave feedback and answered a survey
    (to which a staff member was invited); everything closed today."""
    from dialog.models import Feedback, FeedbackStatus, FeedbackTopic, Question, QuestionType, Response, Survey
    from dialog.models import Answer, Invitation, SurveyPage
    from incidents.categories import ensure_default_categories
    from incidents.models import Category, Report, ReportSubscription, SafetyFollowUp, Status
    from incidents.photos import save_photo
    from trygg.tests.portal import jpeg

    now = timezone.now()
    user = make_user(GONE["account"])
    ensure_default_categories(Category)
    category = Category.objects.get(code="belysning")
    contact = {"contact_name": GONE["contact_name"], "contact_email": GONE["contact_email"],
               "contact_phone": GONE["contact_phone"], "consent_given": True}
    report = Report.objects.create(kind=category.kind, category=category, description=GONE["report_text"],
                                   latitude=Decimal("57.988100"), longitude=Decimal("11.548100"), reporter=user,
                                   **contact)
    report.record(ReportEvent.Action.CREATED)
    upload = jpeg(artist=GONE["photo_exif"])
    assert GONE["photo_exif"].encode() in upload.read()
    upload.seek(0)
    photo = save_photo(report, upload)
    report.record(ReportEvent.Action.REOPENED, text=GONE["reopen_text"])
    Report.objects.filter(pk=report.pk).update(status=Status.RESOLVED, resolved_at=now)
    SafetyFollowUp.objects.create(report=report, answer="no", comment=GONE["follow_up_comment"], answered_at=now)
    # The resident follows their own report with the account's address; someone else asked and never confirmed.
    ReportSubscription.objects.create(report=report, email=GONE["account"], confirmed_at=now)
    ReportSubscription.objects.create(report=report, email=GONE["follower_email"])
    Feedback.objects.create(
        topic=FeedbackTopic.SAFETY, text=GONE["feedback_text"], status=FeedbackStatus.ANSWERED_PRIVATELY,
        answered_at=now, contact_name=GONE["feedback_name"], contact_email=GONE["feedback_email"],
        contact_phone=GONE["feedback_phone"], consent_given=True,
    )
    survey = Survey.objects.create(title="Enkät", opens_at=now - timedelta(days=30), closes_at=now)
    page = SurveyPage.objects.create(survey=survey, heading="Sida 1")
    question = Question.objects.create(survey=survey, page=page, code="fritext", type=QuestionType.TEXT, text="?")
    response = Response.objects.create(survey=survey, is_complete=True)
    Answer.objects.create(response=response, question=question, text=GONE["survey_free_text"])
    Invitation.objects.create(survey=survey, email=GONE["invitation_email"])
    return user, [Path(photo.image.path), Path(photo.thumbnail.path)]


def markers_in_database(where=None):
    """The GONE markers found in any column of any row of any table (each row read as text)."""
    quote = connection.ops.quote_name
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(
                f"SELECT m FROM unnest(%s::text[]) AS m "
                f"WHERE EXISTS (SELECT 1 FROM {quote(table)} AS t WHERE strpos(t::text, m) > 0)",
                [list(GONE.values())],
            )
            rows = {row[0] for row in cursor.fetchall()}
            if where is not None and rows:
                where[table] = rows
            found |= rows
    return {key for key, value in GONE.items() if value in found}


def markers_in_files():
    found = set()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            found |= {key for key, value in GONE.items() if value.encode() in content}
    return found


@pytest.fixture
def own_media(settings, tmp_path):
    """A media folder of these tests' own, so that no file of the world is touched."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@fixed_clock("2026-05-19 10:00")
def test_nothing_of_a_deleted_account_is_left_in_any_table_or_file(
    client, own_media, retention_settings, django_capture_on_commit_callbacks
):
    user, photo_files = seed_a_person()
    # The scan finds what is there (a photo's metadata never is: only its pixels are stored).
    assert markers_in_database() == set(GONE) - {"photo_exif"}
    assert all(path.exists() for path in photo_files) and not markers_in_files()

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302

    tables = {}
    left = markers_in_database(tables) | markers_in_files()
    assert not left & OF_THE_ACCOUNT, f"left after the account was deleted: {sorted(left & OF_THE_ACCOUNT)} in {tables}"
    assert "report_text" in left  # the report stays, as a record without its reporter
    assert not any(path.exists() for path in photo_files)


@fixed_clock("2026-05-19 10:00")
def test_nothing_is_left_in_any_table_or_file_after_retention_past_its_periods(
    own_media, retention_settings, django_capture_on_commit_callbacks
):
    _user, photo_files = seed_a_person()
    longest = max(retention_settings["report_contact_months"], retention_settings["survey_free_text_months"],
                  retention_settings["inactive_account_months"])
    with time_machine.travel(timezone.now() + timedelta(days=31 * longest + 31), tick=False):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("apply_retention", stdout=out)
    assert markers_in_database() | markers_in_files() == RECORDS, out.getvalue()
    assert not any(path.exists() for path in photo_files)
