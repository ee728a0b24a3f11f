"""The coordinator's queue: search by reference and text, and each report's age."""

import pytest
from django.urls import reverse

from incidents.models import Report, Status
from trygg.testing.clock import at, fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def found(client, query):
    response = client.get(reverse("incidents:queue"), {"q": query})
    assert response.status_code == 200
    return [report.pk for report in response.context["page"].object_list]


@pytest.fixture
def reports(make_report):
    return {
        "lampa": make_report(description="Trasig lampa vid busshållplatsen."),
        "klotter": make_report(description="Klotter på skolans vägg.", status=Status.PUBLISHED,
                               public_description="Klotter på en skola."),
    }


def test_search_by_reference(client, coordinator, reports):
    client.force_login(coordinator)
    report = reports["klotter"]
    assert found(client, report.reference) == [report.pk]
    assert found(client, report.reference.lower()) == [report.pk]
    assert found(client, str(report.pk)) == [report.pk]


def test_search_by_words_in_the_text(client, coordinator, reports):
    client.force_login(coordinator)
    assert found(client, "lampa") == [reports["lampa"].pk]
    assert found(client, "SKOLA") == [reports["klotter"].pk]
    assert found(client, "finns inte") == []


def test_search_keeps_the_other_filters(client, coordinator, reports):
    client.force_login(coordinator)
    response = client.get(reverse("incidents:queue"), {"q": "klotter", "status": "new"})
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("query", ["TT-99999999999999", "%", "' OR 1=1 --", "x" * 201])
def test_odd_searches_give_a_list_never_an_error(client, coordinator, reports, query):
    client.force_login(coordinator)
    assert client.get(reverse("incidents:queue"), {"q": query}).status_code == 200


def test_queue_shows_the_age_of_each_report(client, coordinator, make_report):
    report = make_report(description="Gammal rapport.")
    Report.objects.filter(pk=report.pk).update(created_at=at("2026-05-16 10:00"))
    client.force_login(coordinator)
    page = client.get(reverse("incidents:queue")).content.decode()
    assert "3\xa0dagar" in page or "3 dagar" in page


def test_new_reports_past_the_answer_deadline_are_marked_filtered_and_counted(client, coordinator, make_report,
                                                                            settings):
    settings.REPORT_ANSWER_DAYS = 5
    late = make_report(description="Väntar sedan länge.")
    Report.objects.filter(pk=late.pk).update(created_at=at("2026-05-13 09:00"))
    recent = make_report(description="Kom i går.")
    Report.objects.filter(pk=recent.pk).update(created_at=at("2026-05-18 09:00"))
    answered = make_report(description="Gammal men besvarad.", status=Status.PUBLISHED)
    Report.objects.filter(pk=answered.pk).update(created_at=at("2026-05-01 09:00"))
    client.force_login(coordinator)
    response = client.get(reverse("incidents:queue"), {"overdue": "on"})
    assert [r.pk for r in response.context["page"].object_list] == [late.pk]
    page = client.get(reverse("incidents:queue")).content.decode()
    assert page.count("badge text-bg-danger") == 1
    counts = {todo.url: count for todo, count in client.get(reverse("dashboard")).context["todos"]}
    assert counts[reverse("incidents:queue") + "?overdue=on"] == 1
