"""The benchmark's cold rows ask the problem picture twelve different, valid filter combinations."""

from datetime import date

import pytest

from django.urls import reverse

from bench.runner import picture_filters
from governance.forms.picture import PictureFilterForm
from incidents.tests.conftest import localities  # noqa: F401
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


def test_twelve_distinct_valid_filter_combinations(localities):  # noqa: F811
    filters = picture_filters(today=date(2026, 11, 26))
    assert len(filters) == 12
    assert len({tuple(sorted(f.items())) for f in filters}) == 12
    periods = set()
    for combination in filters:
        form = PictureFilterForm(combination)
        assert form.is_valid(), (combination, form.errors)
        periods.add(form.cleaned_data.get("period") or "month")
    assert {"week", "month", "quarter", "tertial", "year", "custom"} <= periods


def test_twelve_distinct_cold_map_views_at_three_zoom_levels(localities):
    from bench.runner import cold_map_views

    from incidents.models import Locality

    for n, name in enumerate(["Kållekärr", "Rönnäng"]):
        Locality.objects.create(name=name, slug=f"l{n}", municipality="Tjörns kommun",
                                latitude="58.00", longitude=f"11.{60 + n}", population=500 + n)
    views = cold_map_views()
    assert len(views) == 12 and len({bbox for _name, bbox, _zoom in views}) == 12
    assert {zoom for _name, _bbox, zoom in views} >= {12, 14, 17}


class FakePortal:
    """Answers every GET with 200, recording the paths (the cold rows' loops without gunicorn)."""

    def __init__(self):
        self.paths = []

    def get(self, path, headers=None):
        self.paths.append(path)
        return 200, {}, b""


def test_cold_rows_request_each_view_once(localities, client):
    from bench.runner import cold_map, cold_picture

    from trygg import roles
    from conftest import make_user

    portal = FakePortal()
    assert len(cold_map(portal)) == len(portal.paths)
    user = make_user("styr-bench@example.org", roles.STEERING_GROUP)
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    client.get(reverse("governance:picture"))  # a session's first request writes it, as the bench's warm-up
    portal.paths.clear()
    times, most_queries, first_round = cold_picture(portal, cookie)
    # Twelve distinct views, each requested in the unmeasured first round and once more, measured.
    assert len(times) == len(first_round) == 12 and len(set(portal.paths)) == 12
    assert portal.paths[:12] == portal.paths[12:]
    assert 0 < most_queries <= 20
