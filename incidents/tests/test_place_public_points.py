"""manage.py place_public_points: every report's public point placed anew by the current rule, idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from incidents.maps import map_cache_version
from incidents.models import Category, Precision, Status
from incidents.tests.conftest import SKARHAMN
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

EXACT = (Decimal("57.990123"), Decimal("11.551234"))


def run(*args):
    out = io.StringIO()
    call_command("place_public_points", *args, stdout=out)
    return out.getvalue()


def test_points_left_behind_by_a_change_outside_the_portal_are_placed_anew(make_report, categories):
    klotter = categories["klotter"]
    report = make_report(category=klotter, latitude=EXACT[0], longitude=EXACT[1], status=Status.PUBLISHED)
    other = make_report(category=categories["belysning"], latitude=EXACT[0], longitude=EXACT[1])
    # A data migration or plain SQL changes the precision without Category.save.
    Category.objects.filter(pk=klotter.pk).update(public_precision=Precision.LOCALITY)
    version = map_cache_version()

    assert run().strip() == "Reports checked: 2. Public points moved: 1."
    report.refresh_from_db()
    other.refresh_from_db()
    assert (report.public_latitude, report.public_longitude) == SKARHAMN
    assert (other.public_latitude, other.public_longitude) == EXACT
    assert map_cache_version() != version

    assert run().strip() == "Reports checked: 2. Public points moved: 0."


def test_one_category_can_be_given(make_report, categories):
    make_report(category=categories["klotter"])
    make_report(category=categories["belysning"])
    assert run("--category", "klotter").strip() == "Reports checked: 1. Public points moved: 0."


def test_an_unknown_category_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No category with the code “nope”"):
        run("--category", "nope")
