"""Every incidents URL × every role, with the expected answer to a GET.

A new URL in the incidents namespace fails test_every_incidents_url_is_in_the_table
until it gets a row here.
"""

import pytest
from django.urls import get_resolver, reverse

from incidents.models import ReportSubscription, SafetyFollowUp, Status
from incidents.photos import save_photo
from incidents.tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "staff_member", "coordinator", "working_group_member",
         "steering_group_member", "police", "admin_user"]
PUBLIC = {role: 200 for role in ROLES}
LOGGED_IN = {**{role: 200 for role in ROLES}, "anonymous": 302}
NOT_GET = {role: 405 for role in ROLES}
READ_REPORTS = {"anonymous": 302, "resident": 403, "staff_member": 403, "coordinator": 200,
                "working_group_member": 403, "steering_group_member": 403, "police": 200, "admin_user": 200}
NOBODY_BUT_COORDINATORS = {**{role: 403 for role in ROLES}, "anonymous": 302, "coordinator": 200, "admin_user": 200}
MODERATE_POST_ONLY = {**READ_REPORTS, "coordinator": 405, "police": 403, "admin_user": 405}
# Police liaisons add notes through the moderation action view, so they pass its permission check.
MODERATE_ACTION_POST_ONLY = {**MODERATE_POST_ONLY, "police": 405}

#             url name          expected GET status per role
EXPECTED = {
    "report_start": PUBLIC,
    "report_new": PUBLIC,
    "receipt": PUBLIC,
    "status": PUBLIC,
    "withdraw": NOT_GET,
    "remove_contact": NOT_GET,
    "reopen": NOT_GET,
    "follow_up": PUBLIC,
    "my_reports": LOGGED_IN,
    "list": PUBLIC,
    "detail": PUBLIC,
    "map": PUBLIC,
    "geojson": PUBLIC,
    "nearby": PUBLIC,
    "seen_too": NOT_GET,
    "follow": NOT_GET,
    "follow_confirm": PUBLIC,
    "unfollow": PUBLIC,
    "queue": READ_REPORTS,
    "staff_map": READ_REPORTS,
    "staff_geojson": READ_REPORTS,
    "bulk": MODERATE_POST_ONLY,
    "moderate": READ_REPORTS,
    "contact": READ_REPORTS,
    "moderate_action": MODERATE_ACTION_POST_ONLY,
    "photo": READ_REPORTS,
    "police_import": NOBODY_BUT_COORDINATORS,
    "export_csv": READ_REPORTS,
    "export_geojson": READ_REPORTS,
}


def incidents_url_names():
    _prefix, resolver = get_resolver().namespace_dict["incidents"]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_incidents_url_is_in_the_table():
    assert incidents_url_names() == set(EXPECTED)


@pytest.fixture
def urls(make_report):
    report = make_report(status=Status.PUBLISHED, contact_email="anna@example.org", consent_given=True)
    follow_up = SafetyFollowUp.objects.create(report=report)
    photo = save_photo(report, jpeg_with_gps())
    subscription = ReportSubscription.objects.create(report=report, email="folke@example.org")
    args = {
        "seen_too": [report.pk], "follow": [report.pk], "follow_confirm": [subscription.confirm_token],
        "unfollow": [subscription.unsubscribe_token],
        "receipt": [report.token], "status": [report.token], "withdraw": [report.token],
        "remove_contact": [report.token], "reopen": [report.token], "follow_up": [follow_up.token],
        "detail": [report.pk], "moderate": [report.pk], "contact": [report.pk],
        "moderate_action": [report.pk, "publish"], "photo": [photo.pk, "liten"],
    }
    return {name: reverse(f"incidents:{name}", args=args.get(name, [])) for name in EXPECTED}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_incidents_url(request, client, urls, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    answers = {name: client.get(url).status_code for name, url in urls.items()}
    expected = {name: EXPECTED[name][role] for name in urls}
    assert answers == expected
