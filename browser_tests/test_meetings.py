import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from browser_tests.conftest import assert_accessible, log_in, without_javascript
from conftest import make_user
from dialog.models import Survey
from governance.models import Agreement, Decision, Group, GroupKind, GroupRole, Measure, Meeting, MeetingStatus, Membership
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


def test_coordinator_prepares_holds_and_decides(page, live_server):
    without_javascript(page)
    cora = make_user("cora@example.org", roles.COORDINATOR, is_staff=True, first_name="Cora", last_name="Samordnare")
    agreement = Agreement.objects.create(
        title="Samverkansöverenskommelse", parties="Tjörns kommun och Polisen", signed_on=date(2023, 3, 1),
        valid_from=date(2023, 3, 1), purpose="Öka tryggheten.",
    )
    group = Group.objects.create(agreement=agreement, kind=GroupKind.STEERING, name="Styrgruppen", slug="styrgruppen")
    Membership.objects.create(group=group, user=cora, organisation="municipality", role=GroupRole.COORDINATOR,
                              starts_on=date(2023, 1, 1))
    now = timezone.now()
    survey = Survey.objects.create(title="Trygghetsmätning", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    starts = (now - timedelta(hours=3)).replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(group=group, title="Styrgruppsmöte", starts_at=starts, ends_at=starts + timedelta(hours=2))

    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/styrning/moten/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/styrning/moten/{meeting.pk}/dagordning/ny/")
    page.locator("#id_title").fill("Lägesbild")
    page.locator("#id_incident_filter").fill("period=13")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    assert_accessible(page)
    page.locator("#id_incident_filter").fill("kind=disorder&period=30")
    page.locator("#id_surveys").select_option(str(survey.pk))
    page.locator("main form button[type=submit]").click()
    expect(page.locator('a[href="/rapporter/?kind=disorder&period=30"]')).to_have_count(1)
    page.locator(f"form[action='/styrning/moten/{meeting.pk}/status/genomfort/'] button").click()
    assert_accessible(page)
    page.locator("a[href*='/beslut/nytt/']").click()
    page.locator("#id_text").fill("Belysningen i Skärhamn ska ses över.")
    page.locator("#id_is_public").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/styrning/moten/{meeting.pk}/")  # saved before the page answers
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    decision = Decision.objects.get()
    assert decision.is_public

    # The decision starts a measure, and the coordinator reports progress on it.
    page.goto(f"{live_server.url}/styrning/beslut/{decision.pk}/")
    page.locator(f"a[href$='?beslut={decision.pk}']").click()
    page.locator("#id_title").fill("Ny belysning på Hamngatan")
    page.locator("#id_owner_organisation").select_option("municipality")
    page.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    page.locator("#id_due_on").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.locator("#id_status").select_option("ongoing")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/styrning/atgarder/\d+/$"))
    measure = Measure.objects.get()
    assert measure.decision == decision
    assert_accessible(page)
    page.locator("#id_progress-text").fill("Lamporna är beställda.")
    page.locator("#id_progress-percent").fill("30")
    page.locator("form[action$='/lagesrapport/'] button[type=submit]").click()
    assert measure.progress_reports.get().percent == 30

    page.goto(f"{live_server.url}/styrning/beslut/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/samverkan/")
    assert "Cora Samordnare" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/beslut/")
    assert "Belysningen i Skärhamn" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/styrning/moten/{meeting.pk}/protokoll/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator("footer nav").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()


def test_secretary_sends_minutes_to_the_adjuster_who_adjusts_and_the_public_minutes_show(page, live_server):
    without_javascript(page)
    cora = make_user("cora@example.org", roles.COORDINATOR, is_staff=True, first_name="Cora", last_name="Samordnare")
    stina = make_user("stina@example.org", roles.STEERING_GROUP, first_name="Stina", last_name="Styrsson")
    group = Group.objects.create(kind=GroupKind.STEERING, name="Styrgruppen", slug="styrgruppen")
    for user, role in ((cora, GroupRole.COORDINATOR), (stina, GroupRole.MEMBER)):
        Membership.objects.create(group=group, user=user, organisation="municipality", role=role,
                                  starts_on=date(2023, 1, 1))
    starts = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(group=group, title="Styrgruppsmöte", starts_at=starts,
                                     ends_at=starts + timedelta(hours=2), status=MeetingStatus.HELD, secretary=cora)
    meeting.adjusters.set([stina])
    item = meeting.agenda_items.create(order=1, title="Trygghetsvandring", minutes="Vandringen planerades.")
    Decision.objects.create(meeting=meeting, agenda_item=item, decided_by=group, is_public=True,
                            text="En trygghetsvandring genomförs i Skärhamn i december.")

    # The secretary attaches the agenda papers and sends the minutes to the adjuster.
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/styrning/moten/{meeting.pk}/")
    page.get_by_label("Rubrik").fill("Karta över vandringen")
    page.get_by_label("Fil").set_input_files(
        {"name": "karta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"})
    page.get_by_role("button", name="Bifoga", exact=True).click()
    expect(page.get_by_role("link", name="Karta över vandringen")).to_be_visible()
    page.get_by_role("button", name="Skicka protokollet för justering").click()
    expect(page.get_by_text("Protokollet är skickat till justerarna.")).to_be_visible()
    assert_accessible(page)
    # A calendar link to subscribe to without logging in.
    page.goto(f"{live_server.url}/styrning/moten/")
    page.get_by_role("button", name="Skapa prenumerationslänk för Styrgruppen").click()
    expect(page.get_by_label("Din prenumerationslänk för Styrgruppen")).to_have_value(re.compile(r"/kalender/.+\.ics$"))
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/styrning/moten/", f"/styrning/moten/{meeting.pk}/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.set_viewport_size({"width": 1280, "height": 800})

    # The adjuster finds the minutes on the start page and adjusts them.
    page.context.clear_cookies()
    log_in(page, live_server, "stina@example.org")
    page.get_by_role("link", name="Protokoll för dig att justera: 1").click()
    assert_accessible(page)
    page.locator("#to-adjust").get_by_role("link", name="Styrgruppsmöte").click()
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_text("Protokollet är justerat och kan nu bara läsas.")).to_be_visible()
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    page.goto(f"{live_server.url}/styrning/moten/{meeting.pk}/protokoll/")
    expect(page.locator("main")).to_contain_text(f"Justerat {timezone.localdate():%Y-%m-%d} av Stina Styrsson")

    # Anyone reads the public parts: the decision and who adjusted, from the public decisions.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/beslut/")
    page.get_by_role("link", name=f"Protokoll från Styrgruppen, {timezone.localtime(starts):%Y-%m-%d}").click()
    main = page.locator("main")
    expect(main).to_contain_text("En trygghetsvandring genomförs i Skärhamn i december.")
    expect(main).to_contain_text("av Stina Styrsson")
    expect(main).not_to_contain_text("Vandringen planerades.")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
