"""The computed problem picture is reused for a few minutes, says when it was computed, and never feeds snapshots."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Rhythm
from governance.picture import MONTH, Period
from governance.situation import freeze
from incidents.models import Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


def this_month():
    return {"period": "month", "date_from": timezone.localdate().replace(day=1).isoformat()}


def total(response):
    return response.context["data"]["incidents"]["total"]["now"]


def test_the_picture_is_reused_and_says_when_it_was_computed(client, steering_group_member, make_report):
    make_report(status=Status.PUBLISHED)
    client.force_login(steering_group_member)
    url = reverse("governance:picture")
    client.get(url)  # the first request after login writes the session
    with CaptureQueriesContext(connection) as computing:
        first = client.get(url, this_month())
    make_report(status=Status.PUBLISHED)
    with CaptureQueriesContext(connection) as reusing:
        second = client.get(url, this_month())
    assert total(first) == total(second) == 1
    assert len(reusing) < len(computing) - 5
    computed_at = timezone.localtime(second.context["data"]["computed_at"]).strftime("%H:%M")
    assert 'id="picture-computed-at"' in second.content.decode()
    assert computed_at in second.content.decode()


def test_each_filter_combination_is_computed_for_itself(client, steering_group_member, make_report):
    make_report(status=Status.PUBLISHED)
    client.force_login(steering_group_member)
    url = reverse("governance:picture")
    assert total(client.get(url, this_month())) == 1
    assert total(client.get(url, {**this_month(), "kind": "crime"})) == 0  # belysning is an unsafe place


def test_the_public_and_the_staff_picture_are_cached_apart(client, steering_group_member, make_report):
    make_report(status=Status.NEW)
    client.force_login(steering_group_member)
    assert total(client.get(reverse("governance:picture"), this_month())) == 1
    client.logout()
    assert total(client.get(reverse("governance:public_picture"), this_month())) == 0


def test_the_picture_is_computed_again_after_its_time(client, steering_group_member, make_report, settings):
    settings.PICTURE_CACHE_SECONDS = 0
    make_report(status=Status.PUBLISHED)
    client.force_login(steering_group_member)
    url = reverse("governance:picture")
    assert total(client.get(url, this_month())) == 1
    make_report(status=Status.PUBLISHED)
    assert total(client.get(url, this_month())) == 2


def test_freezing_a_snapshot_computes_afresh_while_the_page_is_cached(
    client, steering_group_member, coordinator, make_report
):
    make_report(status=Status.PUBLISHED)
    client.force_login(steering_group_member)
    assert total(client.get(reverse("governance:picture"), this_month())) == 1
    make_report(status=Status.PUBLISHED)
    report = freeze(rhythm=Rhythm.MONTHLY, day=timezone.localdate(), analysis="A", priorities=[], by=coordinator)
    assert report.figures["incidents"]["total"]["now"] == 2
    assert "computed_at" not in report.figures


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache the command and the web process share, as Redis is in production."""
    settings.CACHES = {**settings.CACHES,
                       "aggregates": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                      "LOCATION": str(tmp_path)}}


def test_warming_computes_the_default_views_so_the_first_visitor_finds_them(
    client, steering_group_member, make_report, shared_cache
):
    last_month = Period.last_full(MONTH).start
    make_report(status=Status.PUBLISHED, occurred_on=last_month)
    out = io.StringIO()
    call_command("warm_problem_picture", stdout=out)
    assert "Computed 4 views" in out.getvalue()
    warmed = timezone.now()
    make_report(status=Status.PUBLISHED, occurred_on=last_month)
    client.force_login(steering_group_member)
    assert total(client.get(reverse("governance:picture"))) == 1  # the warmed picture, no computation
    public = client.get(reverse("governance:public_picture")).context["data"]
    assert public["computed_at"] <= warmed and public["public"]
    call_command("warm_problem_picture", stdout=io.StringIO())
    assert total(client.get(reverse("governance:picture"))) == 2  # warming again computes anew


def test_warming_with_a_process_local_cache_says_there_is_nothing_to_warm(make_report):
    out = io.StringIO()
    call_command("warm_problem_picture", stdout=out)
    assert "nothing to warm" in out.getvalue()
