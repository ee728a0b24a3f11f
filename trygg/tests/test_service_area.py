"""The service area is the municipality's outline, not a rectangle: a place in a neighbouring
municipality is refused with the name of whom to contact instead."""

import json

import pytest

from trygg import geo

# Points a resident might mark (latitude, longitude).
MARSTRAND = ("57.887000", "11.585000")  # Kungälvs kommun, inside the old rectangle
STENUNGSUND = ("58.070514", "11.818189")  # Stenungsunds kommun, across Askeröfjorden
SKARHAMN = ("57.988000", "11.548000")
DYRON = ("57.908500", "11.607000")  # Tjörn's southernmost inhabited island, close to Marstrand
ALMO = ("58.080000", "11.772000")  # at the Tjörn bridge
OCEAN = ("57.500000", "10.500000")  # in no municipality of the file


@pytest.mark.parametrize("point", [SKARHAMN, DYRON, ALMO])
def test_places_on_tjorns_islands_are_inside(point):
    assert geo.in_service_area(*point)


@pytest.mark.parametrize("point", [MARSTRAND, STENUNGSUND, OCEAN])
def test_places_in_other_municipalities_are_outside(point):
    assert not geo.in_service_area(*point)


def test_every_demo_locality_is_inside():
    from incidents.demo import LOCALITIES

    assert [name for name, lat, lon, _ in LOCALITIES if not geo.in_service_area(lat, lon)] == []


def test_the_neighbour_is_named_with_whom_to_contact():
    assert geo.neighbour_at(*MARSTRAND).name == "Kungälvs kommun"
    assert geo.neighbour_at(*STENUNGSUND).name == "Stenungsunds kommun"
    assert geo.neighbour_at(*OCEAN) is None
    message = geo.outside_message(*MARSTRAND)
    assert "Kungälvs kommun" in message and "https://www.kungalv.se" in message and "114 14" in message
    assert "Tjörns kommun" in geo.outside_message(*OCEAN)


def test_a_hole_in_a_polygon_is_outside(tmp_path, settings):
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    path = tmp_path / "area.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"role": "service-area", "name": "Ö"},
                        "geometry": {"type": "MultiPolygon", "coordinates": [[square, hole]]},
                    }
                ],
            }
        )
    )
    settings.SERVICE_AREA_FILE = str(path)
    assert geo.in_service_area(2, 2)
    assert not geo.in_service_area(5, 5)
    assert geo.in_service_area(0, 5)  # on the edge
    assert not geo.in_service_area(11, 5)
    assert json.loads(geo.service_area_geojson())["geometry"]["coordinates"][0][1][0] == [4.0, 4.0]


def test_a_file_without_a_service_area_is_a_configuration_error(tmp_path, settings):
    from django.core.exceptions import ImproperlyConfigured

    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    settings.SERVICE_AREA_FILE = str(path)
    with pytest.raises(ImproperlyConfigured):
        geo.in_service_area(1, 1)

