"""The portal's place on the map: the service area and what lies around it.

The service area is the municipality's boundary as a polygon (sea territory included, as Swedish
municipal boundaries are), read from a GeoJSON file named by the setting ``SERVICE_AREA_FILE``. The
file holds one feature with ``"role": "service-area"`` and, optionally, neighbouring municipalities
(``"role": "neighbour"`` with ``name`` and ``url``) so that a resident who marks a point outside can
be told whom to contact. A point on the boundary counts as inside.

Another deployment (another municipality) ships its own file; no place is named in the code.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Area:
    name: str
    url: str
    polygons: tuple  # of polygons; a polygon is a tuple of rings of (longitude, latitude)

    def contains(self, latitude, longitude):
        point = (float(longitude), float(latitude))
        return any(_in_polygon(point, polygon) for polygon in self.polygons)

    @property
    def bounds(self):
        """south, west, north, east of the outer rings."""
        points = [p for polygon in self.polygons for p in polygon[0]]
        return (
            min(p[1] for p in points),
            min(p[0] for p in points),
            max(p[1] for p in points),
            max(p[0] for p in points),
        )


def _on_segment(point, a, b):
    (x, y), (x1, y1), (x2, y2) = point, a, b
    cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1)
    return abs(cross) < 1e-12 and min(x1, x2) <= x <= max(x1, x2) and min(y1, y2) <= y <= max(y1, y2)


def _in_ring(point, ring):
    """Ray casting; points on an edge count as inside."""
    x, y = point
    inside = False
    for a, b in zip(ring, ring[1:] + ring[:1]):
        if _on_segment(point, a, b):
            return True
        (x1, y1), (x2, y2) = a, b
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_polygon(point, polygon):
    outer, *holes = polygon
    return _in_ring(point, outer) and not any(_in_ring(point, hole) and not _on_hole_edge(point, hole) for hole in holes)


def _on_hole_edge(point, hole):
    return any(_on_segment(point, a, b) for a, b in zip(hole, hole[1:] + hole[:1]))


def _polygons(geometry):
    def ring(coordinates):
        points = [(float(lon), float(lat)) for lon, lat, *_ in coordinates]
        return tuple(points[:-1] if points[0] == points[-1] else points)

    if geometry["type"] == "Polygon":
        return (tuple(ring(r) for r in geometry["coordinates"]),)
    if geometry["type"] == "MultiPolygon":
        return tuple(tuple(ring(r) for r in polygon) for polygon in geometry["coordinates"])
    raise ImproperlyConfigured(f"Service area geometry must be a Polygon or MultiPolygon, not {geometry['type']}.")


@cache
def _load(path):
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"SERVICE_AREA_FILE {path} cannot be read as GeoJSON: {error}") from error
    service_area, neighbours = None, []
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        area = Area(properties.get("name", ""), properties.get("url", ""), _polygons(feature["geometry"]))
        if properties.get("role") == "service-area":
            service_area = area
        elif properties.get("role") == "neighbour":
            neighbours.append(area)
    if service_area is None:
        raise ImproperlyConfigured(f"SERVICE_AREA_FILE {path} has no feature with role 'service-area'.")
    return service_area, tuple(neighbours)


def service_area():
    return _load(str(settings.SERVICE_AREA_FILE))[0]


def in_service_area(latitude, longitude):
    """Whether the point lies within the municipality (the configured polygon)."""
    return service_area().contains(latitude, longitude)


def neighbour_at(latitude, longitude):
    """The neighbouring municipality that holds the point, or None."""
    return next((area for area in _load(str(settings.SERVICE_AREA_FILE))[1] if area.contains(latitude, longitude)), None)


def service_area_geojson():
    """The service area's outline as GeoJSON text, for maps."""
    area = service_area()
    return json.dumps(
        {
            "type": "Feature",
            "properties": {"name": area.name},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[list(p) for p in ring + ring[:1]] for ring in polygon] for polygon in area.polygons],
            },
        }
    )


def outside_message(latitude, longitude):
    """What a resident who marked a point outside the service area is told: whom to contact instead."""
    neighbour = neighbour_at(latitude, longitude)
    if neighbour:
        return _(
            "The place is outside the area the portal covers: it is in %(name)s. Contact %(name)s (%(url)s) "
            "about it. If it is a crime, call the police on 114 14, or 112 in an emergency."
        ) % {"name": neighbour.name, "url": neighbour.url}
    return _(
        "The place is outside the area the portal covers (%(area)s). Choose a place within it, or contact the "
        "municipality where the place is. If it is a crime, call the police on 114 14, or 112 in an emergency."
    ) % {"area": service_area().name}
