"""Every URL of the portal × every role, with the expected answer in one table.

The URL configuration is walked (``trygg.tests.portal.url_patterns``), so a new
URL without a row here fails ``test_every_url_has_a_row``. Each URL is requested
with GET by a client of each role in a seeded world (``portal.seed_world``).

Answers: a status code, ``L`` (redirect to a login page: the portal's or the
admin's), or ``→`` (redirect elsewhere). Columns, in this order:

    anon  anonymous visitor
    res   registered resident (no role)
    pers  Personal (municipal staff)
    samo  Samordnare (coordinator, is_staff)
    arb   Arbetsgrupp (working group)
    sty   Styrgrupp (steering group)
    pol   Polis (police liaison)
    adm   admin (superuser)

POST-only views answer 405 to GET for those who pass their permission check;
whether the permission or the method is checked first is visible in the row.
Who may act through them, and that those kept out of a page cannot POST to it,
is proved in test_post_permissions.
The admin's per-model pages are not listed one by one: ``ADMIN_MODELS`` says
what the coordinator and the superuser may do with each registered model, and
``admin_row`` turns that into rows. A newly registered model fails the test
until it is added there.
"""

import pytest

from trygg.tests.portal import (  # noqa: F401 - fixtures
    ROLES,
    admin_model_of,
    media_in_tmp,
    pattern_names,
    role_client,
    site_urls,
    world,
    world_media,
)

pytestmark = pytest.mark.django_db

PUBLIC = "200 200 200 200 200 200 200 200"

MATRIX = {
    #                                          anon res pers samo arb sty pol adm
    # --- the portal's own pages and accounts ---
    "home":                                   "200 200 200 200 200 200 200 200",
    "accessibility":                          "200 200 200 200 200 200 200 200",
    "easy_read":                              "200 200 200 200 200 200 200 200",
    "privacy":                                "200 200 200 200 200 200 200 200",
    "healthz":                                "200 200 200 200 200 200 200 200",
    "set_language":                           "→   →   →   →   →   →   →   →",
    "dashboard":                              "L   200 200 200 200 200 200 200",
    "login":                                  "200 →   →   →   →   →   →   →",
    "logout":                                 "L   405 405 405 405 405 405 405",
    "register":                               "200 →   →   →   →   →   →   →",
    "password_change":                        "L   200 200 200 200 200 200 200",
    "password_change_done":                   "L   200 200 200 200 200 200 200",
    "password_reset":                         "200 200 200 200 200 200 200 200",
    "password_reset_done":                    "200 200 200 200 200 200 200 200",
    "password_reset_confirm":                 "→   →   →   →   →   →   →   →",
    "password_reset_complete":                "200 200 200 200 200 200 200 200",
    "account_activate":                       "200 200 200 200 200 200 200 200",
    "two_factor_setup":                       "L   200 200 200 200 200 200 200",
    "two_factor_verify":                      "L   →   →   →   →   →   →   →",
    "account_data":                           "L   200 200 200 200 200 200 200",
    "account_data_download":                  "L   200 200 200 200 200 200 200",
    "account_delete":                         "L   200 200 200 200 200 200 200",
    # --- incidents: reporting, the private status link (a capability: anyone with the token), moderation, map ---
    "incidents:report_start":                 "200 200 200 200 200 200 200 200",
    "incidents:report_new":                   "200 200 200 200 200 200 200 200",
    "incidents:receipt":                      "200 200 200 200 200 200 200 200",
    "incidents:status":                       "200 200 200 200 200 200 200 200",
    "incidents:withdraw":                     "405 405 405 405 405 405 405 405",
    "incidents:remove_contact":               "405 405 405 405 405 405 405 405",
    "incidents:reopen":                       "405 405 405 405 405 405 405 405",
    "incidents:follow_up":                    "200 200 200 200 200 200 200 200",
    "incidents:my_reports":                   "L   200 200 200 200 200 200 200",
    "incidents:queue":                        "L   403 403 200 403 403 200 200",
    "incidents:bulk":                         "L   403 403 405 403 403 403 405",
    "incidents:moderate":                     "L   403 403 200 403 403 200 200",
    "incidents:contact":                      "L   403 403 200 403 403 200 200",
    "incidents:moderate_action":              "L   403 403 405 403 403 405 405",
    "incidents:staff_map":                    "L   403 403 200 403 403 200 200",
    "incidents:staff_geojson":                "L   403 403 200 403 403 200 200",
    "incidents:photo":                        "L   403 403 200 403 403 200 200",
    "incidents:police_import":                "L   403 403 200 403 403 403 200",
    "incidents:list":                         "200 200 200 200 200 200 200 200",
    "incidents:detail":                       "200 200 200 200 200 200 200 200",
    "incidents:map":                          "200 200 200 200 200 200 200 200",
    # --- incidents: "is it already reported?", "I have seen this too", following a report by e-mail ---
    "incidents:nearby":                       "200 200 200 200 200 200 200 200",
    "incidents:seen_too":                     "405 405 405 405 405 405 405 405",
    "incidents:follow":                       "405 405 405 405 405 405 405 405",
    "incidents:follow_confirm":               "200 200 200 200 200 200 200 200",
    "incidents:unfollow":                     "200 200 200 200 200 200 200 200",
    "incidents:geojson":                      "200 200 200 200 200 200 200 200",
    "incidents:export_csv":                   "L   403 403 200 403 403 200 200",
    "incidents:export_geojson":               "L   403 403 200 403 403 200 200",
    # --- dialog: survey builder, answering, feedback, dialogue activities, results ---
    "dialog:survey_list":                     "L   403 403 200 200 200 200 200",
    "dialog:survey_create":                   "L   403 403 200 403 403 403 200",
    "dialog:survey_edit":                     "L   403 403 200 403 403 403 200",
    "dialog:survey_copy":                     "L   403 403 405 403 403 403 405",
    "dialog:survey_preview":                  "L   403 403 200 403 403 403 200",
    "dialog:survey_publish":                  "L   403 403 405 403 403 403 405",
    "dialog:invitations":                     "L   403 403 200 403 403 403 200",
    "dialog:page_add":                        "L   403 403 200 403 403 403 200",
    "dialog:page_edit":                       "L   403 403 200 403 403 403 200",
    "dialog:page_delete":                     "L   403 403 200 403 403 403 200",
    "dialog:question_add":                    "L   403 403 200 403 403 403 200",
    "dialog:question_edit":                   "L   403 403 200 403 403 403 200",
    "dialog:question_delete":                 "L   403 403 200 403 403 403 200",
    "dialog:question_move":                   "L   403 403 405 403 403 403 405",
    "dialog:survey_index":                    "200 200 200 200 200 200 200 200",
    "dialog:insecurity_geojson":              "200 200 200 200 200 200 200 200",
    "dialog:answer":                          "200 200 200 200 200 200 200 200",
    "dialog:thanks":                          "200 200 200 200 200 200 200 200",
    "dialog:invitation":                      "200 200 200 200 200 200 200 200",
    "dialog:feedback":                        "200 200 200 200 200 200 200 200",
    "dialog:feedback_thanks":                 "200 200 200 200 200 200 200 200",
    "dialog:answered":                        "200 200 200 200 200 200 200 200",
    "dialog:public_activities":               "200 200 200 200 200 200 200 200",
    "dialog:public_activity":                 "200 200 200 200 200 200 200 200",
    "dialog:activities_calendar":             "200 200 200 200 200 200 200 200",
    "dialog:feedback_queue":                  "L   403 403 200 200 403 200 200",
    "dialog:feedback_detail":                 "L   403 403 200 200 403 200 200",
    "dialog:feedback_action":                 "L   403 403 405 403 403 403 405",
    "dialog:feedback_contact":                "L   403 403 200 403 403 403 200",
    "dialog:activity_list":                   "L   403 403 200 200 403 200 200",
    "dialog:activity_create":                 "L   403 403 200 403 403 403 200",
    "dialog:activity_detail":                 "L   403 403 200 200 403 200 200",
    "dialog:activity_edit":                   "L   403 403 200 403 403 403 200",
    "dialog:concern_to_report":               "L   403 403 405 403 403 403 405",
    "dialog:results":                         "L   403 403 200 200 200 200 200",
    "dialog:results_chart":                   "L   403 403 200 200 200 200 200",
    "dialog:results_index_chart":             "L   403 403 200 200 200 200 200",
    "dialog:free_text":                       "L   403 403 200 403 403 403 200",
    "dialog:results_csv":                     "L   403 403 200 403 403 403 200",
    "dialog:results_publish":                 "L   403 403 405 403 403 403 405",
    "dialog:public_results":                  "200 200 200 200 200 200 200 200",
    "dialog:public_results_chart":            "200 200 200 200 200 200 200 200",
    "dialog:public_results_index_chart":      "200 200 200 200 200 200 200 200",
    # --- governance: measures, promises, meetings, decisions, cycle, problem picture, situation reports ---
    "governance:measure_list":                "L   403 403 200 200 200 200 200",
    "governance:measure_create":              "L   403 403 200 200 403 200 200",
    "governance:measures_geojson":            "L   403 403 200 200 200 200 200",
    "governance:measure_detail":              "L   403 403 200 200 200 200 200",
    "governance:measure_edit":                "L   403 403 200 200 403 403 200",
    "governance:measure_add_progress":        "L   403 403 405 405 405 405 405",
    "governance:measure_add_milestone":       "L   403 403 405 405 405 405 405",
    "governance:milestone_done":              "L   403 403 405 405 405 405 405",
    "governance:promises":                    "200 200 200 200 200 200 200 200",
    "governance:promise_create":              "L   403 403 200 403 403 200 200",
    "governance:promise_edit":                "L   403 403 200 403 403 200 200",
    "governance:action_plan_current":         "L   403 403 →   →   →   →   →",
    "governance:action_plan":                 "L   403 403 200 200 200 200 200",
    "governance:agreement":                   "200 200 200 200 200 200 200 200",
    "governance:public_decisions":            "200 200 200 200 200 200 200 200",
    "governance:meeting_list":                "L   403 403 200 200 200 200 200",
    "governance:meeting_create":              "L   403 403 200 403 403 403 200",
    "governance:meeting_ics":                 "L   403 403 200 200 200 200 200",
    "governance:meeting_detail":              "L   403 403 200 200 200 200 200",
    "governance:meeting_edit":                "L   403 403 200 403 403 403 200",
    "governance:agenda_item_create":          "L   403 403 200 403 403 403 200",
    "governance:agenda_item_edit":            "L   403 403 200 403 403 403 200",
    "governance:agenda_item_move":            "L   403 403 405 403 403 403 405",
    "governance:meeting_attendance":          "L   403 403 405 403 403 403 405",
    "governance:minutes":                     "L   403 403 200 200 200 200 200",
    "governance:minutes_edit":                "L   403 403 200 403 403 403 200",
    "governance:minutes_correct":             "L   403 403 →   403 403 403 →",
    "governance:meeting_transition":          "L   403 403 405 403 403 403 405",
    "governance:meeting_send_agenda":         "L   403 403 405 403 403 403 405",
    "governance:decision_create":             "L   403 403 200 403 403 403 200",
    "governance:group_ics":                   "L   403 403 200 200 200 200 200",
    "governance:minutes_send_for_adjustment": "L   403 403 405 405 405 405 405",
    "governance:minutes_adjust":              "L   403 403 405 405 405 405 405",
    "governance:minutes_withdraw":            "L   403 403 405 405 405 405 405",
    "governance:meeting_document_upload":     "L   403 403 405 403 403 403 405",
    "governance:meeting_document":            "L   403 403 200 200 200 200 200",
    "governance:meeting_document_delete":     "L   403 403 405 403 403 403 405",
    "governance:calendar_feed":               "L   403 403 405 405 405 405 405",
    "governance:calendar_feed_ics":           "200 200 200 200 200 200 200 200",
    "governance:public_minutes":              "200 200 200 200 200 200 200 200",
    "governance:public_minutes_document":     "200 200 200 200 200 200 200 200",
    "governance:decision_list":               "L   403 403 200 200 200 200 200",
    "governance:decision_detail":             "L   403 403 200 200 200 200 200",
    "governance:decision_edit":               "L   403 403 200 403 403 403 200",
    "governance:cycle":                       "L   403 403 200 200 200 200 200",
    "governance:picture":                     "L   403 403 200 200 200 200 200",
    "governance:picture_trend_svg":           "L   403 403 200 200 200 200 200",
    "governance:picture_hotspots_svg":        "L   403 403 200 200 200 200 200",
    "governance:public_picture":              "200 200 200 200 200 200 200 200",
    "governance:public_picture_hotspots_svg": "200 200 200 200 200 200 200 200",
    "governance:public_picture_trend_svg":    "200 200 200 200 200 200 200 200",
    "governance:situation_reports":           "L   403 403 200 200 200 200 200",
    "governance:situation_report_create":     "L   403 403 200 403 200 403 200",
    "governance:situation_report":            "L   403 403 200 200 200 200 200",
    "governance:situation_report_pdf":        "L   403 403 200 200 200 200 200",
    # --- Open311 API (public, read-only for GET; keys are for POST) ---
    "open311:discovery":                      "200 200 200 200 200 200 200 200",
    "open311:services":                       "200 200 200 200 200 200 200 200",
    "open311:service_definition":             "200 200 200 200 200 200 200 200",
    "open311:requests":                       "200 200 200 200 200 200 200 200",
    "open311:request":                        "200 200 200 200 200 200 200 200",
    "open311:token":                          "200 200 200 200 200 200 200 200",
    "open311:updates":                        "200 200 200 200 200 200 200 200",
    "open311:unknown":                        "404 404 404 404 404 404 404 404",
    # --- the admin site's own views (per-model pages: ADMIN_MODELS below) ---
    "admin:index":                            "L   L   L   200 L   L   L   200",
    "admin:login":                            "L   L   L   L   L   L   L   L",
    "admin:logout":                           "L   →   →   405 →   →   →   405",
    "admin:password_change":                  "L   L   L   200 L   L   L   200",
    "admin:password_change_done":             "L   L   L   200 L   L   L   200",
    "admin:autocomplete":                     "L   L   L   403 L   L   L   403",
    "admin:jsi18n":                           "L   L   L   200 L   L   L   200",
    "admin:view_on_site":                     "L   L   L   404 L   L   L   404",
    "admin:app_list":                         "L   L   L   200 L   L   L   200",
    "admin:catch_all":                        "L   L   L   404 L   L   L   404",
}

# What each role may do with each model registered in the admin. Only is_staff users reach the
# admin at all (the coordinator and the superuser); everyone else is sent to log in.
#   view: changelist, change page (read-only without change), history; add; change; delete.
ADMIN_MODELS = {
    #                              samordnare                 admin (superuser)
    "auth.group":                 ("",                        "view add change delete"),
    "trygg.user":                 ("",                        "view add change delete"),
    "trygg.auditentry":           ("",                        "view"),
    "admin.logentry":             ("",                        "view"),
    "trygg.retentionaction":      ("",                        "view"),
    "incidents.locality":         ("view add change",         "view add change delete"),
    "incidents.category":         ("view add change",         "view add change delete"),
    "incidents.report":           ("view",                    "view change delete"),
    "incidents.policeeventtype":  ("view change",             "view add change delete"),
    "incidents.open311key":       ("",                        "view change delete"),
    "incidents.replytemplate":    ("view add change delete",  "view add change delete"),
    "dialog.theme":               ("add",                     "view add change delete"),
    "dialog.survey":              ("view add change",         "view add change delete"),
    "dialog.feedback":            ("view",                    "view add change delete"),
    "dialog.dialogueactivity":    ("view add change",         "view add change delete"),
    "governance.agreement":       ("view change",             "view add change delete"),
    "governance.group":           ("view change",             "view add change delete"),
    "governance.cyclestep":       ("view add change",         "view add change delete"),
    "otp_totp.totpdevice":        ("",                        "view add change delete"),
    "axes.accessattempt":         ("",                        "view change delete"),
    "axes.accesslog":             ("",                        "view change delete"),
    "axes.accessfailurelog":      ("",                        "view change delete"),
}
ADMIN_VIEW_NEEDS = {"changelist": "view", "history": "view", "change": "view", "add": "add", "delete": "delete",
                    "config": "change", "qrcode": "change", "password_change": "change"}


def admin_row(name):
    """The expected row of one of the admin's per-model pages, from ADMIN_MODELS."""
    label, view = admin_model_of(name)
    assert label in ADMIN_MODELS, f"add the admin model {label} to ADMIN_MODELS in {__name__}"
    cells = []
    for allowed in ADMIN_MODELS[label]:
        if view == "object":  # /admin/<app>/<model>/<id>/ only redirects to the change page
            cells.append("→")
        else:
            cells.append("200" if ADMIN_VIEW_NEEDS[view] in allowed.split() else "403")
    samordnare, admin = cells
    return f"L   L   L   {samordnare} L   L   L   {admin}"


def expected_row(name):
    if name in MATRIX:
        return MATRIX[name].split()
    if name.startswith("admin:") and admin_model_of(name):
        return admin_row(name).split()
    pytest.fail(f"add {name} to the matrix in {__name__} (MATRIX, or ADMIN_MODELS for an admin model)")


def answer(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        return "L" if location.startswith(("/konto/logga-in/", "/admin/login/")) else "→"
    return str(response.status_code)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """A logged-in client per role, made once: the sessions live in the module's world."""
    with django_db_blocker.unblock():
        return {role: role_client(world, role) for role in ROLES}


@pytest.fixture(scope="module")
def urls(world):
    return {site_url.name: site_url for site_url in site_urls(world)}


def test_every_url_has_a_row():
    missing = [name for name in pattern_names() if name not in MATRIX and not (
        name.startswith("admin:") and admin_model_of(name) and admin_model_of(name)[0] in ADMIN_MODELS
    )]
    assert not missing, "add these URLs to the matrix: " + ", ".join(missing)


def test_every_row_is_a_url():
    stale = set(MATRIX) - set(pattern_names())
    assert not stale, f"these rows name no URL any more: {sorted(stale)}"
    assert all(len(row.split()) == len(ROLES) for row in MATRIX.values())


@pytest.mark.parametrize("name", pattern_names())
def test_each_role_gets_the_expected_answer(name, urls, clients):
    expected = expected_row(name)
    site_url = urls[name]
    assert site_url.url, f"give {name} keyword arguments in trygg.tests.portal.url_kwargs"
    actual = [answer(clients[role].get(site_url.url)) for role in ROLES]
    assert actual == expected, "\n".join(
        f"{role:<12} expected {want:<4} got {got}" for role, want, got in zip(ROLES, expected, actual) if want != got
    )
