"""Every governance URL has an expected answer per role in one of the permission tables."""

from types import SimpleNamespace

from django.urls import get_resolver, resolve

from governance.tests import test_meetings, test_promises

PUBLIC_PAGES = {"agreement", "public_decisions", "promises"}
# Tested in test_cycle.py and test_picture.py.
OTHER_TABLES = {"cycle", "picture", "picture_trend_svg", "public_picture", "public_picture_trend_svg",
                "picture_hotspots_svg", "public_picture_hotspots_svg", "situation_reports", "situation_report", "situation_report_create"}


def governance_url_names():
    _prefix, resolver = get_resolver().namespace_dict["governance"]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_governance_url_is_in_a_permission_table():
    meeting = SimpleNamespace(pk=1, group=SimpleNamespace(slug="styrgrupp"))
    item = decision = SimpleNamespace(pk=1)
    in_meeting_table = {resolve(url).url_name for _method, url, _allowed in test_meetings.urls(meeting, item, decision)}
    in_measure_table = {name for name, *_rest in test_promises.URLS}
    assert governance_url_names() == in_meeting_table | in_measure_table | PUBLIC_PAGES | OTHER_TABLES
