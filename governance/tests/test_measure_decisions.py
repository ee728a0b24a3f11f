"""A measure shows the decision it answers, with the meeting, its date and the group that decided."""

import pytest
from django.urls import reverse

from governance.models import MeetingStatus
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    held_meeting,
    make_decision,
    make_meeting,
    past_meeting,
    steering,
)
from governance.tests.test_measures import make_measure  # noqa: F401 (fixture)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def test_measure_page_lists_its_decision_with_meeting_date_and_group(client, coordinator, held_meeting, make_measure):
    decision = make_decision(held_meeting, text="Belysningen vid Hamngatan ska förbättras.")
    measure = make_measure(decision=decision)
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert 'id="decisions"' in html
    assert reverse("governance:decision_detail", args=[decision.pk]) in html
    assert reverse("governance:meeting_detail", args=[held_meeting.pk]) in html
    assert "2026-05-18" in html and "Styrgruppen" in html and "Belysningen vid Hamngatan" in html


def test_measure_without_decision_says_so(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    response = client.get(reverse("governance:measure_detail", args=[measure.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Åtgärden hänvisar inte till något beslut." in response.content.decode()


def test_measure_page_reads_the_decision_in_one_query_set(client, coordinator, held_meeting, make_measure,
                                                          django_assert_max_num_queries):
    measure = make_measure(decision=make_decision(held_meeting))
    other = make_meeting(held_meeting.group, days=-3, status=MeetingStatus.HELD, title="Annat möte")
    assert other.pk
    client.force_login(coordinator)
    client.get(reverse("governance:measure_detail", args=[measure.pk]))
    with django_assert_max_num_queries(60) as queries:
        client.get(reverse("governance:measure_detail", args=[measure.pk]))
    assert not [q for q in queries.captured_queries if 'FROM "governance_group"' in q["sql"]]
