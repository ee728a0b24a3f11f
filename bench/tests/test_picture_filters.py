"""The benchmark's cold rows ask the problem picture twelve different, valid filter combinations."""

from datetime import date

import pytest

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
