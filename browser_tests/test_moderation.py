import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from incidents.categories import ensure_default_categories
from incidents.demo import seed_localities
from incidents.models import Category, Locality, Report, SafetyFollowUp, Status
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def new_report():
    seed_localities()
    ensure_default_categories(Category)
    category = Category.objects.get(code="belysning")
    report = Report(
        kind=category.kind, category=category, description="Trasig belysning längs Hamngatan, Kalle Svensson bor där.",
        latitude="57.988500", longitude="11.548500", locality=Locality.objects.get(name="Skärhamn"),
        contact_name="Anna Andersson", contact_email="anna@example.org", consent_given=True,
    )
    report.save()
    return report


def test_coordinator_publishes_a_report_and_it_appears_on_the_public_map(page, live_server, new_report):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.get_by_role("link", name="Granska rapporter").click()
    assert_accessible(page)
    page.get_by_role("link", name=new_report.reference).click()
    assert_accessible(page)

    page.get_by_role("textbox", name="Offentlig text").fill("Trasig belysning längs Hamngatan.")
    page.get_by_role("button", name="Spara den offentliga texten").click()
    page.get_by_role("button", name="Publicera rapporten").click()
    expect(page.get_by_role("status").first).to_be_attached()
    assert_accessible(page)
    new_report.refresh_from_db()
    assert new_report.status == Status.PUBLISHED
    assert new_report.public_description == "Trasig belysning längs Hamngatan."

    page.get_by_role("button", name="Visa kontaktuppgifter").click()
    expect(page.get_by_text("anna@example.org")).to_have_count(1)
    assert_accessible(page)

    page.goto(f"{live_server.url}/karta/")
    page.wait_for_selector("#report-map[data-loaded]")
    expect(page.locator(".report-cell, .leaflet-marker-icon").first).to_be_attached()  # the published report is on the map
    page.goto(f"{live_server.url}/rapporter/{new_report.pk}/")
    text = page.locator("main").inner_text()
    assert "Trasig belysning längs Hamngatan." in text
    assert "Kalle Svensson" not in text and "Anna Andersson" not in text


def test_police_liaison_reads_the_queue_without_action_forms(page, live_server, new_report):
    make_user("per@example.org", roles.POLICE)
    log_in(page, live_server, "per@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/{new_report.pk}/")
    expect(page.get_by_role("button", name="Publicera rapporten")).to_have_count(0)
    assert_accessible(page)


def test_reporter_pages_are_accessible(page, live_server, new_report):
    resident = make_user("ines@example.org")
    new_report.reporter = resident
    new_report.status = Status.RESOLVED
    new_report.save()
    follow_up = SafetyFollowUp.objects.create(report=new_report)
    for path in (
        f"/rapport/{new_report.token}/",
        f"/rapport/{new_report.token}/kvitto/",
        f"/uppfoljning/{follow_up.token}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    page.get_by_role("button", name="Skicka svar").click()
    assert_accessible(page)  # the form with errors
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_role("status")).to_have_count(1)
    assert_accessible(page)
    log_in(page, live_server, "ines@example.org")
    page.goto(f"{live_server.url}/mina-rapporter/")
    expect(page.get_by_role("link", name=new_report.reference)).to_have_count(1)
    assert_accessible(page)


def test_public_text_with_personal_data_is_pointed_out_and_needs_a_deliberate_confirmation(
    page, live_server, new_report
):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/{new_report.pk}/")
    expect(page.get_by_role("textbox", name="Offentlig text")).to_have_value("")  # never the reporter's words

    text = "Grannen Olle Berg (070-123 45 67) på Kyrkvägen 4 har trasig lampa."
    page.get_by_role("textbox", name="Offentlig text").fill(text)
    page.get_by_role("button", name="Spara den offentliga texten").click()
    summary = page.locator("[data-error-summary]").first
    expect(summary).to_contain_text("Olle Berg")
    expect(summary).to_contain_text("070-123 45 67")
    expect(summary).to_contain_text("Kyrkvägen 4")
    assert_accessible(page)
    new_report.refresh_from_db()
    assert new_report.public_description == ""

    page.get_by_role("checkbox", name="Jag har granskat texten: den får bli publik som den är.").check()
    page.get_by_role("button", name="Spara den offentliga texten").click()
    expect(page.get_by_role("status").first).to_be_attached()
    new_report.refresh_from_db()
    assert new_report.public_description == text


def test_coordinator_messages_the_reporter_from_a_reply_template(page, live_server, new_report, mailoutbox):
    from incidents.models import ReplyTemplate

    ReplyTemplate.objects.create(title="Lampa byts", text="Tack! Gatuenheten byter lampan inom två veckor.")
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/{new_report.pk}/")
    message = page.get_by_role("textbox", name="Meddelande till rapportören")
    page.locator("#message-template").select_option(label="Lampa byts")
    expect(message).to_have_value("Tack! Gatuenheten byter lampan inom två veckor.")
    assert_accessible(page)
    message.fill("Tack! Gatuenheten byter lampan på torsdag.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page.get_by_text("Meddelandet är skickat till rapportören.")).to_be_visible()
    assert_accessible(page)
    assert [mail.to for mail in mailoutbox] == [["anna@example.org"]]

    page.goto(f"{live_server.url}/rapport/{new_report.token}/")
    expect(page.get_by_text("Tack! Gatuenheten byter lampan på torsdag.")).to_be_visible()
    assert_accessible(page)
