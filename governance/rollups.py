"""Rollups of reports for the problem picture: daily counts kept current by the database.

``governance.ReportDayCount`` holds the counted reports per day (the day it happened, else the
local day it was received) × locality × category × kind × source × status × merged × time of
day, with the sum of times reopened. A PostgreSQL trigger on ``incidents_report`` takes a
changed row's old key away and adds its new key after every insert, update and delete, so
saves, bulk updates (merges), status changes and deletions all move the counts in the same
transaction. ``rebuild()`` counts everything anew from the raw table (the migration uses it;
``differences()`` compares both), writing the rows in the order of their first column (the day; category
and day for the received counts) as the trigger appends them, so that a period's rows lie on a few
pages instead of one page each.

The same trigger keeps ``ReportYearCount`` (the counted reports per year × locality × category × kind ×
source × public, a count and the reopenings per month: without time of day, status and merged),
``ReportReceivedCount`` (counted reports per local day received × category × locality: the
effect follow-up's windows, governance.effect), ``ReportCellYearCount`` (counted reports with a
public point per year × 250 m cell × category × locality × kind × public, a count per month: the
hotspots), ``ReportResolvedYearTotal`` (resolved per year × kind × public × hours, a count per month:
the median days to resolution without a locality filter) and
``ReportWhenYearCount`` (counted reports per year × weekday × time of day × locality × kind ×
public, a count per month: the when matrix and the monthly trend). It also keeps ``governance_measureareacount`` (AREA_TABLE: counted
reports per circular measure × local day received × locality × inside the area or in its ring, the
effect follow-up's area and ring), and a second trigger on ``governance_measure`` counts a
measure's rows anew when its point, radius or category changes.

The picture answers the incidents' counts, sources, localities, trend and when matrix from
the rollups when ``available()`` (PostgreSQL, and settings.PICTURE_ROLLUPS not False); other
databases (SQLite for a local demo) count the raw table.
"""

import math

from django.conf import settings
from django.db import connection

from incidents.models import public_status_sql
from trygg.counting_triggers import counting_trigger, drop_counting_trigger

TABLE = "governance_reportdaycount"
KEY = "day, locality_id, category_id, kind, source, status, merged, time_of_day"
YEAR_TABLE = "governance_reportyearcount"
YEAR_KEY = "year, locality_id, category_id, kind, source, public"
RECEIVED_TABLE = "governance_reportreceivedcount"
RECEIVED_KEY = "category_id, day, locality_id"
# The same per category × day received, all localities together: the effect's "whole municipality"
# (governance.ReportReceivedTotal).
RECEIVED_TOTAL_TABLE = "governance_reportreceivedtotal"
RECEIVED_TOTAL_KEY = "category_id, day"
# Counted reports resolved per local month × locality × kind × public × whole hours to resolution.
RESOLVED_TABLE = "governance_reportresolvedcount"
RESOLVED_KEY = "day, locality_id, kind, public, hours"
# The reports the staff picture and the effect follow-up count (picture.counted_reports).
UNCOUNTED_STATUSES = ("rejected", "withdrawn")
# Resolved per year × kind × public × whole hours, all localities, a count per month (ReportResolvedYearTotal).
RESOLVED_TOTAL_TABLE = "governance_reportresolvedyeartotal"
RESOLVED_TOTAL_KEY = "year, kind, public, hours"
CELL_TABLE = "governance_reportcellyearcount"
CELL_KEY = "year, cell_y, cell_x, category_id, locality_id, kind, public"
# The twelve counts of a year's row (governance.models.MonthsOfYear), and ReportYearCount's reopenings.
MONTHS = [f"month_{n}" for n in range(1, 13)]
REOPENED = [f"reopened_{n}" for n in range(1, 13)]
WHEN_TABLE = "governance_reportwhenyearcount"
WHEN_KEY = "year, weekday, time_of_day, locality_id, kind, public"
# Counted reports within twice the radius of a circular measure (governance.effect's area and ring),
# per measure × local day received × locality × in the area (else in the ring): governance.MeasureAreaCount.
AREA_TABLE = "governance_measureareacount"
AREA_KEY = "measure_id, day, locality_id, in_area"
MEASURE_TABLE = "governance_measure"


def _day(row):
    return f"COALESCE({row}.occurred_on, ({row}.created_at AT TIME ZONE '{settings.TIME_ZONE}')::date)"


def _values(row, sign):
    return (
        f"{_day(row)}, COALESCE({row}.locality_id, 0), {row}.category_id, {row}.kind, {row}.source, {row}.status, "
        f"{row}.merged_into_id IS NOT NULL, {row}.time_of_day, {sign}1, {sign}{row}.reopened_count"
    )


def _year_key(row):
    """Of a counted report (``_counted``): ReportYearCount's key."""
    return (f"EXTRACT(YEAR FROM {_day(row)})::integer, COALESCE({row}.locality_id, 0), {row}.category_id, "
            f"{row}.kind, {row}.source, {public_status_sql(row)}")


def _received_day(row):
    return f"({row}.created_at AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _counted(row):
    statuses = ", ".join(f"'{status}'" for status in UNCOUNTED_STATUSES)
    return f"{row}.status NOT IN ({statuses}) AND {row}.merged_into_id IS NULL"


def _cell_key(row):
    """Of a report with a public point (``_has_cell``): the cell rollup's key, its year first."""
    from incidents.grid import grid_steps

    lat_step, lon_step = grid_steps()
    return (f"EXTRACT(YEAR FROM {_day(row)})::integer, "
            f"FLOOR({row}.public_latitude::float8 / {lat_step!r}::float8)::integer, "
            f"FLOOR({row}.public_longitude::float8 / {lon_step!r}::float8)::integer, "
            f"{row}.category_id, COALESCE({row}.locality_id, 0), {row}.kind, {public_status_sql(row)}")


def _month_of_day(row):
    return f"EXTRACT(MONTH FROM {_day(row)})::integer"


def _resolved_local(row):
    """When the report was resolved, in local time."""
    return f"({row}.resolved_at AT TIME ZONE '{settings.TIME_ZONE}')"


def _resolved_total_key(row):
    return (f"EXTRACT(YEAR FROM {_resolved_local(row)})::integer, {row}.kind, {public_status_sql(row)}, "
            f"{resolution_hours(row)}")


def _resolved_month(row):
    return f"EXTRACT(MONTH FROM {_resolved_local(row)})::integer"


def _months_upsert(table, key, key_values, month, sign, reopened=None):
    """Add one report (sign "" or "-") to its month in a MonthsOfYear rollup's row of key_values; with
    `reopened` (the report's row), its reopenings too (ReportYearCount)."""
    columns, counts = list(MONTHS), [f"CASE WHEN {month} = {n} THEN {sign}1 ELSE 0 END" for n in range(1, 13)]
    if reopened:
        columns += REOPENED
        counts += [f"CASE WHEN {month} = {n} THEN {sign}{reopened}.reopened_count ELSE 0 END" for n in range(1, 13)]
    added = ", ".join(f"{slot} = {table}.{slot} + EXCLUDED.{slot}" for slot in columns)
    return (f"INSERT INTO {table} ({key}, {', '.join(columns)}) VALUES ({key_values}, {', '.join(counts)}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {added};")


def _months_rebuild(table, key, key_values, month, where, reopened=False):
    """Count a MonthsOfYear rollup anew from the reports (r) that `where` holds (`reopened`: their reopenings too)."""
    columns, counts = list(MONTHS), [f"COUNT(*) FILTER (WHERE {month} = {n})" for n in range(1, 13)]
    if reopened:
        columns += REOPENED
        counts += [f"COALESCE(SUM(r.reopened_count) FILTER (WHERE {month} = {n}), 0)" for n in range(1, 13)]
    groups = ", ".join(str(n) for n in range(1, len(key.split(", ")) + 1))
    return (f"DELETE FROM {table};\nINSERT INTO {table} ({key}, {', '.join(columns)})\n"
            f"SELECT {key_values}, {', '.join(counts)} FROM incidents_report r WHERE {where} "
            f"GROUP BY {groups} ORDER BY 1;")


def _months_differences(table, key, key_values, month, where, reopened=False):
    """The keys and months where a MonthsOfYear rollup and the reports (r) that `where` holds disagree
    (`reopened`: in their reopenings too)."""
    slots = ", ".join(f"({n}, month_{n}, {f'reopened_{n}' if reopened else 0})" for n in range(1, 13))
    raw_reopened = "r.reopened_count" if reopened else "0"
    return f"""
        SELECT {key}, month, SUM(rollup), SUM(raw), SUM(rollup_reopened), SUM(raw_reopened) FROM (
          SELECT {key}, s.month, s.reports AS rollup, 0 AS raw, s.reopened AS rollup_reopened, 0 AS raw_reopened
          FROM {table} CROSS JOIN LATERAL (VALUES {slots}) s(month, reports, reopened)
          UNION ALL
          SELECT {key_values}, {month}, 0, 1, 0, {raw_reopened} FROM incidents_report r WHERE {where}
        ) counts GROUP BY {key}, month HAVING SUM(rollup) <> SUM(raw) OR SUM(rollup_reopened) <> SUM(raw_reopened)
    """


def months_of_period(start, end):
    """{year: [months 1–12]} of a period of whole months (start the first day of a month, end the last of one)."""
    found = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.setdefault(year, []).append(month)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return found


def _when_key(row):
    return (f"EXTRACT(YEAR FROM {_day(row)})::integer, EXTRACT(ISODOW FROM {_day(row)})::integer, "
            f"{row}.time_of_day, COALESCE({row}.locality_id, 0), {row}.kind, {public_status_sql(row)}")


def resolution_hours(row):
    """Whole hours from received to resolved (the picture's median counts these, from rollups or reports)."""
    return f"FLOOR(date_part('epoch', {row}.resolved_at - {row}.created_at) / 3600)::integer"


def _resolved_values(row, sign):
    return (f"date_trunc('month', {_resolved_local(row)})::date, "
            f"COALESCE({row}.locality_id, 0), {row}.kind, {public_status_sql(row)}, {resolution_hours(row)}, {sign}1")


def _is_resolved(row):
    return f"{_counted(row)} AND {row}.resolved_at IS NOT NULL"


def _has_cell(row):
    return f"{_counted(row)} AND {row}.public_latitude IS NOT NULL AND {row}.public_longitude IS NOT NULL"


def _metres_per_degree():
    from incidents.models import EARTH_RADIUS_METRES

    return EARTH_RADIUS_METRES * math.pi / 180


def _squared_distance(report, measure):
    """Squared distance in m² of a report from a measure's point, as governance.effect.squared_distance counts it."""
    north = f"{_metres_per_degree()!r}::float8"
    east = f"({north} * cos(radians({measure}.latitude::float8)))"
    dy = f"(({report}.latitude::float8 - {measure}.latitude::float8) * {north})"
    dx = f"(({report}.longitude::float8 - {measure}.longitude::float8) * {east})"
    return f"{dy} * {dy} + {dx} * {dx}"


def _circle(measure):
    """The measure's area is a circle (governance.effect.area_kind)."""
    return f"{measure}.radius_metres > 0 AND {measure}.latitude IS NOT NULL AND {measure}.longitude IS NOT NULL"


def _area_rows(report, measure):
    """FROM … WHERE … of the (measure, counted report) pairs within twice the measure's radius."""
    squared = f"{measure}.radius_metres::float8 * {measure}.radius_metres::float8"
    return (
        f"LATERAL (SELECT {_squared_distance(report, measure)} AS squared) d "
        f"WHERE {_circle(measure)} AND {_counted(report)} AND {report}.latitude IS NOT NULL "
        f"AND {report}.longitude IS NOT NULL "
        f"AND ({measure}.category_id IS NULL OR {measure}.category_id = {report}.category_id) "
        f"AND d.squared <= 4 * {squared}",
        f"{measure}.id, {_received_day(report)}, COALESCE({report}.locality_id, 0), d.squared <= {squared}",
    )


def _area_upsert(row, sign):
    """A report's row in the area counts of every circular measure it lies near."""
    where, key = _area_rows(row, "m")
    return (
        f"INSERT INTO {AREA_TABLE} ({AREA_KEY}, reports) SELECT {key}, {sign}1 FROM {MEASURE_TABLE} m, {where} "
        f"ON CONFLICT ({AREA_KEY}) DO UPDATE SET reports = {AREA_TABLE}.reports + EXCLUDED.reports;"
    )


def _box(report, measure):
    """The square around the measure's outer circle (a little wider), on the report's columns: an index can use it."""
    north = f"{_metres_per_degree()!r}::float8"
    reach_lat = f"(2 * {measure}.radius_metres / {north} * 1.001 + 1e-6)"
    reach_lon = f"(2 * {measure}.radius_metres / ({north} * cos(radians({measure}.latitude::float8))) * 1.001 + 1e-6)"
    return (f"{report}.latitude BETWEEN ({measure}.latitude - {reach_lat})::numeric "
            f"AND ({measure}.latitude + {reach_lat})::numeric "
            f"AND {report}.longitude BETWEEN ({measure}.longitude - {reach_lon})::numeric "
            f"AND ({measure}.longitude + {reach_lon})::numeric")


def _measure_upsert(row, sign):
    """A measure's area counts: taken away (old point, radius, category), counted anew from the reports."""
    if sign == "-":
        return f"DELETE FROM {AREA_TABLE} WHERE measure_id = {row}.id;"
    where, key = _area_rows("r", row)
    return (
        f"IF {_circle(row)} THEN\n"
        f"      INSERT INTO {AREA_TABLE} ({AREA_KEY}, reports) SELECT {key}, COUNT(*) FROM incidents_report r, "
        f"{where} AND {_box('r', row)} GROUP BY 1, 2, 3, 4;\n"
        f"    END IF;"
    )


def _upsert(row, sign):
    grouped = (
        f"INSERT INTO {TABLE} ({KEY}, reports, reopened) VALUES ({_values(row, sign)}) "
        f"ON CONFLICT ({KEY}) DO UPDATE SET reports = {TABLE}.reports + EXCLUDED.reports, "
        f"reopened = {TABLE}.reopened + EXCLUDED.reopened;"
    )
    return (
        f"{grouped}\n    IF {_counted(row)} THEN\n"
        f"      {_months_upsert(YEAR_TABLE, YEAR_KEY, _year_key(row), _month_of_day(row), sign, reopened=row)}\n"
        f"      INSERT INTO {RECEIVED_TABLE} ({RECEIVED_KEY}, reports) "
        f"VALUES ({row}.category_id, {_received_day(row)}, COALESCE({row}.locality_id, 0), {sign}1) "
        f"ON CONFLICT ({RECEIVED_KEY}) DO UPDATE SET reports = {RECEIVED_TABLE}.reports + EXCLUDED.reports;\n"
        f"      INSERT INTO {RECEIVED_TOTAL_TABLE} ({RECEIVED_TOTAL_KEY}, reports) "
        f"VALUES ({row}.category_id, {_received_day(row)}, {sign}1) "
        f"ON CONFLICT ({RECEIVED_TOTAL_KEY}) DO UPDATE SET reports = {RECEIVED_TOTAL_TABLE}.reports + EXCLUDED.reports;\n"
        f"    END IF;\n"
        f"    IF {_has_cell(row)} THEN\n"
        f"      {_months_upsert(CELL_TABLE, CELL_KEY, _cell_key(row), _month_of_day(row), sign)}\n"
        f"    END IF;\n"
        f"    IF {_counted(row)} THEN\n"
        f"      {_months_upsert(WHEN_TABLE, WHEN_KEY, _when_key(row), _month_of_day(row), sign)}\n"
        f"    END IF;\n"
        f"    IF {_is_resolved(row)} THEN\n"
        f"      INSERT INTO {RESOLVED_TABLE} ({RESOLVED_KEY}, reports) VALUES ({_resolved_values(row, sign)}) "
        f"ON CONFLICT ({RESOLVED_KEY}) DO UPDATE SET reports = {RESOLVED_TABLE}.reports + EXCLUDED.reports;\n"
        f"      {_months_upsert(RESOLVED_TOTAL_TABLE, RESOLVED_TOTAL_KEY, _resolved_total_key(row), _resolved_month(row), sign)}\n"
        f"    END IF;\n"
        f"    {_area_upsert(row, sign)}"
    )


_FIELDS = ("occurred_on", "created_at", "locality_id", "category_id", "kind", "source", "status",
           "merged_into_id", "time_of_day", "reopened_count", "public_latitude", "public_longitude",
           "latitude", "longitude", "resolved_at")
_MEASURE_FIELDS = ("latitude", "longitude", "radius_metres", "category_id")
CREATE_TRIGGER = counting_trigger("governance_report_rollup", "incidents_report", _FIELDS, _upsert) + counting_trigger(
    "governance_measure_area_rollup", MEASURE_TABLE, _MEASURE_FIELDS, _measure_upsert)
DROP_TRIGGER = drop_counting_trigger("governance_report_rollup", "incidents_report") + drop_counting_trigger(
    "governance_measure_area_rollup", MEASURE_TABLE)
_AREA_WHERE, _AREA_VALUES = _area_rows("r", "m")
_AREA_RAW = f"SELECT {_AREA_VALUES}, COUNT(*) FROM {MEASURE_TABLE} m JOIN incidents_report r ON {_box('r', 'm')}, " \
            f"{_AREA_WHERE} GROUP BY 1, 2, 3, 4"

REBUILD = f"""
DELETE FROM {TABLE};
INSERT INTO {TABLE} ({KEY}, reports, reopened)
SELECT {_values("r", "").rsplit(", ", 2)[0]}, COUNT(*), SUM(r.reopened_count)
FROM incidents_report r GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1;
{_months_rebuild(YEAR_TABLE, YEAR_KEY, _year_key("r"), _month_of_day("r"), _counted("r"), reopened=True)}
DELETE FROM {RECEIVED_TABLE};
INSERT INTO {RECEIVED_TABLE} ({RECEIVED_KEY}, reports)
SELECT r.category_id, {_received_day("r")}, COALESCE(r.locality_id, 0), COUNT(*)
FROM incidents_report r WHERE {_counted("r")} GROUP BY 1, 2, 3 ORDER BY 1, 2;
DELETE FROM {RECEIVED_TOTAL_TABLE};
INSERT INTO {RECEIVED_TOTAL_TABLE} ({RECEIVED_TOTAL_KEY}, reports)
SELECT r.category_id, {_received_day("r")}, COUNT(*) FROM incidents_report r WHERE {_counted("r")} GROUP BY 1, 2
ORDER BY 1, 2;
{_months_rebuild(CELL_TABLE, CELL_KEY, _cell_key("r"), _month_of_day("r"), _has_cell("r"))}
{_months_rebuild(WHEN_TABLE, WHEN_KEY, _when_key("r"), _month_of_day("r"), _counted("r"))}
DELETE FROM {AREA_TABLE};
INSERT INTO {AREA_TABLE} ({AREA_KEY}, reports) {_AREA_RAW};
DELETE FROM {RESOLVED_TABLE};
INSERT INTO {RESOLVED_TABLE} ({RESOLVED_KEY}, reports)
SELECT {_resolved_values("r", "").rsplit(", ", 1)[0]}, COUNT(*)
FROM incidents_report r WHERE {_is_resolved("r")} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1;
{_months_rebuild(RESOLVED_TOTAL_TABLE, RESOLVED_TOTAL_KEY, _resolved_total_key("r"), _resolved_month("r"),
                 _is_resolved("r"))}
"""


def available(using=None):
    return connection.vendor == "postgresql" and getattr(settings, "PICTURE_ROLLUPS", True)


def first_days(sources):
    """{source: the first day with a counted report (staff: not rejected, withdrawn or merged)}: one query.

    Each source reads the (source, day) index from its first day until a counted row: a few rows,
    whatever the number of reports.
    """
    statuses = ", ".join(f"'{status}'" for status in UNCOUNTED_STATUSES)
    part = (f"(SELECT %s, MIN(day) FROM {TABLE} WHERE source = %s AND NOT merged AND reports > 0 "
            f"AND status NOT IN ({statuses}))")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(sources)), [value for source in sources for value in (source, source)])
        return {source: first for source, first in cursor.fetchall() if first is not None}


def install(schema_editor):
    """Create the trigger and fill the rollups (a migration step; PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_TRIGGER)
    schema_editor.execute(REBUILD)


def uninstall(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


def rebuild():
    """Count the rollups anew from the raw table."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD)


def _count_differences(table, key, raw_key, raw_rows, raw_count="1"):
    """The keys where a rollup with one count (``reports``) and the raw rows disagree: `raw_key` and
    `raw_count` are columns of `raw_rows` (FROM … WHERE …)."""
    return f"""
        SELECT {key}, SUM(rollup), SUM(raw) FROM (
          SELECT {key}, reports AS rollup, 0 AS raw FROM {table}
          UNION ALL
          SELECT {raw_key}, 0, {raw_count} {raw_rows}
        ) counts GROUP BY {key} HAVING SUM(rollup) <> SUM(raw)
    """


def differences():
    """Rows where a rollup and the raw table disagree: [(table, key..., rollup, raw)].

    Empty is right. Reopenings are compared too.
    """
    found = []
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT {KEY}, SUM(rollup), SUM(raw), SUM(rollup_reopened), SUM(raw_reopened) FROM (
              SELECT {KEY}, reports AS rollup, 0 AS raw, reopened AS rollup_reopened, 0 AS raw_reopened FROM {TABLE}
              UNION ALL
              SELECT {_values("r", "").rsplit(", ", 2)[0]}, 0, 1, 0, r.reopened_count FROM incidents_report r
            ) counts GROUP BY {KEY}
            HAVING SUM(rollup) <> SUM(raw) OR SUM(rollup_reopened) <> SUM(raw_reopened)
        """)
        found += [(TABLE, *row) for row in cursor.fetchall()]
        counted = f"FROM incidents_report r WHERE {_counted('r')}"
        for table, query in (
            (RECEIVED_TABLE, _count_differences(RECEIVED_TABLE, RECEIVED_KEY,
                                                f"r.category_id, {_received_day('r')}, COALESCE(r.locality_id, 0)",
                                                counted)),
            (RECEIVED_TOTAL_TABLE, _count_differences(RECEIVED_TOTAL_TABLE, RECEIVED_TOTAL_KEY,
                                                      f"r.category_id, {_received_day('r')}", counted)),
            (RESOLVED_TABLE, _count_differences(RESOLVED_TABLE, RESOLVED_KEY,
                                                _resolved_values("r", "").rsplit(", ", 1)[0],
                                                f"FROM incidents_report r WHERE {_is_resolved('r')}")),
            (AREA_TABLE, _count_differences(AREA_TABLE, AREA_KEY, AREA_KEY,
                                            f"FROM ({_AREA_RAW}) raw_counts(measure_id, day, locality_id, in_area, n)",
                                            raw_count="n")),
        ):
            cursor.execute(query)
            found += [(table, *row) for row in cursor.fetchall()]
        for table, key, key_values, month, where in (
                (YEAR_TABLE, YEAR_KEY, _year_key, _month_of_day, _counted),
                (CELL_TABLE, CELL_KEY, _cell_key, _month_of_day, _has_cell),
                (WHEN_TABLE, WHEN_KEY, _when_key, _month_of_day, _counted),
                (RESOLVED_TOTAL_TABLE, RESOLVED_TOTAL_KEY, _resolved_total_key, _resolved_month, _is_resolved)):
            cursor.execute(_months_differences(table, key, key_values("r"), month("r"), where("r"),
                                               reopened=table == YEAR_TABLE))
            found += [(table, *row) for row in cursor.fetchall()]
    return found
