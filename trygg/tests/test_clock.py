"""The suite's clock (trygg/testing/clock.py): any day, one clock for Python and SQL, and the guard."""

import ast
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db.models.functions import Now

from incidents.categories import ensure_default_categories
from incidents.models import Category, Report
from trygg.dates import add_months
from trygg.testing.clock import LOCAL_ZONE, ROOT, WallClockRead, at, fixed_clock, parse_test_today

pytestmark = pytest.mark.django_db

# The readers that time-machine moves but the guard cannot watch (C methods): test code uses
# timezone.now(), timezone.localdate() and timezone.localtime() instead, which the guard watches.
UNWATCHED_READERS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}


def files_of_test_code():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "node_modules", "staticfiles", "var"}:
            continue
        if path.name == "conftest.py" or any(part in {"tests", "browser_tests"} for part in parts[:-1]):
            yield path


def test_no_test_code_reads_the_date_where_the_guard_cannot_see_it():
    found = []
    for path in files_of_test_code():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and (node.func.value.id, node.func.attr) in UNWATCHED_READERS):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.value.id}.{node.func.attr}()")
    assert found == [], "use timezone.now()/localdate() under a fixed clock instead:\n" + "\n".join(found)


def test_the_scan_sees_the_test_modules():
    names = {path.name for path in files_of_test_code()}
    assert {"test_clock.py", "conftest.py", "portal.py", "test_picture.py"} <= names


PROBE = '''
import pytest
from django.utils import timezone
from trygg.testing.clock import fixed_clock


def test_reads_today_unfixed():
    assert timezone.localdate().year > 2000


@fixed_clock("2027-03-28 01:30")
def test_reads_today_at_a_fixed_moment():
    assert timezone.localdate().isoformat() == "2027-03-28"


def test_converts_a_given_moment():
    assert timezone.localtime(timezone.make_aware(timezone.datetime(2026, 1, 1, 12))).hour == 12
'''


def run_probe(pytester, **environment):
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_probe.py").write_text(PROBE)
    env = {"TRYGG_TEST_CODE_ROOT": str(pytester.path), "DJANGO_SETTINGS_MODULE": "trygg.settings_test",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**env, **environment}.items():
            patch.setenv(name, value)
        return pytester.runpytest_subprocess("-p", "trygg.testing.clock", "-p", "no:cacheprovider", "-rA")


def test_a_test_that_reads_today_without_a_fixed_clock_fails(pytester):
    result = run_probe(pytester)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*WallClockRead: tests/test_probe.py:* reads today's date (timezone.localdate()) without a fixed clock*",
        "FAILED tests/test_probe.py::test_reads_today_unfixed*",
    ])


def test_test_today_is_not_a_fixed_clock_but_moves_the_whole_run(pytester):
    result = run_probe(pytester, TEST_TODAY="2028-02-29")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["TEST_TODAY: the suite runs as if it were 2028-02-29 *"])


def test_test_today_takes_a_date_or_a_local_moment():
    wall = datetime(2026, 12, 6, 18, 45, tzinfo=LOCAL_ZONE)
    assert parse_test_today("2028-02-29", wall=wall) == datetime(2028, 2, 29, 18, 45, tzinfo=LOCAL_ZONE)
    assert parse_test_today("2027-10-31T02:30") == datetime(2027, 10, 31, 2, 30, tzinfo=LOCAL_ZONE)
    assert parse_test_today("2027-10-31T02:30+01:00").utcoffset().total_seconds() == 3600
    with pytest.raises(ValueError, match="TEST_TODAY='31/12' is neither a date"):
        parse_test_today("31/12")


@fixed_clock("2028-02-29 23:30")
def test_the_database_stamps_rows_with_pythons_clock():
    ensure_default_categories(Category)
    category = Category.objects.get(code="belysning")
    report = Report.objects.create(kind=category.kind, category=category, description="Mörkt",
                                   latitude=Decimal("57.988"), longitude=Decimal("11.548"))
    report.refresh_from_db()
    assert report.created_at.astimezone(LOCAL_ZONE).date() == date(2028, 2, 29)
    with time_machine.travel(at("2031-07-01 12:00"), tick=False):
        now = Report.objects.annotate(now=Now()).values_list("now", flat=True).get(pk=report.pk)
    assert now == at("2031-07-01 12:00")


def test_the_guard_stops_a_read_outside_a_fixed_clock():
    from django.utils import timezone

    with pytest.raises(WallClockRead, match=r"trygg/tests/test_clock.py:\d+ reads today's date"):
        timezone.now()
    with time_machine.travel(at("2027-06-25 18:00")):
        assert timezone.localdate() == date(2027, 6, 25)


@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2028, 3, 31), -1, date(2028, 2, 29)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 12, 12), 1, date(2027, 1, 12)),
    (date(2026, 12, 1), -12, date(2025, 12, 1)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
])
def test_add_months_keeps_the_day_or_the_last_day_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


def test_add_months_keeps_the_time_of_a_moment():
    assert add_months(at("2027-03-31 02:30"), -1) == at("2027-02-28 02:30")


def test_fixed_clock_is_a_time_machine_marker():
    marker = fixed_clock("2026-05-19 10:00")
    assert marker.name == "time_machine" and marker.args == (at("2026-05-19 10:00"),)
    assert Path(__file__).resolve().is_relative_to(ROOT)
