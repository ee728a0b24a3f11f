from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from governance.models import Measure, MeasureStatus
from incidents.categories import ensure_default_categories
from incidents.models import Category, Locality, Report, SafetyFollowUp, Status
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


def received(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


@pytest.fixture
def measure():
    """A carried-out lighting measure: 12 → 4 reports in its area, 10 → 10 in Myggenäs, 4 → 8 in the ring."""
    ensure_default_categories(Category)
    lighting = Category.objects.get(code="belysning")
    skarhamn = Locality.objects.create(name="Skärhamn", slug="skarhamn", municipality="Tjörns kommun",
                                       latitude=Decimal("57.988"), longitude=Decimal("11.548"))
    myggenas = Locality.objects.create(name="Myggenäs", slug="myggenas", municipality="Tjörns kommun",
                                       latitude=Decimal("58.070"), longitude=Decimal("11.755"))
    today = timezone.localdate()
    starts, completed = today - timedelta(days=300), today - timedelta(days=200)
    before, after = starts - timedelta(days=60), completed + timedelta(days=60)
    for n, day, (lat, lon), locality in [
        (12, before, ("57.988900", "11.548"), skarhamn), (4, after, ("57.988900", "11.548"), skarhamn),
        (4, before, ("57.994750", "11.548"), skarhamn), (8, after, ("57.994750", "11.548"), skarhamn),
        (10, before, ("58.070", "11.755"), myggenas), (10, after, ("58.070", "11.755"), myggenas),
    ]:
        Report.objects.bulk_create(
            Report(kind=lighting.kind, category=lighting, description="Mörkt.", latitude=Decimal(lat),
                   longitude=Decimal(lon), locality=locality, status=Status.RESOLVED, created_at=received(day))
            for _ in range(n)
        )
    for report, answer in zip(Report.objects.filter(created_at=received(after), locality=skarhamn)[:3],
                              ["yes", "yes", "no"], strict=True):
        SafetyFollowUp.objects.create(report=report, answer=answer, answered_at=received(after + timedelta(days=30)))
    return Measure.objects.create(
        title="Belysning vid skolan", owner_organisation="municipality", category=lighting, locality=skarhamn,
        latitude=Decimal("57.988"), longitude=Decimal("11.548"), radius_metres=500, starts_on=starts,
        due_on=completed, completed_on=completed, status=MeasureStatus.DONE, control_locality_far=myggenas,
    )


def test_coordinator_reads_a_measures_effect_follow_up(page, live_server, measure):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/styrning/atgarder/{measure.pk}/#effect-control")
    section = page.locator("#effect-control")
    expect(section.get_by_role("table").first).to_be_visible()
    # 12 → 4 is −66.7 %, the rest of Tjörn 10 → 10 is 0 %: 66.7 points better; the ring 4 → 8 rose.
    expect(section.locator("[data-reading=better]")).to_be_visible()
    expect(section.locator("[data-ring-reading=displacement]")).to_be_visible()
    expect(section).to_contain_text("Myggenäs")
    expect(section).to_contain_text("66,7")
    assert_accessible(page)

    page.goto(f"{live_server.url}/styrning/problembild/")
    summary = page.locator("table.picture-effects")
    expect(summary).to_contain_text("Belysning vid skolan")
    expect(summary.locator("[data-reading=better]")).to_have_count(1)
    assert_accessible(page)
    summary.get_by_role("link", name="Belysning vid skolan").click()
    page.wait_for_url(f"**/styrning/atgarder/{measure.pk}/#effect-control")
