"""Users of every role, shared by all apps' tests."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import translation

from incidents.choice_lists import forget_in_process
from trygg import roles
from trygg.models import User

PASSWORD = "correct-horse-battery-staple"


def pytest_terminal_summary(terminalreporter):
    """What tests recorded as record_property("summary", …), e.g. the load-and-faults counts, also under xdist."""
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "summary"
    ]
    if lines:
        terminalreporter.write_sep("-", "summary")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def clear_cache(request):
    """Rate-limit counters live in the cache table and computed aggregates in memory; no test transaction
    rolls either back."""
    uses_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_database:
        request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
        for cache in caches.all():
            cache.clear()
        forget_in_process()  # the categories and localities each process keeps in memory


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the portal's default language: a request in English (LocaleMiddleware) leaves
    English active in the thread after it, and a later test's lazy strings would be English."""
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def retention_settings(settings):
    """Retention periods the retention tests count with, whatever the environment sets."""
    settings.RETENTION = {
        "report_contact_months": 12,
        "survey_free_text_months": 24,
        "inactive_account_months": 36,
        "unconfirmed_account_days": 30,
        "login_record_months": 12,
        "activity_signup_days": 30,
    }
    return settings.RETENTION


def make_user(email, role=None, **extra):
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def resident(db):
    return make_user("resident@example.org")


@pytest.fixture
def coordinator(db):
    return make_user("coordinator@example.org", roles.COORDINATOR, is_staff=True, first_name="Cora")


@pytest.fixture
def working_group_member(db):
    return make_user("working@example.org", roles.WORKING_GROUP)


@pytest.fixture
def steering_group_member(db):
    return make_user("steering@example.org", roles.STEERING_GROUP)


@pytest.fixture
def police(db):
    return make_user("police@example.org", roles.POLICE)


@pytest.fixture
def staff_member(db):
    return make_user("staff@example.org", roles.STAFF)


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.org", is_staff=True, is_superuser=True)


ROLE_FIXTURES = [
    "resident",
    "staff_member",
    "coordinator",
    "working_group_member",
    "steering_group_member",
    "police",
    "admin_user",
]


@pytest.fixture(params=[None, *ROLE_FIXTURES])
def any_role_client(request, client):
    """A test client logged in as each role in turn (and once anonymous)."""
    if request.param:
        client.force_login(request.getfixturevalue(request.param))
    return client
