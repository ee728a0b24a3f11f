"""A coordinator hands a report to a person (the handler); "Mine" lists their open reports."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from incidents.models import ReportEvent, Status
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def colleague(db):
    return make_user("kollega@example.org", roles.COORDINATOR, is_staff=True, first_name="Kim")


def set_handler(client, report, handler):
    return client.post(reverse("incidents:moderate_action", args=[report.pk, "handler"]),
                       {"handler-handler": handler.pk if handler else ""})


def test_coordinator_hands_a_report_to_a_colleague_and_it_is_in_the_history(client, coordinator, colleague,
                                                                              make_report):
    report = make_report()
    client.force_login(coordinator)
    assert set_handler(client, report, colleague).status_code == 302
    report.refresh_from_db()
    assert report.handler == colleague
    event = report.events.get(action=ReportEvent.Action.HANDLER_SET)
    assert event.actor == coordinator and event.changes["handler"] == [None, str(colleague)]
    page = client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert f"– → {colleague}" in page


def test_mine_lists_the_open_reports_i_handle(client, coordinator, colleague, make_report):
    mine = make_report(description="Min rapport.", handler=coordinator)
    make_report(description="Kollegans rapport.", handler=colleague)
    make_report(description="Ingens rapport.")
    make_report(description="Min stängda rapport.", handler=coordinator, status=Status.REJECTED)
    client.force_login(coordinator)
    response = client.get(reverse("incidents:queue"), {"handled": "mine"})
    assert list(response.context["page"].object_list) == [mine]
    nobody = client.get(reverse("incidents:queue"), {"handled": "nobody"}).context["page"].object_list
    assert [r.description for r in nobody] == ["Ingens rapport."]
    counts = {todo.url: count for todo, count in client.get(reverse("dashboard")).context["todos"]}
    assert counts[reverse("incidents:queue") + "?handled=mine"] == 1


def test_only_coordinators_can_be_handlers(client, coordinator, police, make_report):
    report = make_report()
    client.force_login(coordinator)
    response = set_handler(client, report, police)
    assert response.status_code == 200 and response.context["forms"]["handler"].errors["handler"]
    report.refresh_from_db()
    assert report.handler is None


def test_the_handler_can_be_removed(client, coordinator, make_report):
    report = make_report(handler=coordinator)
    client.force_login(coordinator)
    assert set_handler(client, report, None).status_code == 302
    report.refresh_from_db()
    assert report.handler is None


def test_police_cannot_set_a_handler(coordinator, police, make_report):
    report = make_report()
    client = Client()
    client.force_login(police)
    assert set_handler(client, report, coordinator).status_code == 403
    report.refresh_from_db()
    assert report.handler is None
