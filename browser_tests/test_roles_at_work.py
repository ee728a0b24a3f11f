"""Each role of the agreement does its core work in the browser, as that role, on accessible pages."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from governance.models import CitizenPromise, Group, GroupKind, Measure, Membership, SituationReport
from incidents.categories import ensure_default_categories, ensure_default_police_event_types
from incidents.demo import seed_localities
from incidents.models import Category, ImportRun, Locality, PoliceEventType, Report, ReportEvent, Status
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]

SAMPLE = Path(__file__).parents[1] / "incidents" / "tests" / "data" / "police_events_valid.json"


@pytest.fixture
def report():
    seed_localities()
    ensure_default_categories(Category)
    category = Category.objects.get(code="belysning")
    return Report.objects.create(
        kind=category.kind, category=category, description="Trasig belysning längs Hamngatan.",
        latitude="57.988500", longitude="11.548500", locality=Locality.objects.get(name="Skärhamn"),
    )


def save_measure(page, title):
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_on").fill("2026-12-01")
    page.locator("#id_due_on").fill("2027-03-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/styrning/atgarder/*/")


def test_working_group_member_creates_a_measure_adds_a_milestone_and_reports_progress(page, live_server):
    ada = make_user("ada@example.org", roles.WORKING_GROUP, first_name="Ada")
    group = Group.objects.create(kind=GroupKind.WORKING, name="Arbetsgruppen", slug="arbetsgruppen")
    Membership.objects.create(group=group, user=ada, organisation="municipality", starts_on=date(2025, 1, 1))
    log_in(page, live_server, "ada@example.org")
    assert "Bygg, publicera och följ upp trygghetsenkäter." not in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/styrning/atgarder/ny/")
    assert_accessible(page)
    save_measure(page, "Grannsamverkan i Rönnäng")
    measure = Measure.objects.get()
    assert measure.owner_organisation == "municipality" and measure.responsible_person == ada

    page.locator("#id_milestone-title").fill("Första träffen")
    page.locator("#id_milestone-due_on").fill("2026-12-15")
    page.locator("form[action$='/delmal/'] button[type=submit]").click()
    page.wait_for_url(f"**/styrning/atgarder/{measure.pk}/#process")
    page.locator("#id_progress-text").fill("Inbjudan är utskickad.")
    page.locator("form[action$='/lagesrapport/'] button[type=submit]").click()
    page.wait_for_url(f"**/styrning/atgarder/{measure.pk}/#process")
    assert "Inbjudan är utskickad." in page.locator("main").inner_text()
    assert measure.milestones.count() == 1 and measure.progress_reports.get().author == ada
    assert_accessible(page)


def test_police_adds_a_note_creates_a_measure_and_gives_a_citizen_promise(page, live_server, report):
    make_user("per@example.org", roles.POLICE, first_name="Per")
    log_in(page, live_server, "per@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/{report.pk}/")
    page.locator("#id_note-text").fill("Patrull har varit på plats i kväll.")
    page.locator("form[action$='/note/'] button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_attached()
    assert "Patrull har varit på plats i kväll." in page.locator("main").inner_text()
    assert report.events.filter(action=ReportEvent.Action.NOTE).exists()
    assert_accessible(page)

    page.goto(f"{live_server.url}/styrning/atgarder/ny/")
    save_measure(page, "Kvällspatrullering i hamnen")
    assert Measure.objects.get().owner_organisation == "police"

    page.goto(f"{live_server.url}/styrning/medborgarloften/ny/")
    assert_accessible(page)
    page.locator("#id_title").fill("Tryggare hamn på kvällarna")
    page.locator("#id_text").fill("Polisen och kommunen går kvällspass tillsammans.")
    page.locator("#id_starts_on").fill("2026-01-01")
    page.locator("#id_ends_on").fill("2026-12-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/medborgarloften/")
    assert CitizenPromise.objects.filter(title="Tryggare hamn på kvällarna").exists()
    assert_accessible(page)


def test_steering_group_makes_and_prints_a_situation_report(page, live_server):
    make_user("stina@example.org", roles.STEERING_GROUP)
    log_in(page, live_server, "stina@example.org")
    page.goto(f"{live_server.url}/styrning/lagesbilder/ny/")
    assert_accessible(page)
    page.locator("#id_rhythm").select_option("monthly")
    page.locator("#id_day").fill(timezone.localdate().isoformat())
    page.locator("#id_analysis").fill("Inför styrgruppens möte: buskörningen har ökat.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/styrning/lagesbilder/*/")
    assert SituationReport.objects.count() == 1
    assert "buskörningen har ökat" in page.locator("main").inner_text()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.get_by_role("heading", level=1).is_visible()


def test_coordinator_sees_what_to_do_imports_police_events_and_takes_a_report(page, live_server, report):
    ensure_default_police_event_types(PoliceEventType, Category)  # live_server flushed the migration's rows
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True, first_name="Cora")
    log_in(page, live_server, "cora@example.org")
    todo = page.locator("section[aria-labelledby=todo-heading]")
    expect(todo.get_by_role("link", name="Nya rapporter: 1")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Polisens händelser").click()
    page.locator("#id_file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Importera filen").click()
    expect(page.get_by_role("status").first).to_be_attached()
    run = ImportRun.objects.get()
    assert run.new == 4 and run.skipped == 3
    assert_accessible(page)

    page.goto(f"{live_server.url}/samordning/rapporter/?q={report.reference}")
    page.get_by_role("link", name=report.reference).click()
    page.locator("#id_handler-handler").select_option(label="Cora")
    page.locator("form[action$='/handler/'] button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_attached()
    report.refresh_from_db()
    assert report.handler.email == "cora@example.org"
    page.goto(f"{live_server.url}/samordning/rapporter/?handled=mine")
    expect(page.get_by_role("link", name=report.reference)).to_be_visible()
    assert_accessible(page)


def test_coordinator_messages_the_reporter_and_merges_duplicates_into_the_resolved_original(
    page, live_server, report, mailoutbox
):
    # The lamp was reported three days ago and is already fixed; two residents report it again today.
    report.status, report.public_description = Status.RESOLVED, report.description
    report.save()
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=3))

    def duplicate(text, email=""):
        return Report.objects.create(
            kind=report.kind, category=report.category, description=text, latitude="57.988520",
            longitude="11.548520", locality=report.locality, contact_email=email, consent_given=bool(email),
        )

    new = duplicate("Lampan vid Hamngatan är släckt igen.", email="anna@example.org")
    later = duplicate("Mörkt vid Hamngatan.")
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True, first_name="Cora")
    log_in(page, live_server, "cora@example.org")

    # Message the reporter of the new report: sent now, logged, on the reporter's status page.
    page.goto(f"{live_server.url}/samordning/rapporter/?q={new.reference}")
    page.get_by_role("link", name=new.reference).click()
    page.get_by_role("textbox", name="Meddelande till rapportören").fill("Tack! Vi kontrollerar lampan i veckan.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page.get_by_text("Meddelandet är skickat till rapportören.")).to_be_visible()
    assert [mail.to for mail in mailoutbox] == [["anna@example.org"]]
    assert "Tack! Vi kontrollerar lampan i veckan." in mailoutbox[0].body
    assert new.events.filter(action=ReportEvent.Action.MESSAGED).exists()
    assert_accessible(page)

    # The duplicates table proposes the older, resolved report as the original.
    duplicates = page.locator("section[aria-labelledby=duplicates-heading]")
    duplicates.get_by_role("button", name=f"Slå ihop med {report.reference}").click()
    expect(page.get_by_text(f"Rapporten är sammanslagen med {report.reference}.")).to_be_visible()
    new.refresh_from_db()
    assert new.merged_into == report and new.status == Status.REJECTED
    assert_accessible(page)

    # Merging the resolved original into a newer report is not done without asking.
    page.goto(f"{live_server.url}/samordning/rapporter/{report.pk}/")
    page.locator("#id_merge-original").fill(later.reference)
    page.locator(f"form[action$='/rapporter/{report.pk}/merge/']:has(#id_merge-original) button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Slå ihop {report.reference} med en nyare rapport?")
    report.refresh_from_db()
    assert report.merged_into is None and report.status == Status.RESOLVED
    assert_accessible(page)
    page.get_by_role("button", name=f"Slå ihop {later.reference} med {report.reference} i stället").click()
    expect(page.get_by_text(f"Rapporten är sammanslagen med {report.reference}.")).to_be_visible()
    later.refresh_from_db()
    report.refresh_from_db()
    assert later.merged_into == report and report.merged_into is None and report.status == Status.RESOLVED

    page.goto(f"{live_server.url}/rapport/{new.token}/")
    expect(page.get_by_text("Tack! Vi kontrollerar lampan i veckan.")).to_be_visible()
    assert_accessible(page)


def test_police_searches_near_a_place_and_sees_it_on_the_staff_map(page, live_server, report):
    far = Report.objects.create(
        kind=report.kind, category=report.category, description="Långt bort.", latitude="58.070000",
        longitude="11.755000",
    )
    make_user("per@example.org", roles.POLICE, first_name="Per")
    log_in(page, live_server, "per@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/")
    page.locator("#id_near_place").fill(report.reference)
    page.locator("#id_radius").select_option("1000")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_url("**/samordning/rapporter/?*")
    rows = page.locator("main table tbody").inner_text()
    assert report.reference in rows and "0 m" in rows and far.reference not in rows
    assert_accessible(page)

    page.get_by_role("link", name="Visa på personalens karta").click()
    page.wait_for_url("**/samordning/karta/?*")
    expect(page.locator("#staff-map[data-loaded=true]")).to_be_attached()
    expect(page.locator("#staff-map path.leaflet-interactive").first).to_be_attached()
    assert far.reference not in page.locator("main table").inner_text()
    page.locator("#staff-map").click(position={"x": 160, "y": 160})  # away from the zoom buttons and the report
    expect(page.locator("#id_near_latitude")).to_have_value(re.compile(r"^5[78]\.\d{6}$"))
    expect(page.locator("#id_near_longitude")).to_have_value(re.compile(r"^11\.\d{6}$"))
    assert page.locator("#id_near_place").input_value() == ""
    assert_accessible(page)
