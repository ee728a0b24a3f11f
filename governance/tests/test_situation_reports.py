from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Rhythm, SituationReport
from governance.situation import freeze, period_of
from incidents.models import Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


@pytest.mark.parametrize(
    "rhythm, day, period",
    [
        (Rhythm.WEEKLY, date(2026, 11, 26), (date(2026, 11, 23), date(2026, 11, 29))),
        (Rhythm.MONTHLY, date(2026, 2, 10), (date(2026, 2, 1), date(2026, 2, 28))),
        (Rhythm.TERTIAL, date(2026, 6, 1), (date(2026, 5, 1), date(2026, 8, 31))),
        (Rhythm.TERTIAL, date(2026, 11, 26), (date(2026, 9, 1), date(2026, 12, 31))),
        (Rhythm.YEARLY, date(2026, 6, 1), (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_follows_the_rhythm(rhythm, day, period):
    found = period_of(rhythm, day)
    assert (found.start, found.end) == period


def test_snapshot_keeps_its_figures_when_the_data_changes_later(make_report, coordinator):
    today = timezone.localdate()
    make_report(status=Status.PUBLISHED)
    report = freeze(rhythm=Rhythm.MONTHLY, day=today, analysis="Mörka platser dominerar.",
                    priorities=[("Belysning", "12 rapporter")], by=coordinator)
    frozen_total = report.figures["incidents"]["total"]["now"]
    assert frozen_total == 1
    for _ in range(3):
        make_report(status=Status.PUBLISHED)
    report.refresh_from_db()
    assert report.figures["incidents"]["total"]["now"] == frozen_total
    again = freeze(rhythm=Rhythm.MONTHLY, day=today, analysis="Ny analys", priorities=[], by=coordinator)
    assert again.version == 2 and again.figures["incidents"]["total"]["now"] == 4
    assert SituationReport.objects.count() == 2


def test_coordinator_freezes_a_situation_report_in_the_portal(client, coordinator, make_report):
    client.force_login(coordinator)
    response = client.post(reverse("governance:situation_report_create"), {
        "rhythm": "monthly", "day": timezone.localdate().isoformat(), "analysis": "Analys",
        "priorities": "Buskörning | 8 rapporter i Myggenäs\nBelysning | trygghetsmätningen",
    })
    report = SituationReport.objects.get()
    assert response["Location"] == reverse("governance:situation_report", args=[report.pk])
    assert list(report.priorities.values_list("title", flat=True)) == ["Buskörning", "Belysning"]
    page = client.get(response["Location"]).content.decode()
    assert "Buskörning" in page and "8 rapporter i Myggenäs" in page


def test_steering_group_member_makes_a_situation_report_for_its_meeting(client, steering_group_member):
    client.force_login(steering_group_member)
    response = client.post(reverse("governance:situation_report_create"), {
        "rhythm": "monthly", "day": timezone.localdate().isoformat(), "analysis": "Inför styrgruppsmötet",
    })
    report = SituationReport.objects.get()
    assert response["Location"] == reverse("governance:situation_report", args=[report.pk])


def test_freezing_a_future_period_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("governance:situation_report_create"), {
        "rhythm": "monthly", "day": "2999-01-01", "analysis": "Analys"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not SituationReport.objects.exists()


@pytest.mark.parametrize(
    "fixture, list_status, create_status",
    [(None, 302, 302), ("resident", 403, 403), ("staff_member", 403, 403), ("coordinator", 200, 200),
     ("working_group_member", 200, 403), ("steering_group_member", 200, 200), ("police", 200, 403),
     ("admin_user", 200, 200)],
)
def test_situation_report_permissions(request, client, coordinator, fixture, list_status, create_status):
    report = freeze(rhythm=Rhythm.YEARLY, day=timezone.localdate(), analysis="A", priorities=[], by=coordinator)
    if fixture:
        client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("governance:situation_reports")).status_code == list_status
    assert client.get(reverse("governance:situation_report", args=[report.pk])).status_code == list_status
    assert client.get(reverse("governance:situation_report_create")).status_code == create_status


def test_agenda_item_links_to_a_situation_report(client, coordinator):
    from governance.models import AgendaItem, Group, GroupKind, Meeting

    report = freeze(rhythm=Rhythm.MONTHLY, day=timezone.localdate(), analysis="A", priorities=[], by=coordinator)
    group = Group.objects.create(kind=GroupKind.WORKING, name="AG", slug="ag")
    starts = timezone.now() + timezone.timedelta(days=3)
    meeting = Meeting.objects.create(group=group, title="Möte", starts_at=starts, ends_at=starts + timezone.timedelta(hours=1))
    client.force_login(coordinator)
    client.post(reverse("governance:agenda_item_create", args=[meeting.pk]),
                {"title": "Lägesbild", "situation_reports": [report.pk]})
    item = AgendaItem.objects.get()
    assert list(item.situation_reports.all()) == [report]
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("governance:situation_report", args=[report.pk]) in page


def as_stored(figures):
    """The figures as a JSONField gives them back."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


@pytest.mark.parametrize(
    "rhythm, kind",
    [(Rhythm.MONTHLY, "month"), (Rhythm.YEARLY, "year"), (Rhythm.WEEKLY, "week"), (Rhythm.TERTIAL, "tertial")],
)
def test_lagesbild_is_the_live_picture_frozen(make_report, categories, coordinator, rhythm, kind):
    from governance import picture

    # Reports on 1 October and 31 October: a comparison from 2 October (as many days before) would miss one.
    for day in (date(2025, 11, 3), date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 2), date(2026, 11, 3),
                date(2026, 9, 1), date(2026, 8, 31), date(2026, 11, 20)):
        make_report(occurred_on=day, category=categories["klotter"], status=Status.PUBLISHED)
    day = date(2026, 11, 3)
    live = picture.compute(picture.Period.containing(kind, day))
    report = freeze(rhythm=rhythm, day=day, analysis="A", priorities=[], by=coordinator)
    report.refresh_from_db()
    assert report.figures["period"] == as_stored(live)["period"]
    assert report.figures["previous"] == as_stored(live)["previous"]
    assert report.figures == as_stored(live)


def test_november_lagesbild_compares_with_the_whole_of_october(make_report, categories, coordinator):
    report = freeze(rhythm=Rhythm.MONTHLY, day=date(2026, 11, 3), analysis="A", priorities=[], by=coordinator)
    assert report.figures["previous"]["start"] == "2026-10-01"
    assert report.figures["previous"]["end"] == "2026-10-31"


def test_live_picture_offers_the_lagesbild_periods_and_the_lagesbild_links_to_it(client, coordinator):
    from governance.forms.picture import PictureFilterForm
    from governance.picture import Period

    form = PictureFilterForm({"period": "tertial", "date_from": "2026-06-01"})
    assert form.is_valid()
    assert form.selected_period() == Period(date(2026, 5, 1), date(2026, 8, 31), "tertial")
    report = freeze(rhythm=Rhythm.TERTIAL, day=date(2026, 6, 1), analysis="A", priorities=[], by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("governance:situation_report", args=[report.pk])).content.decode()
    assert reverse("governance:picture") + "?period=tertial&amp;date_from=2026-05-01" in page
