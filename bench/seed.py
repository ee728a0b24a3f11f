"""Large data for the benchmark, made inside PostgreSQL with INSERT … SELECT generate_series.

The portal's demo data (``seed_demo``) gives the localities, categories, the two
rounds of the Trygghetsmätning and a user per role; this adds the volume on top:
reports spread over Tjörn's localities (weighted by population), categories,
kinds, sources, statuses and three years of time, and survey responses with an
answer to every choice and matrix question.

A row in ``bench_seed`` records what was seeded, so that a later run can reuse
the database when the sizes match.
"""

import math
import time

from django.conf import settings
from django.db import connection, transaction

from incidents.models import METRES_PER_DEGREE_LATITUDE, PUBLIC_GRID_METRES, Category, Locality

# Categories weighted as residents and the police report them (codes from incidents' default categories).
CATEGORY_WEIGHTS = {
    "skadegorelse": 14, "inbrott": 6, "stold": 10, "narkotika": 4, "hot-vald": 3, "klotter": 12,
    "nedskrapning": 14, "buskorning": 8, "berusade": 6, "belysning": 10, "igenvuxen": 5,
    "overgiven-byggnad": 2, "otrygg-plats": 6,
}
SEED_TABLE = "bench_seed"


def seeded_sizes():
    """(reports, responses) recorded by the last seeding, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [SEED_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT reports, responses FROM {SEED_TABLE} ORDER BY seeded_at DESC LIMIT 1")
        row = cursor.fetchone()
    return tuple(row) if row else None


def _weighted(ids_and_weights):
    return [pk for pk, weight in ids_and_weights for _ in range(max(1, weight))]


def seed_reports(cursor, count):
    localities = list(Locality.objects.order_by("pk").values_list("pk", "latitude", "longitude", "population"))
    categories = list(Category.objects.order_by("pk").values_list("pk", "code", "kind", "public_precision"))
    if not localities or not categories:
        raise RuntimeError("Run seed_demo first: the benchmark needs localities and categories.")
    position = {pk: n + 1 for n, (pk, *_rest) in enumerate(localities)}  # PostgreSQL arrays count from 1
    cat_position = {pk: n + 1 for n, (pk, *_rest) in enumerate(categories)}
    loc_pick = _weighted((position[pk], (population or 100) // 50) for pk, _lat, _lon, population in localities)
    cat_pick = _weighted((cat_position[pk], CATEGORY_WEIGHTS.get(code, 5)) for pk, code, _k, _p in categories)
    south, _west, north, _east = settings.MAP_BOUNDS
    lat_step = PUBLIC_GRID_METRES / METRES_PER_DEGREE_LATITUDE
    lon_step = lat_step / math.cos(math.radians((south + north) / 2))
    params = {
        "n": count,
        "loc_pick": loc_pick, "n_loc": len(loc_pick),
        "cat_pick": cat_pick, "n_cat": len(cat_pick),
        "loc_id": [row[0] for row in localities],
        "loc_lat": [float(row[1]) for row in localities],
        "loc_lon": [float(row[2]) for row in localities],
        "cat_id": [row[0] for row in categories],
        "cat_kind": [row[2] for row in categories],
        "cat_prec": [row[3] for row in categories],
        "lat_step": lat_step, "lon_step": lon_step,
        "tz": settings.TIME_ZONE,
    }
    cursor.execute(
        """
        INSERT INTO incidents_report (
            kind, description, public_description, latitude, longitude, place_description,
            public_latitude, public_longitude, occurred_on, time_of_day, is_ongoing, occurred_at,
            contact_name, contact_email, contact_phone, consent_given, status, source,
            responsible_organisation, responsible_other, public_response, reject_reason, status_reason,
            reopened_count, token, submission_id, external_id, external_url,
            created_at, updated_at, published_at, resolved_at, category_id, locality_id)
        SELECT
            kind, 'Bench-rapport ' || g, CASE WHEN public THEN 'Publicerad beskrivning' ELSE '' END,
            lat, lon, '',
            CASE WHEN lat IS NULL OR prec = 'locality' THEN loc_lat
                 WHEN prec = 'grid' THEN round(((floor(lat / %(lat_step)s) + 0.5) * %(lat_step)s)::numeric, 6)
                 ELSE lat END,
            CASE WHEN lat IS NULL OR prec = 'locality' THEN loc_lon
                 WHEN prec = 'grid' THEN round(((floor(lon / %(lon_step)s) + 0.5) * %(lon_step)s)::numeric, 6)
                 ELSE lon END,
            CASE WHEN r_date < 0.85 THEN ((created AT TIME ZONE %(tz)s) - (floor(r_date * 3.5) || ' days')::interval)::date END,
            CASE WHEN r_tod < 0.20 THEN 'night' WHEN r_tod < 0.33 THEN 'morning' WHEN r_tod < 0.53 THEN 'afternoon'
                 WHEN r_tod < 0.90 THEN 'evening' ELSE 'unknown' END,
            kind = 'unsafe_place' AND r_date < 0.3, NULL,
            '', '', '', false, status, source,
            'municipality', '', '', CASE WHEN status = 'rejected' THEN 'other' ELSE '' END, '',
            CASE WHEN r_date > 0.98 THEN 1 ELSE 0 END,
            md5(g::text || random()::text) || md5(random()::text), NULL, NULL, '',
            created, created,
            CASE WHEN public THEN created + interval '1 day' END,
            CASE WHEN status IN ('resolved', 'closed') THEN LEAST(now(), created + r_date * interval '40 days') END,
            cat_id, loc_id
        FROM (
            SELECT *,
                status IN ('published', 'in_progress', 'resolved', 'closed') AS public,
                CASE WHEN source = 'police' THEN NULL ELSE round((loc_lat + (random() - 0.5) * 0.014)::numeric, 6) END AS lat,
                CASE WHEN source = 'police' THEN NULL ELSE round((loc_lon + (random() - 0.5) * 0.024)::numeric, 6) END AS lon
            FROM (
                SELECT g, created, r_tod, r_date,
                    (%(loc_id)s::bigint[])[li] AS loc_id,
                    (%(loc_lat)s::float8[])[li] AS loc_lat,
                    (%(loc_lon)s::float8[])[li] AS loc_lon,
                    (%(cat_id)s::bigint[])[ci] AS cat_id,
                    (%(cat_kind)s::text[])[ci] AS kind,
                    (%(cat_prec)s::text[])[ci] AS prec,
                    CASE WHEN r_status < 0.03 THEN 'new' WHEN r_status < 0.08 THEN 'in_progress'
                         WHEN r_status < 0.40 THEN 'published' WHEN r_status < 0.82 THEN 'resolved'
                         WHEN r_status < 0.92 THEN 'closed' WHEN r_status < 0.97 THEN 'rejected'
                         ELSE 'withdrawn' END AS status,
                    CASE WHEN (%(cat_kind)s::text[])[ci] = 'crime' AND r_source < 0.45 THEN 'police'
                         WHEN r_source < 0.85 THEN 'resident' WHEN r_source < 0.92 THEN 'safety_walk'
                         ELSE 'staff' END AS source
                FROM (
                    SELECT g,
                        (%(loc_pick)s::int[])[1 + floor(random() * %(n_loc)s)::int] AS li,
                        (%(cat_pick)s::int[])[1 + floor(random() * %(n_cat)s)::int] AS ci,
                        random() AS r_status, random() AS r_source, random() AS r_tod, random() AS r_date,
                        now() - power(random(), 0.8) * interval '1095 days' AS created
                    FROM generate_series(1, %(n)s) AS g
                ) AS picked
            ) AS placed
        ) AS report
        """,
        params,
    )


def seed_responses(cursor, count):
    cursor.execute("SELECT coalesce(max(id), 0) FROM dialog_response")
    first = cursor.fetchone()[0]
    cursor.execute(
        """
        INSERT INTO dialog_response (channel, is_complete, submitted_at, age_band, gender, locality_id, survey_id)
        SELECT 'public', true, s.opens_at + random() * interval '14 days',
            (ARRAY['16-24', '25-44', '45-64', '65-79', '80-', ''])[1 + floor(random() * 6)::int],
            (ARRAY['kvinna', 'man', 'annat', ''])[1 + floor(random() * 4)::int],
            l.ids[1 + floor(random() * array_length(l.ids, 1))::int],
            s.id
        FROM generate_series(1, %(n)s) AS g
        CROSS JOIN (SELECT array_agg(id) AS ids FROM incidents_locality,
                    generate_series(1, greatest(1, coalesce(population, 100) / 50))) AS l
        JOIN LATERAL (
            SELECT id, opens_at FROM dialog_survey WHERE series = 'trygghetsmatning'
            ORDER BY opens_at OFFSET CASE WHEN random() < 0.45 OR g < 0 THEN 0 ELSE 1 END LIMIT 1
        ) AS s ON true
        """,
        {"n": count},
    )
    # One answer to each choice question, one per row of each matrix question.
    cursor.execute(
        """
        INSERT INTO dialog_answer (number, text, latitude, longitude, locality_id, item_id, option_id,
                                   question_id, response_id)
        SELECT NULL, '', NULL, NULL, NULL, i.id, q.opts[1 + floor(random() * array_length(q.opts, 1))::int], q.id, r.id
        FROM dialog_response r
        JOIN (SELECT q.id, q.survey_id, q.type, array_agg(o.id ORDER BY o.id) AS opts
              FROM dialog_question q JOIN dialog_option o ON o.question_id = q.id
              WHERE q.type IN ('single', 'scale', 'multiple', 'matrix') GROUP BY q.id) AS q
          ON q.survey_id = r.survey_id
        LEFT JOIN dialog_matrixitem i ON i.question_id = q.id AND q.type = 'matrix'
        WHERE r.id > %(first)s AND (q.type <> 'matrix' OR i.id IS NOT NULL)
        """,
        {"first": first},
    )


def without_indexes(cursor, tables):
    """Drop the tables' secondary indexes and unique constraints; return the statements that rebuild them.

    Building an index once over a million rows is many times faster than keeping it up to date row by row.
    """
    cursor.execute(
        """
        SELECT format('ALTER TABLE %%I DROP CONSTRAINT %%I', c.conrelid::regclass::text, c.conname),
               format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', c.conrelid::regclass::text, c.conname,
                      pg_get_constraintdef(c.oid))
        FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT format('DROP INDEX %%I', i.indexname), i.indexdef
        FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND i.schemaname = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for drop, _create in constraints + indexes:
        cursor.execute(drop)
    return [create for _drop, create in constraints + indexes]


def seed(reports, responses, write=print):
    """Add `reports` reports and `responses` survey responses; record the sizes. Returns seconds taken."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers while loading.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        rebuild = without_indexes(cursor, ["incidents_report", "dialog_response", "dialog_answer"])
        write(f"Seeding {reports:,} reports …")
        seed_reports(cursor, reports)
        write(f"Seeding {responses:,} survey responses and their answers …")
        seed_responses(cursor, responses)
        write(f"Building {len(rebuild)} indexes …")
        for statement in rebuild:
            cursor.execute(statement)
        # The replica role skipped the rollup triggers too: count the rollups from the loaded rows.
        write("Counting the problem picture's rollups, answer aggregates and map cells …")
        from dialog.answer_counts import rebuild_sql
        from governance.rollups import REBUILD
        from incidents import map_cells

        cursor.execute(REBUILD)
        cursor.execute(rebuild_sql())
        cursor.execute(map_cells.rebuild_sql())
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SEED_TABLE} (reports integer, responses integer, seeded_at timestamptz)"
        )
        cursor.execute(f"INSERT INTO {SEED_TABLE} VALUES (%s, %s, now())", [reports, responses])
    write("VACUUM ANALYZE …")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.monotonic() - started
