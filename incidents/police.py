"""Police events from the Swedish Police's open events API (polisen.se/api/events).

The source has quirks that shape this module:

- ``datetime`` is not ISO 8601: "2018-04-13 9:58:49 +02:00" (single-digit hour).
- ``location.gps`` is the centre of the municipality or county, not the place
  of the event; reports from it are only ever shown at their locality
  (see ``Report.place_public_point``).
- "Sammanfattning natt" events bundle several incidents; each is kept as one
  summary report.
- The API returns only about the latest 500 events: imported reports are never
  deleted when they drop out of the feed, so the portal keeps its own archive.
- The police's rules for the open data: send a User-Agent, wait at least 10
  seconds between calls and treat 404 as final.

``parse_events`` validates every record before anything is written;
``import_events`` writes them all in one transaction; ``run_import`` reads a
file or the API, imports and keeps the outcome as an ``ImportRun`` (also when
it fails), for the coordinator's import page.
"""

import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from incidents.models import (
    ImportRun,
    Locality,
    PoliceEventType,
    Report,
    ReportEvent,
    Source,
    Status,
    TimeOfDay,
    distance_metres,
    in_service_area,
)

POLICE_SITE = "https://polisen.se"
MIN_SECONDS_BETWEEN_FETCHES = 10
LAST_FETCH_CACHE_KEY = "police_events:last_fetch"
FETCH_TIMEOUT_SECONDS = 30
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
SUMMARY_TYPE_PREFIX = "sammanfattning"
TYPE_MAX_LENGTH = PoliceEventType._meta.get_field("name").max_length
URL_MAX_LENGTH = Report._meta.get_field("external_url").max_length
REQUIRED_FIELDS = ["id", "datetime", "name", "summary", "url", "type", "location"]


class PoliceEventsError(Exception):
    """Input that cannot be imported: the message says what and where."""


@dataclass(frozen=True)
class PoliceEvent:
    id: int
    occurred_at: datetime
    name: str
    summary: str
    url: str
    type: str
    location_name: str
    latitude: Decimal
    longitude: Decimal

    @property
    def is_summary(self):
        """A "Sammanfattning natt" (or similar) entry that bundles several incidents."""
        return self.type.casefold().startswith(SUMMARY_TYPE_PREFIX)

    @property
    def text(self):
        return self.summary.strip() or self.name.strip()

    @property
    def absolute_url(self):
        return urljoin(POLICE_SITE + "/", self.url) if self.url else ""

    def is_in_area(self):
        """Named as one of the portal's police locations, or with its gps inside the map bounds."""
        names = {name.strip().casefold() for name in settings.POLICE_EVENTS_LOCATION_NAMES}
        return self.location_name.casefold() in names or in_service_area(self.latitude, self.longitude)


# --- Parsing and validation ------------------------------------------------


def parse_datetime(value):
    """Parse the API's "2018-04-13 9:58:49 +02:00" (or ISO 8601) into an aware datetime."""
    if not isinstance(value, str):
        raise ValueError(f"datetime must be a string, not {value!r}")
    text = value.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f'datetime {value!r} is not like "2018-04-13 9:58:49 +02:00"')
    return parsed


def parse_gps(value):
    """Parse "lat,lon" into two Decimals rounded to six places (the model's precision)."""
    if not isinstance(value, str) or value.count(",") != 1:
        raise ValueError(f'gps {value!r} is not "latitude,longitude"')
    try:
        latitude, longitude = (Decimal(part.strip()).quantize(Decimal("0.000001")) for part in value.split(","))
    except InvalidOperation:
        raise ValueError(f'gps {value!r} is not "latitude,longitude"') from None
    if not (latitude.is_finite() and longitude.is_finite() and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"gps {value!r} is out of range")
    return latitude, longitude


def parse_event(record):
    """One record of the API as a PoliceEvent; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError(f"expected an object, not {type(record).__name__}")
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        raise ValueError("missing field " + ", ".join(repr(name) for name in missing))
    event_id = record["id"]
    if isinstance(event_id, str) and event_id.strip().isdigit():
        event_id = int(event_id)
    if not isinstance(event_id, int) or isinstance(event_id, bool) or event_id <= 0:
        raise ValueError(f"id {record['id']!r} is not a positive integer")
    for name in ("name", "summary", "url", "type"):
        if not isinstance(record[name], str):
            raise ValueError(f"{name} must be a string, not {record[name]!r}")
    if not record["type"].strip():
        raise ValueError("type is empty")
    if len(record["type"].strip()) > TYPE_MAX_LENGTH:
        raise ValueError(f"type is longer than {TYPE_MAX_LENGTH} characters")
    if len(urljoin(POLICE_SITE + "/", record["url"].strip())) > URL_MAX_LENGTH:
        raise ValueError(f"url is longer than {URL_MAX_LENGTH} characters")
    if not (record["summary"].strip() or record["name"].strip()):
        raise ValueError("both name and summary are empty")
    location = record["location"]
    if not isinstance(location, dict):
        raise ValueError("location must be an object with name and gps")
    for name in ("name", "gps"):
        if name not in location:
            raise ValueError(f"missing field 'location.{name}'")
    if not isinstance(location["name"], str):
        raise ValueError(f"location.name must be a string, not {location['name']!r}")
    latitude, longitude = parse_gps(location["gps"])
    return PoliceEvent(
        id=event_id,
        occurred_at=parse_datetime(record["datetime"]),
        name=record["name"].strip(),
        summary=record["summary"].strip(),
        url=record["url"].strip(),
        type=record["type"].strip(),
        location_name=location["name"].strip(),
        latitude=latitude,
        longitude=longitude,
    )


def parse_events(raw):
    """Validate every record of the API's JSON (text, bytes or decoded) before anything is used.

    Raises one PoliceEventsError naming the first bad record by its position
    in the list (counting from 1) and its id.
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PoliceEventsError(f"The police events are not UTF-8 text: {error}") from None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as error:
            raise PoliceEventsError(f"The police events are not valid JSON: {error}") from None
    if not isinstance(raw, list):
        raise PoliceEventsError(f"The police events must be a JSON list of events, not {type(raw).__name__}.")
    events = []
    seen = {}
    for number, record in enumerate(raw, start=1):
        record_id = record.get("id", "?") if isinstance(record, dict) else "?"
        try:
            event = parse_event(record)
            if event.id in seen:
                raise ValueError(f"same id as record {seen[event.id]}")
        except ValueError as error:
            raise PoliceEventsError(
                f"Bad police event record {number} of {len(raw)} (id {record_id}): {error}."
            ) from None
        seen[event.id] = number
        events.append(event)
    return events


# --- Fetching, by the police's rules for the open data ---------------------


def user_agent():
    name = unicodedata.normalize("NFKD", settings.PORTAL["NAME"]).encode("ascii", "ignore").decode()
    contact = settings.PORTAL["CONTACT_EMAIL"].encode("ascii", "ignore").decode()
    return f"{name.replace(' ', '-')}/1.0 (+{settings.PORTAL_BASE_URL}; {contact})"


def wait_for_turn():
    """Sleep until at least 10 s have passed since the last call, by any process sharing the cache."""
    last = cache.get(LAST_FETCH_CACHE_KEY)
    if last is not None:
        remaining = last + MIN_SECONDS_BETWEEN_FETCHES - time.time()
        if remaining > 0:
            time.sleep(remaining)
    cache.set(LAST_FETCH_CACHE_KEY, time.time(), timeout=MIN_SECONDS_BETWEEN_FETCHES * 6)


def fetch(url):
    """The body of the API's answer as bytes. A 404 is final: it is never retried."""
    wait_for_turn()
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise PoliceEventsError(
                f"The police events API answered 404 Not Found for {url}. By the police's rules a 404 is "
                "final: do not retry this address; check POLICE_EVENTS_URL."
            ) from None
        raise PoliceEventsError(f"The police events API answered {error.code} {error.reason} for {url}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PoliceEventsError(f"Could not fetch the police events from {url}: {reason}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise PoliceEventsError(f"The answer from {url} is larger than {MAX_RESPONSE_BYTES} bytes.")
    return body


# --- Importing ---------------------------------------------------------------


@dataclass
class ImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    other_area: int = 0
    ignored: int = 0
    summaries: int = 0
    unmapped: Counter = field(default_factory=Counter)

    @property
    def skipped(self):
        return self.other_area + self.ignored

    def line(self):
        unmapped = ", ".join(f"{name} ({count})" for name, count in sorted(self.unmapped.items()))
        text = (
            f"Imported police events: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.other_area} skipped (other areas), {self.ignored} skipped (ignored types), "
            f"{len(self.unmapped)} unmapped types"
        )
        if unmapped:
            text += f": {unmapped}"
        return text + f"; {self.summaries} night summaries imported as one report each."


def find_locality(event, localities):
    """The locality named in the event's name or summary (longest name first), else None."""
    text = f"{event.name} {event.summary}"
    for locality in localities:
        if re.search(r"(?<!\w)" + re.escape(locality.name), text, re.IGNORECASE):
            return locality
    return None


def report_fields(event, category, localities):
    """The report's fields that come from the police event."""
    local = timezone.localtime(event.occurred_at)
    locality = find_locality(event, localities) or min(
        localities,
        key=lambda locality: distance_metres(locality.latitude, locality.longitude, event.latitude, event.longitude),
        default=None,
    )
    return {
        "kind": category.kind,
        "category": category,
        "description": event.text,
        "external_url": event.absolute_url,
        "occurred_at": event.occurred_at,
        "occurred_on": local.date(),
        "time_of_day": TimeOfDay.of_hour(local.hour),
        "latitude": event.latitude,
        "longitude": event.longitude,
        "locality": locality,
    }


def changed_fields(report, fields):
    changes = {}
    for name, value in fields.items():
        old = getattr(report, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
    return changes


@transaction.atomic
def import_events(events):
    """Create or update a public report for each event of the area with a mapped type.

    Idempotent by event id. Unknown types get a PoliceEventType row without a
    category (for coordinators to map in the admin) and are counted as unmapped.
    Reports are never deleted: the API only keeps the latest events.
    """
    result = ImportResult()
    types = {event_type.name: event_type for event_type in PoliceEventType.objects.select_related("category")}
    localities = sorted(Locality.objects.all(), key=lambda locality: len(locality.name), reverse=True)
    for event in events:
        if not event.is_in_area():
            result.other_area += 1
            continue
        event_type = types.get(event.type)
        if event_type is None:
            event_type = types[event.type] = PoliceEventType.objects.create(name=event.type)
        if event_type.ignored:
            result.ignored += 1
            continue
        if event_type.category is None:
            result.unmapped[event.type] += 1
            continue
        outcome = save_report(event, report_fields(event, event_type.category, localities))
        setattr(result, outcome, getattr(result, outcome) + 1)
        if event.is_summary and outcome != "unchanged":
            result.summaries += 1
    return result


def save_report(event, fields):
    """Create or update the event's report; returns "new", "updated" or "unchanged"."""
    report = Report.objects.filter(source=Source.POLICE, external_id=str(event.id)).first()
    if report is None:
        report = Report(
            source=Source.POLICE,
            status=Status.PUBLISHED,
            published_at=event.occurred_at,
            external_id=str(event.id),
            public_description=event.text,
            **fields,
        )
        report.save()
        report.record(ReportEvent.Action.CREATED)
        return "new"
    # The police's own text is public already (polisen.se), so it is both the description and the
    # public text of a police report (never a resident's words: those are not copied, see
    # Report.set_status). It follows the police's updates until a coordinator rewrites it.
    if report.public_description == report.description:
        fields["public_description"] = event.text
    changes = changed_fields(report, fields)
    if not changes:
        return "unchanged"
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    report.record(ReportEvent.Action.EDITED, changes=changes)
    return "updated"


def read_source(source):
    """The bytes of a file path or an http(s) URL (fetched by the police's rules)."""
    if source.startswith(("http://", "https://")):
        return fetch(source)
    try:
        with open(source, "rb") as file:
            return file.read()
    except OSError as error:
        raise PoliceEventsError(f"Cannot read {source}: {error.strerror}.") from None


def run_import(source, *, data=None, by=None, events=lambda events: events):
    """Import from ``data`` (bytes, e.g. an uploaded file) or else from ``source`` (a path or URL).

    Returns the saved ImportRun and the ImportResult (None when it failed: then the run holds the
    error and nothing was imported). ``events`` may wrap the parsed events, e.g. in a progress bar.
    """
    run = ImportRun(source=source[: ImportRun._meta.get_field("source").max_length], started_by=by)
    try:
        result = import_events(events(parse_events(read_source(source) if data is None else data)))
    except PoliceEventsError as error:
        run.error = f"{error} Nothing was imported."
        run.save()
        return run, None
    run.new, run.updated, run.unchanged, run.skipped = result.new, result.updated, result.unchanged, result.skipped
    run.unmapped = dict(result.unmapped)
    run.save()
    return run, result
