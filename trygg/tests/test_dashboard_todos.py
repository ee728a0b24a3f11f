"""The start page opens with what needs doing, each a count linking to its list; the account's tasks come last."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog.models import Feedback, FeedbackStatus, FeedbackTopic
from governance.models import Group, GroupKind, Measure, Meeting
from incidents.models import Status
from incidents.tests.conftest import categories, localities, make_report  # noqa: F401 - fixtures
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def work(make_report):
    today, now = timezone.localdate(), timezone.now()
    for status in (Status.NEW, Status.NEW, Status.PUBLISHED):
        make_report(description="Mörkt.", status=status)
    make_report(description="Tillbaka.", status=Status.IN_PROGRESS, reopened_count=1)
    Feedback.objects.create(topic=FeedbackTopic.QUESTION, text="Varför?", submission_id=uuid.uuid4())
    Feedback.objects.create(topic=FeedbackTopic.QUESTION, text="Tack!", submission_id=uuid.uuid4(),
                            status=FeedbackStatus.CLOSED)
    Measure.objects.create(title="Sen", owner_organisation="municipality", starts_on=today - timedelta(days=60),
                           due_on=today - timedelta(days=1))
    Measure.objects.create(title="I tid", owner_organisation="municipality", starts_on=today,
                           due_on=today + timedelta(days=30))
    group = Group.objects.create(kind=GroupKind.STEERING, name="Styrgruppen", slug="styrgruppen")
    for days in (3, 30):
        Meeting.objects.create(group=group, title="Möte", starts_at=now + timedelta(days=days),
                               ends_at=now + timedelta(days=days, hours=2))


def todo_counts(client):
    return {todo.url: count for todo, count in client.get(reverse("dashboard")).context["todos"]}


def test_coordinator_start_page_counts_what_needs_doing_each_a_link(client, coordinator, work):
    client.force_login(coordinator)
    assert todo_counts(client) == {
        reverse("incidents:queue") + "?status=new": 2,
        reverse("incidents:queue") + "?overdue=on": 0,
        reverse("incidents:queue") + "?handled=mine": 0,
        reverse("incidents:queue") + "?reopened=on": 1,
        reverse("dialog:feedback_queue") + "?status=new": 1,
        reverse("governance:measure_list") + "#overdue-heading": 1,
        reverse("governance:meeting_list"): 1,
        reverse("governance:cycle") + "#missing-heading": 5,  # the steps due by the fixed day, not done
    }


def test_each_link_shows_the_items_it_counts(client, coordinator, work):
    client.force_login(coordinator)
    reopened = client.get(reverse("incidents:queue") + "?reopened=on").context["page"].object_list
    assert [report.description for report in reopened] == ["Tillbaka."]
    new = client.get(reverse("incidents:queue") + "?status=new").context["page"].object_list
    assert len(new) == 2


def test_the_start_page_opens_with_the_work_and_ends_with_the_account(client, coordinator, work):
    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert page.index('id="todo-heading"') < page.index('id="tasks-heading"') < page.index('id="account-heading"')
    assert page.index(reverse("incidents:queue")) < page.index(reverse("password_change"))


def test_working_group_member_sees_only_meetings_to_do(client, working_group_member, work):
    client.force_login(working_group_member)
    assert todo_counts(client) == {reverse("governance:meeting_list"): 1}


def test_resident_has_no_to_dos(client, resident):
    client.force_login(resident)
    response = client.get(reverse("dashboard"))
    assert response.context["todos"] == []
    assert 'id="todo-heading"' not in response.content.decode()
