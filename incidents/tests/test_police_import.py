"""Police events on a fresh installation (the default mapping), the import runs, and the coordinator's page."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from incidents import police
from incidents.categories import DEFAULT_POLICE_EVENT_TYPES
from incidents.models import ImportRun, PoliceEventType, Report, Source
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

SAMPLE = Path(__file__).parent / "data" / "police_events_valid.json"


def test_a_fresh_installation_imports_the_tjorn_events_without_a_manual_mapping_step():
    """Migrations only: the default mapping ships with the categories."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_police_events", str(SAMPLE), stdout=out, stderr=err)
    stored = set(Report.objects.filter(source=Source.POLICE).values_list("external_id", flat=True))
    # Tjörn's Skadegörelse, Inbrott, night summary and Trafikolycka; Göteborg's and Stenungsund's are
    # skipped, and so is Tjörn's "Övrigt" (ignored by default).
    assert stored == {"1001", "1002", "1003", "1004"}
    assert "4 new" in out.getvalue() and "0 unmapped types" in out.getvalue()
    assert err.getvalue() == "" or "without a category" not in err.getvalue()


@pytest.mark.parametrize("name, code", [
    ("Skadegörelse", "skadegorelse"), ("Misshandel", "hot-vald"), ("Ordningslagen", "berusade"),
    ("Trafikolycka", "buskorning"), ("Stöld", "stold"), ("Inbrott", "inbrott"), ("Rattfylleri", "buskorning"),
    ("Narkotikabrott", "narkotika"), ("Brand", "skadegorelse"), ("Rån", "hot-vald"), ("Olaga hot", "hot-vald"),
])
def test_the_police_event_types_are_mapped_by_default(name, code):
    assert PoliceEventType.objects.get(name=name).category.code == code


def test_types_that_are_no_local_safety_problem_are_ignored_by_default():
    for name in ("Bedrägeri", "Trafikolycka, vilt", "Övrigt"):
        event_type = PoliceEventType.objects.get(name=name)
        assert event_type.ignored and event_type.category is None
    assert PoliceEventType.objects.count() == len(DEFAULT_POLICE_EVENT_TYPES)


def test_every_run_is_kept_with_its_counts():
    run, result = police.run_import(str(SAMPLE))
    assert (run.new, run.updated, run.unchanged, run.skipped) == (4, 0, 0, 3)
    assert run.succeeded and run.started_at is not None and run.unmapped == {}
    again, _result = police.run_import(str(SAMPLE))
    assert (again.new, again.unchanged) == (0, 4)
    assert list(ImportRun.objects.all()) == [again, run]


def test_a_failed_run_is_kept_with_its_error_and_imports_nothing(tmp_path):
    path = tmp_path / "events.json"
    path.write_text("inte json", encoding="utf-8")
    run, result = police.run_import(str(path))
    assert result is None
    assert "not valid JSON" in run.error and "Nothing was imported." in run.error
    assert not run.succeeded and not Report.objects.exists()


# --- the coordinator's page ---


def upload(content, name="handelser.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_coordinator_imports_an_uploaded_file_and_sees_the_run(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("incidents:police_import"), {"source": "file", "file": upload(SAMPLE.read_bytes())})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.started_by == coordinator and run.source == "handelser.json" and run.new == 4
    page = client.get(reverse("incidents:police_import")).content.decode()
    assert "handelser.json" in page and "<td>4</td>" in page


def test_coordinator_imports_from_the_configured_url_now(client, coordinator, monkeypatch, settings):
    settings.POLICE_EVENTS_URL = "https://polisen.se/api/events?locationname=Tj%C3%B6rn"
    fetched = []
    monkeypatch.setattr(police, "fetch", lambda url: fetched.append(url) or SAMPLE.read_bytes())
    client.force_login(coordinator)
    response = client.post(reverse("incidents:police_import"), {"source": "url"})
    assert response.status_code == 302
    assert fetched == [settings.POLICE_EVENTS_URL]
    assert ImportRun.objects.get().source == settings.POLICE_EVENTS_URL


def test_a_bad_file_is_a_clear_message_and_a_failed_run(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("incidents:police_import"),
                           {"source": "file", "file": upload(b"[{\"id\": 1}]")}, follow=True)
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert "missing field" in run.error
    assert escape(run.error) in response.content.decode()


def test_importing_without_a_file_asks_for_one(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("incidents:police_import"), {"source": "file"})
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_unmapped_types_are_listed_for_the_coordinator(client, coordinator):
    unmapped = PoliceEventType.objects.create(name="Sjölagen")
    client.force_login(coordinator)
    page = client.get(reverse("incidents:police_import")).content.decode()
    assert "Sjölagen" in page
    assert reverse("admin:incidents_policeeventtype_change", args=[unmapped.pk]) in page
    assert "Skadegörelse" not in page.split("unmapped-heading")[1].split("</section>")[0]


@pytest.mark.parametrize("role", ["police", "working_group_member", "steering_group_member", "resident"])
def test_other_roles_cannot_open_or_run_the_import(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("incidents:police_import")).status_code == 403
    assert client.post(reverse("incidents:police_import"), {"source": "url"}).status_code == 403
    assert not ImportRun.objects.exists()
