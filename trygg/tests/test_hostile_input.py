"""The hostile-input corpus thrown at every form and API of the portal.

Forms are found the way a browser finds them: each page in FORM_PAGES is
fetched as the role that may use it and every <form> on it is read from the
HTML (its CSRF token and hidden fields, such as submission ids, are kept).
Each form then gets every text payload once in all its text fields at once,
and number, date, URL, choice, hidden-field and file payloads field by field.
The APIs in API_PARAMETERS get each payload in each parameter, and the paths
in HOSTILE_PATHS are fetched as they are (those tests are in test_hostile_api,
so that two workers run them beside the forms).

For every request: no 500 and no unhandled exception; a rejected request
changes no row in any table of the portal; the raw markup payloads never come
back unescaped in an HTML, XML or SVG body; JSON bodies parse; no header can
be injected. At the end every page is fetched again, to find stored payloads
shown unescaped.
"""

import collections
import json
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.urls import resolve, reverse
from django.utils import timezone

from dialog.models import Invitation, Survey
from governance.models import AgendaItem, Decision, GroupKind, Measure, Meeting, MeetingStatus
from governance.models import Group as GovernanceGroup
from incidents.models import Open311Key, Report, SafetyFollowUp, Status
from trygg.models import User
from trygg.testing.clock import fixed_clock
from trygg.tests import hostile
from trygg.tests.portal import row_counts

# The demo data is seeded for this moment; the meetings the forms need are made by the world itself.
pytestmark = [pytest.mark.django_db, fixed_clock("2026-12-03 10:00")]
WORLD_MEETINGS = {}  # status: pk of the meeting the world made (the attacks may change its title)
ANY_DAY = "2026-12-03"

ROLES = {
    "anonymous": None,
    "resident": "invanare@trygg.example",
    "staff": "personal@trygg.example",
    "coordinator": "samordnare@trygg.example",
    "working group": "arbetsgrupp@trygg.example",
    "steering group": "styrgrupp@trygg.example",
    "police": "polis@trygg.example",
    "admin": "admin@trygg.example",
}


def first(model, **filters):
    objects = model if hasattr(model, "model") else model.objects
    return objects.filter(**filters).order_by("pk").first()


def report_token():
    return [first(Report, status=Status.PUBLISHED).token]


def new_report():
    return [first(Report, status=Status.NEW).pk]


def published_report():
    return [first(Report, status=Status.PUBLISHED).pk]


def public_survey():
    return [first(Survey.objects.open(), audience="public", is_published=True).pk]


def draft_survey():
    return [first(Survey, is_published=False).pk]


def draft_page():
    return [first(Survey, is_published=False).pages.order_by("pk").first().pk]


def draft_question():
    return [first(Survey, is_published=False).questions.order_by("pk").first().pk]


def any_survey():
    return [first(Survey).pk]


def meeting():
    return [WORLD_MEETINGS[MeetingStatus.PLANNED]]


def held_meeting():
    return [WORLD_MEETINGS[MeetingStatus.HELD]]


def decision_of_held_meeting():
    return [first(Decision, meeting=WORLD_MEETINGS[MeetingStatus.HELD]).pk]


def agenda_item():
    item = first(AgendaItem, meeting=WORLD_MEETINGS[MeetingStatus.PLANNED])
    return [item.meeting_id, item.pk]


def the(model):
    return lambda: [first(model).pk]


def invitation_token():
    return [first(Invitation).token]


def follow_up_token():
    return [first(SafetyFollowUp).token]


# Every page whose forms get the corpus: (role, URL name, URL arguments from the seeded world).
# The role is one that may use the page; the permission matrix (trygg/tests/portal.py) covers the others.
FORM_PAGES = [
    ("anonymous", "home", None),  # the language switch
    ("anonymous", "login", None),
    ("anonymous", "register", None),
    ("anonymous", "password_reset", None),
    ("anonymous", "incidents:report_start", None),
    ("anonymous", "incidents:report_new", None),
    ("anonymous", "incidents:list", None),
    ("anonymous", "incidents:map", None),
    ("anonymous", "incidents:nearby", None),
    ("anonymous", "incidents:detail", published_report),  # "I have seen this too" and following by e-mail
    ("anonymous", "incidents:status", report_token),
    ("anonymous", "incidents:follow_up", follow_up_token),
    ("anonymous", "dialog:feedback", None),
    ("anonymous", "dialog:answer", public_survey),
    ("anonymous", "governance:public_picture", None),
    ("staff", "dialog:invitation", invitation_token),
    ("resident", "password_change", None),
    ("resident", "two_factor_setup", None),
    ("resident", "account_delete", None),
    ("coordinator", "incidents:queue", None),
    ("coordinator", "incidents:moderate", new_report),
    ("coordinator", "incidents:moderate", published_report),
    ("coordinator", "dialog:survey_create", None),
    ("coordinator", "dialog:survey_edit", draft_survey),
    ("coordinator", "dialog:invitations", draft_survey),
    ("coordinator", "dialog:page_add", draft_survey),
    ("coordinator", "dialog:page_edit", draft_page),
    ("coordinator", "dialog:question_add", draft_page),
    ("coordinator", "dialog:question_edit", draft_question),
    ("coordinator", "dialog:results", any_survey),
    ("coordinator", "dialog:free_text", any_survey),
    ("coordinator", "dialog:feedback_queue", None),
    ("coordinator", "dialog:feedback_detail", the(apps.get_model("dialog", "Feedback"))),
    ("coordinator", "dialog:activity_list", None),
    ("coordinator", "dialog:activity_create", None),
    ("coordinator", "dialog:activity_edit", the(apps.get_model("dialog", "DialogueActivity"))),
    ("coordinator", "dialog:activity_detail", the(apps.get_model("dialog", "DialogueActivity"))),
    ("coordinator", "governance:agreement", None),
    ("coordinator", "governance:promise_create", None),
    ("coordinator", "governance:promise_edit", the(apps.get_model("governance", "CitizenPromise"))),
    ("coordinator", "governance:measure_list", None),
    ("coordinator", "governance:measure_create", None),
    ("coordinator", "governance:measure_edit", the(Measure)),
    ("coordinator", "governance:measure_detail", the(Measure)),
    ("coordinator", "governance:meeting_list", None),
    ("coordinator", "governance:meeting_create", None),
    ("coordinator", "governance:meeting_edit", meeting),
    ("coordinator", "governance:meeting_detail", meeting),
    ("coordinator", "governance:agenda_item_create", meeting),
    ("coordinator", "governance:agenda_item_edit", agenda_item),
    ("coordinator", "governance:minutes_edit", held_meeting),
    ("coordinator", "governance:decision_create", held_meeting),
    ("coordinator", "governance:decision_edit", decision_of_held_meeting),
    ("coordinator", "governance:meeting_detail", held_meeting),  # last: its forms approve the minutes
    ("coordinator", "governance:decision_list", None),
    ("coordinator", "governance:picture", None),
    ("coordinator", "governance:situation_report_create", None),
    ("steering group", "governance:picture", None),
    ("police", "governance:measure_detail", the(Measure)),
]

# Forms found on those pages that are not attacked, and why.
SKIPPED_ACTIONS = {
    reverse("logout"): "ends the session the rest of the run needs; it takes no input",
}

# GET endpoints and APIs: (role, URL name, URL arguments, parameters; each parameter gets its list of payloads).
FILTERS = {
    "kind": hostile.CHOICES,
    "category": hostile.CHOICES,
    "locality": hostile.CHOICES,
    "period": hostile.CHOICES + hostile.NUMBERS,
    "date_from": hostile.DATES,
    "date_to": hostile.DATES,
}
OPEN311_WINDOW = {"start_date": hostile.DATES, "end_date": hostile.DATES, "api_key": hostile.TEXT[:3]}
PICTURE = {"period": hostile.CHOICES, "date_from": hostile.DATES, "date_to": hostile.DATES,
           "locality": hostile.CHOICES, "kind": hostile.CHOICES}
API_PARAMETERS = [
    ("anonymous", "incidents:geojson", None, {"bbox": hostile.NUMBERS + ["1,2,3", "NaN,NaN,NaN,NaN",
     "-181,-91,181,91", "1e309,1,2,3", "11,57,11.5,58,1", "11.5,58,11,57"], "zoom": hostile.NUMBERS, **FILTERS}),
    ("anonymous", "incidents:list", None, {**FILTERS, "page": hostile.NUMBERS}),
    ("anonymous", "incidents:map", None, FILTERS),
    ("anonymous", "incidents:nearby", None, {"latitude": hostile.NUMBERS, "longitude": hostile.NUMBERS,
                                             "ort": hostile.CHOICES + hostile.NUMBERS, "fragment": hostile.CHOICES}),
    ("anonymous", "incidents:report_start", None, {"nu": hostile.CHOICES}),
    ("anonymous", "incidents:report_new", None, {"typ": hostile.CHOICES}),
    ("anonymous", "dialog:feedback", None, {"amne": hostile.CHOICES}),
    ("anonymous", "dialog:answered", None, {"sida": hostile.NUMBERS}),
    ("anonymous", "dialog:answer", public_survey, {"sida": hostile.NUMBERS, "forhandsvisning": hostile.CHOICES}),
    ("anonymous", "dialog:insecurity_geojson", None, {"enkat": hostile.NUMBERS}),
    ("anonymous", "governance:public_picture", None, PICTURE),
    ("anonymous", "governance:public_picture_trend_svg", None, PICTURE),
    ("anonymous", "governance:public_picture_hotspots_svg", None, PICTURE),
    ("anonymous", "open311:discovery", lambda: ["json"], {"jurisdiction_id": hostile.CHOICES}),
    ("anonymous", "open311:services", lambda: ["xml"], {"jurisdiction_id": hostile.CHOICES}),
    ("anonymous", "open311:requests", lambda: ["json"], {
        "service_request_id": hostile.NUMBERS + ["1,2,99999999999999999999", ",,,", "1" * 5000],
        "service_code": hostile.CHOICES, "status": hostile.CHOICES, **OPEN311_WINDOW}),
    ("anonymous", "open311:requests", lambda: ["xml"], {"service_request_id": hostile.NUMBERS, **OPEN311_WINDOW}),
    ("anonymous", "open311:updates", lambda: ["xml"], OPEN311_WINDOW),
    ("anonymous", "open311:updates", lambda: ["json"], OPEN311_WINDOW),
    ("resident", "incidents:my_reports", None, {"sida": hostile.NUMBERS}),
    ("coordinator", "incidents:queue", None, {**FILTERS, "status": hostile.CHOICES, "source": hostile.CHOICES,
     "sida": hostile.NUMBERS}),
    ("coordinator", "incidents:export_csv", None, {**FILTERS, "status": hostile.CHOICES}),
    ("coordinator", "incidents:export_geojson", None, {**FILTERS, "source": hostile.CHOICES}),
    ("coordinator", "dialog:free_text", any_survey, {"fraga": hostile.CHOICES, "tema": hostile.CHOICES,
     "sida": hostile.NUMBERS}),
    ("coordinator", "dialog:feedback_queue", None, {"status": hostile.CHOICES, "topic": hostile.CHOICES,
     "theme": hostile.CHOICES, "flagged": hostile.CHOICES, "sida": hostile.NUMBERS}),
    ("coordinator", "dialog:activity_list", None, {"kind": hostile.CHOICES, "locality": hostile.CHOICES,
     "year": hostile.NUMBERS, "sida": hostile.NUMBERS}),
    ("coordinator", "dialog:activity_create", None, {"typ": hostile.CHOICES, "del_av": hostile.CHOICES}),
    ("coordinator", "governance:measure_list", None, {"status": hostile.CHOICES, "owner": hostile.CHOICES,
     "locality": hostile.CHOICES}),
    ("coordinator", "governance:measure_create", None, {"beslut": hostile.CHOICES}),
    ("coordinator", "governance:meeting_list", None, {"group": hostile.CHOICES}),
    ("coordinator", "governance:meeting_create", None, {"grupp": hostile.CHOICES}),
    ("coordinator", "governance:decision_create", meeting, {"punkt": hostile.CHOICES}),
    ("coordinator", "governance:decision_list", None, {"q": hostile.CHOICES, "group": hostile.CHOICES,
     "year": hostile.NUMBERS, "responsible": hostile.CHOICES, "public": hostile.CHOICES, "sida": hostile.NUMBERS}),
    ("coordinator", "governance:picture", None, PICTURE),
    ("anonymous", "admin:login", None, {"next": hostile.URLS}),
]
# Every parameter also gets these: markup, NUL, CR/LF and a very long value.
EVERY_PARAMETER = [hostile.SCRIPT_MARKER, "\x00", hostile.CRLF, hostile.LONG]

HUGE = "99999999999999999999"
# Paths with hostile parts, fetched as the role: (role, path).
HOSTILE_PATHS = [
    ("anonymous", f"/rapporter/{HUGE}/"),
    ("anonymous", "/rapporter/9223372036854775808/"),
    ("anonymous", f"/enkater/{HUGE}/"),
    ("anonymous", f"/enkater/{HUGE}/resultat/"),
    ("anonymous", f"/enkater/1/resultat/diagram/{HUGE}.svg"),
    ("anonymous", "/rapport/..%2F..%2Fetc%2Fpasswd/"),
    ("anonymous", "/rapport/%00/"),
    ("anonymous", "/rapport/%3Cscript%3Ealert('hostile')%3C%2Fscript%3E/"),
    ("anonymous", "/enkat/inbjudan/%00/"),
    ("anonymous", "/uppfoljning/%27%20OR%20%271%27%3D%271/"),
    ("anonymous", "/tyck-till/tack/00000000-0000-0000-0000-000000000000/"),
    ("anonymous", f"/open311/v2/requests/{HUGE}.json"),
    ("anonymous", f"/open311/v2/requests/{HUGE}.xml"),
    ("anonymous", "/open311/v2/services/%3Cscript%3E.xml"),
    ("anonymous", "/open311/v2/services/%00.json"),
    ("anonymous", "/open311/v2/tokens/%00.json"),
    ("anonymous", "/open311/v2/..%2F..%2Fetc%2Fpasswd"),
    ("anonymous", "/open311/v2/%3Cscript%3Ealert('hostile')%3C%2Fscript%3E.xml"),
    ("coordinator", f"/samordning/rapporter/{HUGE}/"),
    ("coordinator", f"/samordning/rapporter/{HUGE}/kontakt/"),
    ("coordinator", f"/samordning/foto/{HUGE}/thumb/"),
    ("coordinator", f"/samordning/enkater/{HUGE}/"),
    ("coordinator", f"/samordning/enkater/{HUGE}/resultat/svar.csv"),
    ("coordinator", f"/samordning/synpunkter/{HUGE}/"),
    ("coordinator", f"/styrning/atgarder/{HUGE}/"),
    ("coordinator", f"/styrning/moten/{HUGE}.ics"),
    ("coordinator", f"/styrning/moten/{HUGE}/"),
    ("coordinator", f"/styrning/beslut/{HUGE}/"),
    ("coordinator", f"/styrning/lagesbilder/{HUGE}/"),
    ("coordinator", f"/styrning/handlingsplan/{HUGE}/"),
    ("coordinator", "/styrning/handlingsplan/0/"),
    ("coordinator", "/styrning/handlingsplan/10000/"),
    ("coordinator", "/styrning/grupper/%00.ics"),
]

TEXT_TYPES = {"text", "textarea", "search", "password", "tel"}
DATE_TYPES = {"date", "datetime-local", "time", "month"}
CHOICE_TYPES = {"select", "radio", "checkbox"}
MAX_NUMBER_FIELDS_ONE_BY_ONE = 4
# Bot traps stay empty, as a person leaves them.
HONEYPOTS = {"website"}
# Numbers that make sense where a form needs one (a point on Tjörn).
VALID_NUMBERS = {"latitude": "57.988", "longitude": "11.548", "lat": "57.988", "long": "11.548"}


class FormReader(HTMLParser):
    """The <form>s of a page: action, method, enctype and fields with their values and options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(),
                          "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in attrs and tag in ("input", "select", "textarea"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                if attrs.get("name"):
                    self._form["fields"].append({"name": attrs["name"], "type": "submit",
                                                 "value": attrs.get("value", ""), "options": []})
                return
            self._form["fields"].append({
                "name": attrs["name"], "type": kind, "value": attrs.get("value", "on" if kind == "checkbox" else ""),
                "checked": "checked" in attrs, "options": [],
            })
        elif tag == "select":
            self._select = {"name": attrs["name"], "type": "select", "value": None, "options": [],
                            "multiple": "multiple" in attrs, "selected": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["selected"].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = {"name": attrs["name"], "type": "textarea", "value": "", "options": []}
            self._form["fields"].append(self._textarea)
        elif tag == "button" and attrs.get("name"):
            self._form["fields"].append({"name": attrs["name"], "type": "submit", "value": attrs.get("value", ""),
                                         "options": []})

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_forms(html):
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def valid_data(form):
    """What a careful person would send: the form's own values, plain text, numbers on Tjörn, today's date."""
    data, radios = {}, {}
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if name in HONEYPOTS or kind in ("submit", "file"):
            continue
        if kind == "hidden":
            data.setdefault(name, []).append(field["value"])
        elif kind == "checkbox":
            if field["checked"]:
                data.setdefault(name, []).append(field["value"])
        elif kind == "radio":
            if field["checked"] or name not in radios:
                radios[name] = field["value"]
        elif kind == "select":
            chosen = field["selected"] or [next((o for o in field["options"] if o), "")]
            data[name] = chosen if field["multiple"] else chosen[:1]
        elif kind == "email":
            data[name] = [field["value"] or "hostile@example.org"]
        elif kind == "url":
            data[name] = [field["value"] or "https://example.org/"]
        elif kind == "number":
            data[name] = [field["value"] or VALID_NUMBERS.get(name.rsplit("-", 1)[-1], "1")]
        elif kind == "date":
            data[name] = [field["value"] or ANY_DAY]
        elif kind == "datetime-local":
            data[name] = [field["value"] or f"{ANY_DAY}T12:00"]
        elif kind == "time":
            data[name] = [field["value"] or "12:00"]
        else:
            data[name] = [field["value"].strip() or "Hostile test text"]
    for name, value in radios.items():
        data[name] = [value]
    submit = next((f for f in form["fields"] if f["type"] == "submit"), None)
    if submit:
        data[submit["name"]] = [submit["value"]]
    return data


def fields_of(form, kinds):
    names = []
    for field in form["fields"]:
        if field["type"] in kinds and field["name"] not in HONEYPOTS and field["name"] != "csrfmiddlewaretoken":
            if field["name"] not in names:
                names.append(field["name"])
    return names


def attacks(form):
    """(label, data, files) for one form: text payloads in all text fields at once, the rest field by field."""
    base = valid_data(form)
    text_fields = fields_of(form, TEXT_TYPES)
    if text_fields:
        for payload in hostile.TEXT:
            yield f"text {payload[:40]!r}", {**base, **{name: [payload] for name in text_fields}}, {}
        yield "invalid UTF-8", {**base, **{name: [hostile.INVALID_UTF8] for name in text_fields}}, {}
    numbers = fields_of(form, {"number"})
    # A long row of counts (participants by group) is attacked as one, to keep the run short.
    for names in [numbers] if len(numbers) > MAX_NUMBER_FIELDS_ONE_BY_ONE else [[name] for name in numbers]:
        for payload in hostile.NUMBERS:
            yield f"number {','.join(names)}={payload[:40]!r}", {**base, **{name: [payload] for name in names}}, {}
    for name in fields_of(form, DATE_TYPES):
        for payload in hostile.DATES:
            yield f"date {name}={payload!r}", {**base, name: [payload]}, {}
    for name in fields_of(form, {"url"}):
        for payload in hostile.URLS:
            yield f"url {name}={payload[:40]!r}", {**base, name: [payload]}, {}
    for name in fields_of(form, {"email"}):
        for payload in [hostile.SCRIPT_MARKER, "a@example.org\x00", "a@example.org\r\nBcc: b@example.org",
                        "a" * 100_000 + "@example.org"]:
            yield f"email {name}={payload[:40]!r}", {**base, name: [payload]}, {}
    choice_fields = fields_of(form, CHOICE_TYPES)
    hidden_fields = fields_of(form, {"hidden"})
    for payload in hostile.CHOICES:
        if choice_fields:
            yield f"choices={payload!r}", {**base, **{name: [payload] for name in choice_fields}}, {}
        if hidden_fields:
            yield f"hidden={payload!r}", {**base, **{name: [payload] for name in hidden_fields}}, {}
    if not (text_fields or choice_fields or hidden_fields):
        yield "as it is", base, {}
    for name in fields_of(form, {"file"}):
        for label, file_name, content, content_type in hostile.hostile_files():
            yield f"file {name}: {label}", dict(base), {name: hostile.upload(file_name, content, content_type)}


def rejected_by_a_form(response):
    """True if the response shows a bound form with errors (the request was refused)."""
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            for value in layer.values() if isinstance(layer, dict) else []:
                if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and not value.is_valid():
                    return True
    return False


class Checker:
    """Sends requests and collects every problem, so that one run shows them all."""

    def __init__(self, client):
        self.client = client
        self.requests = 0
        self.problems = []
        self.statuses = collections.Counter()

    def get(self, what, url, data=None):
        self.send(what, self.client.get, url, data)

    def post(self, what, url, data):
        self.send(what, self.client.post, url, data, before=row_counts())

    def send(self, what, method, url, data, before=None):
        try:
            response = method(url, data)
        except Exception as error:  # an unhandled exception: what a user would see as a 500
            self.problems.append(f"{what}: unhandled {error.__class__.__name__}: {str(error)[:200]}")
            return
        self.check(what, response, before)

    def check(self, what, response, before=None):
        self.requests += 1
        self.statuses[response.status_code] += 1
        problems = []
        if response.status_code >= 500:
            problems.append(f"status {response.status_code}")
        for header, value in response.items():
            if header.lower() == hostile.INJECTED_HEADER.lower() or "\n" in value or "\r" in value:
                problems.append(f"header injected: {header}: {value[:80]!r}")
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if any(kind in content_type for kind in ("html", "xml", "svg")):
            for payload in hostile.MARKUP:
                if payload in text:
                    problems.append(f"reflected unescaped: {payload!r}")
            if "javascript:alert" in text.lower().replace("\n", "") and 'href="javascript:' in text.lower():
                problems.append("javascript: URL in a link")
        if "xml" in content_type and "svg" not in content_type and body:
            try:
                ElementTree.fromstring(body)
            except ElementTree.ParseError as error:
                problems.append(f"XML does not parse: {error}")
        if "json" in content_type and body:
            try:
                json.loads(body)
            except ValueError as error:
                problems.append(f"JSON does not parse: {error}")
        if before is not None and (response.status_code >= 400 or rejected_by_a_form(response)):
            after = row_counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            if changed:
                problems.append(f"rejected ({response.status_code}) but stored: {changed}")
        for problem in problems:
            self.problems.append(f"{what}: {problem}")


@pytest.fixture
def world(settings):
    settings.RATE_LIMITS = {name: [(1_000_000, 60)] for name in settings.RATE_LIMITS}
    settings.REPORT_MIN_FILL_SECONDS = 0
    call_command("seed_demo", force=True, size=30, stdout=open("/dev/null", "w"))
    coordinator = User.objects.get(email=ROLES["coordinator"])
    survey = first(Survey)
    survey.copy(title="Draft for hostile input", created_by=coordinator)
    Invitation.objects.create(survey=first(Survey.objects.open(), is_published=True), email="personal@trygg.example")
    steering = GovernanceGroup.objects.get(kind=GroupKind.STEERING)
    now = timezone.now()
    for days, status in ((7, MeetingStatus.PLANNED), (-2, MeetingStatus.HELD)):
        starts = now + timedelta(days=days)
        held = Meeting.objects.create(group=steering, title=f"Hostile input: {status}", starts_at=starts,
                                      ends_at=starts + timedelta(hours=2), status=status, place="Kommunhuset")
        item = AgendaItem.objects.create(meeting=held, order=0, title="Lägesbild")
        WORLD_MEETINGS[status] = held.pk
    Decision.objects.create(meeting=held, agenda_item=item, decided_by=steering, text="Styrgruppen beslutar.")
    report = first(Report, status=Status.PUBLISHED)
    SafetyFollowUp.objects.create(report=report)
    key, secret = Open311Key.create_key("Hostile test system", requests_per_hour=1_000_000)
    return {"api_key": secret}


def log_in(client, role):
    client.logout()
    if ROLES[role]:
        client.force_login(User.objects.get(email=ROLES[role]))


def encode(data):
    return urlencode([(name, value) for name, values in data.items() for value in values])


def test_every_form_survives_the_corpus(client, world):
    checker, attacked, pages = Checker(client), set(), []
    for role, name, arguments in FORM_PAGES:
        log_in(client, role)
        url = reverse(name, args=arguments() if arguments else None)
        page = client.get(url)
        if page.status_code != 200:
            checker.problems.append(f"{role} GET {url}: {page.status_code}, the page with the forms is not reached")
            continue
        pages.append((role, url))
        for form in read_forms(page.content.decode()):
            action = form["action"] or url
            path = urlsplit(action).path
            # Forms met again (the language switch on every page, a second report's moderation) are attacked once.
            match = resolve(path)
            same_form = (match.view_name, form["method"], *(v for v in match.kwargs.values() if not isinstance(v, int)))
            if path in SKIPPED_ACTIONS or same_form in attacked:
                continue
            attacked.add(same_form)
            for label, data, files in attacks(form):
                log_in(client, role)
                what = f"{role} {form['method'].upper()} {action} [{label}]"
                if form["method"] == "post":
                    checker.post(what, action, {**data, **files})
                else:
                    separator = "&" if "?" in action else "?"
                    checker.get(what, action + separator + encode(data))
    # Payloads that were accepted are now stored: no page may show them unescaped.
    for role, url in pages:
        log_in(client, role)
        checker.get(f"{role} GET {url} after the attack", url)
    assert not checker.problems, "\n".join(checker.problems[:60])
    assert checker.requests > 1000
