"""The test suite's clock: any day of the year, one clock for Python and SQL, and a guard.

A pytest plugin (loaded with ``-p`` in ``pytest.ini``) with three parts.

**Any day.** ``TEST_TODAY=2028-02-29 make test`` runs the whole suite as if
it were that day: time-machine moves Python's clock there (the real time of
day, ticking) before any test runs. ``TEST_TODAY=2027-03-28T02:30`` also sets
the local time of day (Europe/Stockholm unless an offset is given).

**One clock.** Under time travel Python's clock and the database's differ:
PostgreSQL's ``statement_timestamp()`` (what ``Now()`` and the ``db_default``
timestamps compile to) knows nothing of time-machine. In tests ``Now()`` is
therefore compiled as a parameter holding Python's ``timezone.now()``, and a
``db_default`` is sent by Django instead of the server's ``DEFAULT``, so the
database never reads its own clock during a test. Production and migrations
are untouched: the columns keep their server-side defaults.

**The guard.** A test that reads today's date decides what today is. Reading
``timezone.now()``, ``timezone.localdate()`` or ``timezone.localtime()``
(without an argument) from a test module, a conftest or a test helper raises
``WallClockRead`` unless a fixed clock is in force: the ``time_machine`` marker
(``@pytest.mark.time_machine(datetime(...))``, on a test, a class or a
module's ``pytestmark``), the ``time_machine`` fixture after ``move_to`` or a
``with time_machine.travel(...)`` block. ``TEST_TODAY`` does not count as a
fixed clock: it is the day the suite checks, not a day a test chose.
``date.today()`` and ``datetime.now()`` cannot be watched this way; the test
``trygg/tests/test_clock.py`` keeps them out of test code.
"""

import functools
import os
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.db.models.expressions import DatabaseDefault
from django.db.models.functions import Now
from django.utils import timezone

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")
# Code under this folder is test code when its path has a tests folder or is a conftest.py.
ROOT = Path(os.environ.get("TRYGG_TEST_CODE_ROOT") or Path(__file__).resolve().parent.parent.parent).resolve()
TEST_PARTS = ("tests", "browser_tests")

_background_travels = 0  # 1 while TEST_TODAY is in force: travels above it are fixed clocks
_originals = {}


class WallClockRead(AssertionError):
    pass


def parse_test_today(value, wall=None):
    """TEST_TODAY as an aware datetime: a date keeps the real time of day, a datetime is used as it is."""
    value = value.strip()
    try:
        if "T" in value or " " in value:
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"TEST_TODAY={value!r} is neither a date (2028-02-29) nor a date and time "
                         "(2027-03-28T02:30, 2027-10-31T02:30+01:00)") from None
    wall = wall or datetime.now(LOCAL_ZONE)
    return datetime.combine(day, wall.time().replace(tzinfo=None), tzinfo=LOCAL_ZONE)


def fixed_clock_in_force():
    return len(time_machine.traveller_stack) > _background_travels


def _is_test_code(filename):
    path = Path(filename)
    if not path.is_absolute() or ROOT not in path.parents:
        return False
    parts = path.relative_to(ROOT).parts
    return path.name == "conftest.py" or any(part in TEST_PARTS for part in parts[:-1])


def _guarded(name, original, reads_clock=lambda *args, **kwargs: True):
    @functools.wraps(original)  # the same name, so migrations see default=timezone.now unchanged
    def guarded(*args, **kwargs):
        if reads_clock(*args, **kwargs) and not fixed_clock_in_force():
            caller = sys._getframe(1)
            if _is_test_code(caller.f_code.co_filename):
                where = f"{Path(caller.f_code.co_filename).relative_to(ROOT)}:{caller.f_lineno}"
                raise WallClockRead(
                    f"{where} reads today's date (timezone.{name}()) without a fixed clock: the test would "
                    "pass on some days and fail on others. Fix the clock with "
                    "@pytest.mark.time_machine(datetime(..., tzinfo=...)) on the test or in the module's "
                    "pytestmark, or pass the moment in as a value."
                )
        return original(*args, **kwargs)

    return guarded


def _now_as_python_clock(self, compiler, connection, **extra_context):
    value = connection.ops.adapt_datetimefield_value(timezone.now())
    return "%s", [value]


def _default_as_expression(self, compiler, connection):
    if isinstance(self.expression, Now):
        return compiler.compile(self.expression)
    return _originals["DatabaseDefault.as_sql"](self, compiler, connection)


def install():
    """Patch the clock readers and SQL's Now(); idempotent."""
    if _originals:
        return
    _originals["DatabaseDefault.as_sql"] = DatabaseDefault.as_sql
    DatabaseDefault.as_sql = _default_as_expression
    for vendor in ("as_sql", "as_postgresql", "as_sqlite", "as_mysql", "as_oracle"):
        _originals[f"Now.{vendor}"] = getattr(Now, vendor, None)
        setattr(Now, vendor, _now_as_python_clock)
    for name, reads_clock in (
        ("now", lambda *args, **kwargs: True),
        ("localdate", lambda value=None, *args, **kwargs: value is None),
        ("localtime", lambda value=None, *args, **kwargs: value is None),
    ):
        _originals[name] = getattr(timezone, name)
        setattr(timezone, name, _guarded(name, _originals[name], reads_clock))


# Installed on import: pytest.ini loads this plugin with -p, before Django imports the models, so
# that a field's default=timezone.now and the migrations' reference to it are the same function.
install()


def pytest_configure(config):
    global _background_travels
    today = os.environ.get("TEST_TODAY", "").strip()
    if today and not _background_travels:
        moment = parse_test_today(today)
        time_machine.travel(moment, tick=True).start()
        _background_travels = 1
        config.trygg_test_today = moment


def pytest_report_header(config):
    moment = getattr(config, "trygg_test_today", None)
    if moment:
        return f"TEST_TODAY: the suite runs as if it were {moment:%Y-%m-%d %H:%M %Z} (Python and SQL)"
    return None


def at(text):
    """An aware local moment from ISO text: ``at("2026-05-19 10:00")``."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)


def fixed_clock(text):
    """The marker that fixes a test's clock (ticking from that moment): ``fixed_clock("2026-05-19 10:00")``."""
    import pytest

    return pytest.mark.time_machine(at(text), tick=True)
