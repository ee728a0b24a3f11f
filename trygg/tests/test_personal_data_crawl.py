"""No personal data where its viewer's role may not see it: seeded markers, every page crawled as each role.

The world of ``trygg.tests.portal`` holds reporters', senders' and respondents'
names, email addresses and phone numbers as unique markers. Each role starts at
every URL of the URL configuration (pages, feeds, calendars, CSV and GeoJSON
exports, the Open311 API in JSON and XML, the admin) and follows the links and
redirects it finds within the site. Wherever a marker turns up, ``RULES`` must
allow that role to see it on that page; the crawl also checks that the allowed
places are really reached, and that looking at contact details is logged.
"""

import html
import re
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from incidents.models import ReportEvent
from trygg.models import AuditEntry
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
    # Tyck till: those who answer feedback (dialog.handle_feedback), on the feedback's page (logged).
    "feedback sender's contact details": {
        "markers": ["feedback_name", "feedback_email", "feedback_phone"],
        "samordnare": {"dialog:feedback_detail"},
        "admin": {"dialog:feedback_detail"},
    },
    # Free-text answers: those with dialog.view_free_text / export_responses, never in published results.
    "survey free text": {
        "markers": ["survey_free_text"],
        "samordnare": {"dialog:free_text", "dialog:results_csv"},
        "admin": {"dialog:free_text", "dialog:results_csv"},
    },
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
    ("samordnare", "feedback_email", "dialog:feedback_detail"),
    ("samordnare", "survey_free_text", "dialog:free_text"),
    ("samordnare", "survey_free_text", "dialog:results_csv"),
    ("resident", "resident_account", "account_data_download"),
    ("admin", "reporter_account", "admin:trygg_user_changelist"),
]

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
    if response.get("Content-Type", "").startswith("image/") and "svg" not in response["Content-Type"]:
        return ""
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
