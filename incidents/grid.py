"""The portal's 250 m grid in the database: which cell holds a point, where a cell's centre is, its nearest locality.

The same grid as ``incidents.models.snap_to_grid``: the longitude step is fixed from the service
area's middle latitude, so every cell of the portal has the same edges.
"""

import math

from django.conf import settings
from django.db.models import FloatField, IntegerField
from django.db.models.functions import Cast, Floor

from incidents.models import METRES_PER_DEGREE_LATITUDE, PUBLIC_GRID_METRES, distance_metres


def grid_steps():
    """(latitude step, longitude step) of the portal's 250 m grid."""
    south, _west, north, _east = settings.MAP_BOUNDS
    lat_step = PUBLIC_GRID_METRES / METRES_PER_DEGREE_LATITUDE
    return lat_step, lat_step / math.cos(math.radians((south + north) / 2))


def grid_cell(latitude, longitude):
    """Annotations: the 250 m cell (cell_y, cell_x) that holds the point in these two fields."""
    lat_step, lon_step = grid_steps()
    return {
        "cell_y": Cast(Floor(Cast(latitude, FloatField()) / lat_step), IntegerField()),
        "cell_x": Cast(Floor(Cast(longitude, FloatField()) / lon_step), IntegerField()),
    }


def cell_centre(y, x):
    lat_step, lon_step = grid_steps()
    return {"latitude": round((y + 0.5) * lat_step, 5), "longitude": round((x + 0.5) * lon_step, 5)}


def nearest_locality(latitude, longitude, localities):
    """The locality (any object with latitude, longitude) whose centre is nearest the point; None without any."""
    return min(
        localities, key=lambda loc: distance_metres(loc.latitude, loc.longitude, latitude, longitude), default=None,
    )
