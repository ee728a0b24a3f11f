from decimal import Decimal

import pytest
from django.db import IntegrityError

from incidents.models import Locality

pytestmark = pytest.mark.django_db


def test_nearest_locality_is_found_from_a_point():
    Locality.objects.create(name="A", slug="a", municipality="M", latitude="57.990000", longitude="11.550000")
    Locality.objects.create(name="B", slug="b", municipality="M", latitude="58.070000", longitude="11.750000")
    assert Locality.objects.nearest(Decimal("58.06"), Decimal("11.74")).name == "B"
    assert Locality.objects.nearest(57.98, 11.54).name == "A"


def test_no_nearest_locality_without_localities():
    assert Locality.objects.nearest(58, 11.6) is None


def test_database_refuses_coordinates_out_of_range():
    with pytest.raises(IntegrityError):
        Locality.objects.create(name="X", slug="x", municipality="M", latitude="91", longitude="11")
