import io
import json
import urllib.error
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incidents import police
from incidents.models import (
    Locality,
    PoliceEventType,
    Precision,
    Report,
    ReportEvent,
    Source,
    Status,
    TimeOfDay,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
API_URL = "https://polisen.se/api/events?locationname=Tj%C3%B6rn"


@pytest.fixture
def event_types(categories):
    """A mapping coordinators keep in the admin instead of the default one; Trafikolycka is deliberately missing."""
    PoliceEventType.objects.all().delete()
    return {
        "Skadegörelse": PoliceEventType.objects.create(name="Skadegörelse", category=categories["skadegorelse"]),
        "Inbrott": PoliceEventType.objects.create(name="Inbrott", category=categories["inbrott"]),
        "Stöld": PoliceEventType.objects.create(name="Stöld", category=categories["stold"]),
        "Sammanfattning natt": PoliceEventType.objects.create(
            name="Sammanfattning natt", category=categories["berusade"]
        ),
        "Övrigt": PoliceEventType.objects.create(name="Övrigt", ignored=True),
    }


def run(source):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_police_events", str(source), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_events(tmp_path, records):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def event_record(**overrides):
    record = json.loads((DATA / "police_events_valid.json").read_text(encoding="utf-8"))[0]
    record.update(overrides)
    return record


# --- Importing a file ------------------------------------------------------


def test_imports_mapped_tjorn_events_as_public_police_reports(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert sorted(Report.objects.values_list("external_id", flat=True)) == ["1001", "1002", "1003"]
    report = Report.objects.get(external_id="1001")
    assert report.source == Source.POLICE
    assert report.status == Status.PUBLISHED
    assert report.is_public
    assert report.category == event_types["Skadegörelse"].category
    assert report.kind == report.category.kind
    assert report.public_description == report.description == "Fönster krossade på skolan i Skärhamn."
    assert report.external_url == (
        "https://polisen.se/aktuellt/handelser/2024/januari/5/05-januari-2310-skadegorelse-tjorn/"
    )
    event_time = datetime(2024, 1, 5, 23, 10, tzinfo=timezone(timedelta(hours=1)))
    assert report.occurred_at == event_time
    assert report.published_at == event_time
    assert str(report.occurred_on) == "2024-01-05"
    assert report.time_of_day == TimeOfDay.EVENING
    assert (report.latitude, report.longitude) == (Decimal("58.003545"), Decimal("11.636195"))
    assert list(report.events.values_list("action", flat=True)) == [ReportEvent.Action.CREATED]


def test_absolute_police_urls_are_kept(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert Report.objects.get(external_id="1002").external_url == (
        "https://polisen.se/aktuellt/handelser/2018/april/13/13-april-0958-inbrott-tjorn/"
    )


def test_summary_line_counts_new_skipped_and_unmapped(localities, event_types):
    out, _ = run(DATA / "police_events_valid.json")

    assert (
        "Imported police events: 3 new, 0 updated, 0 unchanged, 2 skipped (other areas), "
        "1 skipped (ignored types), 1 unmapped types: Trafikolycka (1); "
        "1 night summaries imported as one report each." in out
    )


def test_night_summary_is_kept_as_one_report(localities, event_types):
    run(DATA / "police_events_valid.json")

    summary = Report.objects.get(external_id="1003")
    assert summary.description.startswith("Natten har varit lugn. En person omhändertogs")
    assert summary.category == event_types["Sammanfattning natt"].category
    assert Report.objects.filter(occurred_at=summary.occurred_at).count() == 1


def test_events_of_other_municipalities_are_skipped(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert not Report.objects.filter(external_id__in=["1005", "1006"]).exists()


def test_event_inside_the_map_bounds_is_kept_whatever_its_location_name(tmp_path, localities, event_types):
    path = write_events(
        tmp_path, [event_record(location={"name": "Västra Götalands län", "gps": "57.990000,11.560000"})]
    )

    run(path)

    assert Report.objects.filter(external_id="1001").exists()


def test_location_name_matches_regardless_of_case(tmp_path, localities, event_types):
    path = write_events(tmp_path, [event_record(location={"name": "TJÖRNS KOMMUN", "gps": "59.0,18.0"})])

    run(path)

    assert Report.objects.filter(external_id="1001").exists()


def test_unmapped_type_is_recorded_for_the_admin_and_reported(localities, event_types):
    out, err = run(DATA / "police_events_valid.json")

    unmapped = PoliceEventType.objects.get(name="Trafikolycka")
    assert unmapped.category is None
    assert not unmapped.ignored
    assert not Report.objects.filter(external_id="1004").exists()
    assert "Trafikolycka" in err
    assert "1 unmapped types: Trafikolycka (1)" in out


def test_types_of_other_areas_are_not_added_to_the_mapping(localities, event_types):
    PoliceEventType.objects.filter(name="Stöld").delete()

    run(DATA / "police_events_valid.json")

    assert not PoliceEventType.objects.filter(name="Stöld").exists()


def test_type_mapped_after_an_import_is_imported_next_time(localities, event_types, categories):
    run(DATA / "police_events_valid.json")
    PoliceEventType.objects.filter(name="Trafikolycka").update(category=categories["buskorning"])

    out, _ = run(DATA / "police_events_valid.json")

    assert Report.objects.get(external_id="1004").category == categories["buskorning"]
    assert "1 new, 0 updated, 3 unchanged" in out


def test_ignored_types_are_skipped(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert not Report.objects.filter(external_id="1007").exists()


# --- Idempotence -------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(localities, event_types):
    run(DATA / "police_events_valid.json")

    out, _ = run(DATA / "police_events_valid.json")

    assert Report.objects.count() == 3
    assert ReportEvent.objects.count() == 3
    assert "0 new, 0 updated, 3 unchanged" in out
    assert "0 night summaries imported" in out


def test_reimport_updates_changed_events(localities, event_types):
    run(DATA / "police_events_valid.json")

    out, _ = run(DATA / "police_events_updated.json")

    report = Report.objects.get(external_id="1001")
    assert report.public_description.endswith("Uppdatering: en person är misstänkt.")
    assert report.description == report.public_description
    assert report.events.last().action == ReportEvent.Action.EDITED
    assert "description" in report.events.last().changes
    assert "0 new, 1 updated, 1 unchanged" in out


def test_reimport_keeps_a_coordinators_public_text_and_status(localities, event_types, coordinator):
    run(DATA / "police_events_valid.json")
    report = Report.objects.get(external_id="1001")
    report.edit_public_text("Fönster krossade vid skolan.", by=coordinator)
    report.set_status(Status.RESOLVED, by=coordinator)

    run(DATA / "police_events_updated.json")

    report.refresh_from_db()
    assert report.public_description == "Fönster krossade vid skolan."
    assert report.description.endswith("Uppdatering: en person är misstänkt.")
    assert report.status == Status.RESOLVED


def test_events_that_left_the_api_stay_in_the_archive(localities, event_types):
    run(DATA / "police_events_valid.json")

    run(DATA / "police_events_updated.json")

    assert Report.objects.filter(external_id="1003").exists()


# --- Time and place ------------------------------------------------------------


def test_datetime_with_single_digit_hour_is_parsed():
    parsed = police.parse_datetime("2018-04-13 9:58:49 +02:00")

    assert parsed == datetime(2018, 4, 13, 9, 58, 49, tzinfo=timezone(timedelta(hours=2)))


def test_datetime_with_two_digit_hour_is_parsed():
    parsed = police.parse_datetime("2024-01-05 23:10:00 +01:00")

    assert parsed == datetime(2024, 1, 5, 23, 10, tzinfo=timezone(timedelta(hours=1)))


def test_date_and_time_of_day_are_local_time(tmp_path, localities, event_types):
    path = write_events(tmp_path, [event_record(datetime="2024-01-05 23:10:00 +00:00")])

    run(path)

    report = Report.objects.get(external_id="1001")
    assert str(report.occurred_on) == "2024-01-06"
    assert report.time_of_day == TimeOfDay.NIGHT


def test_morning_event_gets_morning_time_of_day(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert Report.objects.get(external_id="1002").time_of_day == TimeOfDay.MORNING


def test_locality_named_in_the_text_is_used(localities, event_types):
    run(DATA / "police_events_valid.json")

    assert Report.objects.get(external_id="1001").locality == localities["skarhamn"]
    assert Report.objects.get(external_id="1002").locality == localities["myggenas"]


def test_without_a_named_locality_the_nearest_to_the_gps_is_used(tmp_path, localities, event_types):
    near_myggenas = {"name": "Tjörn", "gps": "58.069000,11.750000"}
    path = write_events(tmp_path, [event_record(summary="Fönster krossade.", location=near_myggenas)])

    run(path)

    assert Report.objects.get(external_id="1001").locality == localities["myggenas"]


def test_longest_locality_name_wins(tmp_path, localities, event_types):
    Locality.objects.create(
        name="Hövik", slug="hovik", municipality="Tjörns kommun", latitude="58.02", longitude="11.55"
    )
    hoviksnas = Locality.objects.create(
        name="Höviksnäs", slug="hoviksnas", municipality="Tjörns kommun", latitude="58.03", longitude="11.74"
    )
    path = write_events(tmp_path, [event_record(summary="Stöld i båthus i höviksnäs.")])

    run(path)

    assert Report.objects.get(external_id="1001").locality == hoviksnas


def test_police_event_is_never_public_at_an_exact_point(localities, event_types, categories):
    categories["skadegorelse"].public_precision = Precision.EXACT
    categories["skadegorelse"].save()

    run(DATA / "police_events_valid.json")

    report = Report.objects.get(external_id="1001")
    skarhamn = localities["skarhamn"]
    assert (report.public_latitude, report.public_longitude) == (skarhamn.latitude, skarhamn.longitude)
    assert (report.public_latitude, report.public_longitude) != (report.latitude, report.longitude)


# --- Malformed input -----------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("police_events_missing_field.json", "record 2 of 3 (id 1002): missing field 'datetime'"),
        ("police_events_bad_gps.json", "record 2 of 3 (id 1002): gps '58.003545;11.636195'"),
        ("police_events_bad_datetime.json", "record 2 of 3 (id 1002): datetime '13 april 2018 09:58'"),
        ("police_events_not_json.txt", "not valid JSON"),
    ],
)
def test_malformed_file_names_the_bad_record_and_imports_nothing(localities, event_types, filename, expected):
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run(DATA / filename)

    assert expected in str(error.value)
    assert not Report.objects.exists()
    assert PoliceEventType.objects.count() == len(event_types)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ({"id": 1}, "not a list"),
        ([1], "record 1 of 1 (id ?): expected an object"),
        ([event_record(id="abc")], "id 'abc' is not a positive integer"),
        ([event_record(location={"name": "Tjörn", "gps": "91.0,11.6"})], "out of range"),
        ([event_record(location={"name": "Tjörn"})], "missing field 'location.gps'"),
        ([event_record(type="")], "type is empty"),
        ([event_record(type="x" * 101)], "type is longer than 100 characters"),
        ([event_record(url="/" + "a" * 200)], "url is longer than 200 characters"),
        ([event_record(), event_record()], "record 2 of 2 (id 1001): same id as record 1"),
    ],
)
def test_invalid_records_are_rejected_with_a_clear_message(records, expected):
    with pytest.raises(police.PoliceEventsError) as error:
        police.parse_events(json.dumps(records))

    assert expected in str(error.value).replace("must be a JSON list of events, not dict", "not a list")


def test_failure_while_writing_imports_nothing(monkeypatch, localities, event_types):
    real_save = police.save_report
    calls = []

    def failing_save(event, fields):
        calls.append(event.id)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_save(event, fields)

    monkeypatch.setattr(police, "save_report", failing_save)

    with pytest.raises(RuntimeError):
        run(DATA / "police_events_valid.json")

    assert calls == [1001, 1002]
    assert not Report.objects.exists()
    assert not PoliceEventType.objects.filter(name="Trafikolycka").exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.json")


# --- Fetching from the API ---------------------------------------------------


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeClock:
    """Stands in for the time module in incidents.police: sleeping moves the clock."""

    def __init__(self):
        self.now = 1_700_000_000.0
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(police, "time", clock)
    return clock


@pytest.fixture
def api(monkeypatch, clock):
    """urlopen answering with the valid fixture; the requests it got are in api.requests."""

    class Api:
        requests = []
        body = (DATA / "police_events_valid.json").read_bytes()
        error = None

        @classmethod
        def urlopen(cls, request, timeout):
            cls.requests.append(request)
            if cls.error:
                raise cls.error
            return FakeResponse(cls.body)

    monkeypatch.setattr(police.urllib.request, "urlopen", Api.urlopen)
    return Api


def test_fetches_from_the_url_with_a_user_agent(localities, event_types, api):
    out, _ = run(API_URL)

    (request,) = api.requests
    assert request.full_url == API_URL
    assert "Trygg-pa-Tjorn" in request.get_header("User-agent")
    assert "3 new" in out
    assert Report.objects.count() == 3


def test_404_is_a_clear_final_error(localities, event_types, api):
    api.error = urllib.error.HTTPError(API_URL, 404, "Not Found", hdrs=None, fp=None)

    with pytest.raises(CommandError, match="404 Not Found.*final") as error:
        run(API_URL)

    assert len(api.requests) == 1
    assert "Nothing was imported" in str(error.value)


def test_server_error_is_a_clear_error(localities, event_types, api):
    api.error = urllib.error.HTTPError(API_URL, 503, "Service Unavailable", hdrs=None, fp=None)

    with pytest.raises(CommandError, match="503 Service Unavailable"):
        run(API_URL)


def test_network_error_is_a_clear_error(localities, event_types, api):
    api.error = urllib.error.URLError("Name or service not known")

    with pytest.raises(CommandError, match="Could not fetch the police events.*Name or service not known"):
        run(API_URL)


def test_waits_ten_seconds_between_fetches(api, clock):
    police.fetch(API_URL)
    clock.now += 3

    police.fetch(API_URL)

    assert clock.sleeps == [pytest.approx(7)]
    assert len(api.requests) == 2


def test_does_not_wait_when_the_last_fetch_is_old_enough(api, clock):
    police.fetch(API_URL)
    clock.now += 10.5

    police.fetch(API_URL)

    assert clock.sleeps == []
