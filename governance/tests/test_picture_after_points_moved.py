"""A cached problem picture is computed anew when public points move (issue 11, finding 4)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Precision, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


def hotspot_centres(client):
    params = {"period": "month", "date_from": timezone.localdate().replace(day=1).isoformat()}
    cells = client.get(reverse("governance:picture"), params).context["data"]["hotspots"]["cells"]
    return [(cell["latitude"], cell["longitude"]) for cell in cells]


def test_a_precision_change_is_seen_in_the_cached_picture_at_once(
    client, steering_group_member, make_report, categories, django_capture_on_commit_callbacks
):
    klotter = categories["klotter"]
    make_report(category=klotter, latitude=Decimal("58.020000"), longitude=Decimal("11.600000"), status=Status.PUBLISHED)
    client.force_login(steering_group_member)
    before = hotspot_centres(client)
    klotter.public_precision = Precision.LOCALITY
    with django_capture_on_commit_callbacks(execute=True):
        klotter.save()
    after = hotspot_centres(client)
    assert len(before) == len(after) == 1
    assert before != after
