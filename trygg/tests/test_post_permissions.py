"""POST to every URL of the portal as every role: who may not, changes nothing.

The GET matrix (test_permission_matrix) says who reaches each page. Here every
URL is POSTed to (an empty form) by each role that the GET matrix keeps out
(a login redirect, 403 or 404): the answer must keep it out as well (login
redirect, 403, 404 or 405) and no row of the portal may change. The views that
only take POST answer 405 to every GET, which hides their permission check; for
them POST_ONLY says, in one table, which roles may act.
"""

import pytest

from trygg.tests.portal import (  # noqa: F401 - fixtures
    ROLES,
    media_in_tmp,
    pattern_names,
    row_counts,
    site_urls,
    world,
    world_media,
)
from trygg.tests.test_permission_matrix import answer, clients, expected_row  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

KEPT_OUT = {"L", "403", "404", "405"}

# Roles that may act through each POST-only view (abbreviations as in the GET matrix's columns).
# The private status link's actions are capabilities: whoever holds the token may use them.
POST_ONLY = {
    "incidents:withdraw":                     "anon res pers samo arb sty pol adm",
    "incidents:remove_contact":               "anon res pers samo arb sty pol adm",
    "incidents:reopen":                       "anon res pers samo arb sty pol adm",
    # A public report's page: anyone may say they have seen it too, or ask to follow it.
    "incidents:seen_too":                     "anon res pers samo arb sty pol adm",
    "incidents:follow":                       "anon res pers samo arb sty pol adm",
    "incidents:bulk":                         "samo adm",
    "incidents:moderate_action":              "samo adm",
    "dialog:survey_copy":                     "samo adm",
    "dialog:survey_publish":                  "samo adm",
    "dialog:question_move":                   "samo adm",
    "dialog:feedback_action":                 "samo adm",
    "dialog:concern_to_report":               "samo adm",
    "dialog:results_publish":                 "samo adm",
    "governance:measure_add_progress":        "samo arb adm",
    "governance:measure_add_milestone":       "samo arb adm",
    "governance:milestone_done":              "samo arb adm",
    "governance:agenda_item_move":            "samo adm",
    "governance:meeting_attendance":          "samo adm",
    "governance:meeting_transition":          "samo adm",
    "governance:meeting_send_agenda":         "samo adm",
    # The secretary (the coordinator in the world) or any coordinator sends the minutes for adjustment;
    # only the meeting's adjuster (the steering group member in the world) adjusts them.
    "governance:minutes_send_for_adjustment": "samo adm",
    "governance:minutes_adjust":              "sty",
    "governance:minutes_withdraw":            "samo adm",
    "governance:meeting_document_upload":     "samo adm",
    "governance:meeting_document_delete":     "samo adm",
    "governance:calendar_feed":               "samo arb sty pol adm",
}
COLUMNS = dict(zip(["anon", "res", "pers", "samo", "arb", "sty", "pol", "adm"], ROLES))


@pytest.fixture(scope="module")
def urls(world):
    return {site_url.name: site_url for site_url in site_urls(world)}


def post_as(client, url):
    before = row_counts()
    response = client.post(url, {})
    changed = {table: (n, after) for (table, n), after in zip(before.items(), row_counts().values()) if n != after}
    return answer(response), changed


def test_every_post_only_view_has_a_row():
    get_only_405 = {name for name in pattern_names() if not name.startswith("admin:")
                    and "405" in expected_row(name) and name != "logout"}
    assert get_only_405 <= set(POST_ONLY), f"add to POST_ONLY: {sorted(get_only_405 - set(POST_ONLY))}"
    assert set(POST_ONLY) <= set(pattern_names()), f"no such URL: {sorted(set(POST_ONLY) - set(pattern_names()))}"


@pytest.mark.parametrize("name", pattern_names())
def test_roles_kept_out_of_a_page_cannot_post_to_it(name, urls, clients):
    url = urls[name].url
    kept_out = [role for role, want in zip(ROLES, expected_row(name)) if want in KEPT_OUT - {"405"}]
    problems = []
    for role in kept_out:
        got, changed = post_as(clients[role], url)
        if got not in KEPT_OUT or changed:
            problems.append(f"{role}: POST {url} answered {got}, changed {changed}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_only_the_listed_roles_may_act_through_a_post_only_view(name, urls, clients):
    url = urls[name].url
    allowed = {COLUMNS[column] for column in POST_ONLY[name].split()}
    problems = []
    for role in [r for r in ROLES if r not in allowed] + [r for r in ROLES if r in allowed]:
        got, changed = post_as(clients[role], url)
        if role in allowed and (got in {"L", "403"} or got.startswith("5")):
            problems.append(f"{role} may act but got {got}")
        if role not in allowed and (got not in KEPT_OUT or changed):
            problems.append(f"{role} may not act but got {got}, changed {changed}")
    assert not problems, "\n".join(problems)
