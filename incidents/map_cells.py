"""The public map's cells kept by the database: public reports per cell of the finest aggregated grid.

``incidents.PublicCellCount`` holds, per cell of the grid of zoom ``CELL_ZOOM`` (the closest zoom
the map still shows as cells, incidents.maps) × category, the public reports (published, in
progress, resolved or closed, not merged, with a public point), and the sums of their public
points. A PostgreSQL trigger on ``incidents_report`` takes a changed row's old cell away and adds
its new one after every insert, update and delete.

Every coarser grid is made of whole cells of this one: its steps are this grid's times a power of
two (incidents.maps.cell_size), and floor(x / (s·2ᵏ)) = floor(floor(x / s) / 2ᵏ) holds exactly in
floating point, so a wide view's cells are sums of these rows. A view takes the cells of this grid
that its box touches, so a cell on the view's edge counts all its reports (a few hundred metres at
most beyond the edge), as it does when the map pans.

``incidents.PublicPointCount`` holds the same public reports per public point × category × kind,
kept by a second trigger of the same kind: close views (zoom ≥ incidents.maps.INDIVIDUAL_ZOOM) read
whether they hold few enough points to show them one by one, and otherwise their cells, from it.
The points in a box are exactly the reports' points in it, so these views are what counting the
reports gives, edges included.
"""

import math

from django.conf import settings
from django.db import connection

from trygg.counting_triggers import counting_trigger, drop_counting_trigger

TABLE = "incidents_publiccellcount"
KEY = "cell_y, cell_x, category_id, kind"
POINT_TABLE = "incidents_publicpointcount"
POINT_KEY = "latitude, longitude, category_id, kind"
FINE_TABLE = "incidents_publicfinecellcount"
CELL_ZOOM = 14  # incidents.maps.INDIVIDUAL_ZOOM - 1
FINE_ZOOM = 17  # the fine cells, for close views that hold too many points to show them


def steps(zoom=CELL_ZOOM):
    """(latitude step, longitude step) of the grid of `zoom`, as incidents.maps.cell_size makes them."""
    south, _west, north, _east = settings.MAP_BOUNDS
    lon_step = 360 / 2**zoom * 64 / 256
    return lon_step * math.cos(math.radians((south + north) / 2)), lon_step


def _cell(row, zoom=CELL_ZOOM):
    lat_step, lon_step = steps(zoom)
    return (f"FLOOR({row}.public_latitude::float8 / {lat_step!r}::float8)::integer, "
            f"FLOOR({row}.public_longitude::float8 / {lon_step!r}::float8)::integer")


def on_the_map(row):
    """SQL for "the report row `row` is shown on the public map": public, not merged, with a public point."""
    from incidents.models import public_status_sql

    return (f"{public_status_sql(row)} AND {row}.merged_into_id IS NULL "
            f"AND {row}.public_latitude IS NOT NULL AND {row}.public_longitude IS NOT NULL")


def _upsert(row, sign, table=TABLE, zoom=CELL_ZOOM):
    return (
        f"IF {on_the_map(row)} THEN\n"
        f"    INSERT INTO {table} ({KEY}, reports, latitude_sum, longitude_sum)\n"
        f"    VALUES ({_cell(row, zoom)}, {row}.category_id, {row}.kind, {sign}1, {sign}{row}.public_latitude, "
        f"{sign}{row}.public_longitude)\n"
        f"    ON CONFLICT ({KEY}) DO UPDATE SET reports = {table}.reports + EXCLUDED.reports,\n"
        f"      latitude_sum = {table}.latitude_sum + EXCLUDED.latitude_sum,\n"
        f"      longitude_sum = {table}.longitude_sum + EXCLUDED.longitude_sum;\n"
        f"  END IF;"
    )


def _point_upsert(row, sign):
    return (
        f"IF {on_the_map(row)} THEN\n"
        f"    INSERT INTO {POINT_TABLE} ({POINT_KEY}, reports)\n"
        f"    VALUES ({row}.public_latitude, {row}.public_longitude, {row}.category_id, {row}.kind, {sign}1)\n"
        f"    ON CONFLICT ({POINT_KEY}) DO UPDATE SET reports = {POINT_TABLE}.reports + EXCLUDED.reports;\n"
        f"  END IF;"
    )


_FIELDS = ("status", "merged_into_id", "public_latitude", "public_longitude", "category_id", "kind")


def create_trigger():
    return counting_trigger("incidents_public_cells", "incidents_report", _FIELDS, _upsert)


DROP_TRIGGER = drop_counting_trigger("incidents_public_cells", "incidents_report")


def create_point_trigger():
    return counting_trigger("incidents_public_points", "incidents_report", _FIELDS, _point_upsert)


DROP_POINT_TRIGGER = drop_counting_trigger("incidents_public_points", "incidents_report")


def _fine_upsert(row, sign):
    return _upsert(row, sign, FINE_TABLE, FINE_ZOOM)


def create_fine_trigger():
    return counting_trigger("incidents_public_fine_cells", "incidents_report", _FIELDS, _fine_upsert)


DROP_FINE_TRIGGER = drop_counting_trigger("incidents_public_fine_cells", "incidents_report")


def cells_rebuild_sql(table=TABLE, zoom=CELL_ZOOM):
    return f"""
DELETE FROM {table};
INSERT INTO {table} ({KEY}, reports, latitude_sum, longitude_sum)
SELECT {_cell("r", zoom)}, r.category_id, r.kind, COUNT(*), SUM(r.public_latitude), SUM(r.public_longitude)
FROM incidents_report r WHERE {on_the_map("r")} GROUP BY 1, 2, 3, 4;
"""


def points_rebuild_sql():
    return f"""
DELETE FROM {POINT_TABLE};
INSERT INTO {POINT_TABLE} ({POINT_KEY}, reports)
SELECT r.public_latitude, r.public_longitude, r.category_id, r.kind, COUNT(*)
FROM incidents_report r WHERE {on_the_map("r")} GROUP BY 1, 2, 3, 4;
"""


def rebuild_sql():
    """Count the cells, the points and the fine cells anew (check_rollups --rebuild, bench/seed.py)."""
    return cells_rebuild_sql() + points_rebuild_sql() + cells_rebuild_sql(FINE_TABLE, FINE_ZOOM)


def available():
    return connection.vendor == "postgresql" and settings.MAP_ROLLUPS


def _install(schema_editor, trigger, count):
    """Create a trigger and count its table (a migration step; PostgreSQL only)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger)
        schema_editor.execute(count)


def _uninstall(schema_editor, drop):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(drop)


def install(schema_editor):
    _install(schema_editor, create_trigger(), cells_rebuild_sql())


def uninstall(schema_editor):
    _uninstall(schema_editor, DROP_TRIGGER)


def install_points(schema_editor):
    _install(schema_editor, create_point_trigger(), points_rebuild_sql())


def uninstall_points(schema_editor):
    _uninstall(schema_editor, DROP_POINT_TRIGGER)


def install_fine_cells(schema_editor):
    _install(schema_editor, create_fine_trigger(), cells_rebuild_sql(FINE_TABLE, FINE_ZOOM))


def uninstall_fine_cells(schema_editor):
    _uninstall(schema_editor, DROP_FINE_TRIGGER)


def rebuild():
    with connection.cursor() as cursor:
        cursor.execute(rebuild_sql())


def differences():
    """Cells, points, then fine cells where the kept counts and the public reports disagree. Empty is right."""
    return cell_differences() + point_differences() + cell_differences(FINE_TABLE, FINE_ZOOM)


def point_differences():
    """Points where PublicPointCount and the public reports disagree: [(latitude, longitude, category, kind, kept, counted)]."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT {POINT_KEY}, SUM(kept), SUM(counted) FROM (
              SELECT {POINT_KEY}, reports AS kept, 0 AS counted FROM {POINT_TABLE}
              UNION ALL
              SELECT r.public_latitude, r.public_longitude, r.category_id, r.kind, 0, 1
              FROM incidents_report r WHERE {on_the_map("r")}
            ) points GROUP BY {POINT_KEY} HAVING SUM(kept) <> SUM(counted)
        """)
        return cursor.fetchall()


def cell_differences(table=TABLE, zoom=CELL_ZOOM):
    """Cells where the rollup and the public reports disagree: [(cell_y, cell_x, category, kind, …)]. Empty is right."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT {KEY}, SUM(rollup), SUM(raw), SUM(lat_rollup) - SUM(lat_raw), SUM(lon_rollup) - SUM(lon_raw) FROM (
              SELECT {KEY}, reports AS rollup, 0 AS raw, latitude_sum AS lat_rollup, 0 AS lat_raw,
                     longitude_sum AS lon_rollup, 0 AS lon_raw FROM {table}
              UNION ALL
              SELECT {_cell("r", zoom)}, r.category_id, r.kind, 0, 1, 0, r.public_latitude, 0, r.public_longitude
              FROM incidents_report r WHERE {on_the_map("r")}
            ) cells GROUP BY {KEY}
            HAVING SUM(rollup) <> SUM(raw) OR SUM(lat_rollup) <> SUM(lat_raw) OR SUM(lon_rollup) <> SUM(lon_raw)
        """)
        return cursor.fetchall()
