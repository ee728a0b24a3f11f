"""Where a cold problem picture spends its time: per section, per filter combination.

Not part of the benchmark or the tests; run it against a seeded benchmark database
(docs/performance.md, "The problem picture computed cold"):

    DATABASE_URL=postgres://…/trygg_h4_bench .venv/bin/python -m bench.profile_picture [--public] [--runs N]

For each of the twelve filter combinations of ``bench.runner.picture_filters`` it empties every
cache, computes the staff (or public) picture in this process with ``governance.picture.compute``
and prints the total time, the number of queries and the time of each section. The summary
line gives p50, p95 and the most queries.
"""

import argparse
import functools
import os
import statistics
import sys
import time
from collections import defaultdict


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public", action="store_true", help="The public picture instead of the staff one.")
    parser.add_argument("--runs", type=int, default=1, help="Rounds over the twelve combinations (default 1).")
    parser.add_argument("--maps", action="store_true", help="Also time the twelve cold map views.")
    parser.add_argument("--raw", action="store_true",
                        help="Count the raw reports instead of the rollups (PICTURE_ROLLUPS and MAP_ROLLUPS off).")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.runner import cold_map_views, picture_filters
    from governance import picture
    from governance.forms.picture import PictureFilterForm
    from incidents.models import Locality

    if args.raw:
        settings.PICTURE_ROLLUPS = settings.MAP_ROLLUPS = False
    sections = defaultdict(float)

    def timed(module, name, label=None):
        original = getattr(module, name)

        @functools.wraps(original)
        def wrapper(*a, **kw):
            began = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                sections[label or name] += (time.perf_counter() - began) * 1000

        setattr(module, name, wrapper)

    for name in ("grouped_counts", "median_resolution_days", "coverage", "monthly_trend", "hotspots", "when_matrix",
                 "perception", "measures", "effects", "dialogue", "promises"):
        timed(picture, name)

    totals, most = [], 0
    for _run in range(args.runs):
        for filters in picture_filters():
            localities = list(Locality.objects.order_by("name"))
            form = PictureFilterForm(filters or None, localities=localities)
            assert not filters or form.is_valid(), form.errors
            cleaned = form.cleaned_data if form.is_bound else {}
            period = form.selected_period() if form.is_bound else picture.Period.last_full(picture.MONTH)
            for alias in settings.CACHES:
                caches[alias].clear()
            sections.clear()
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                picture.compute(period, locality=cleaned.get("locality"), kind=cleaned.get("kind") or None,
                                public=args.public, today=timezone.localdate(), localities=localities)
            took = (time.perf_counter() - began) * 1000
            totals.append(took)
            most = max(most, len(queries))
            parts = " ".join(f"{name}={ms:.0f}" for name, ms in sorted(sections.items(), key=lambda item: -item[1]))
            print(f"{took:7.0f} ms {len(queries):3d} q  {period.kind:8s} {filters or 'default'}\n          {parts}")
    totals.sort()
    p95 = totals[min(len(totals) - 1, round(0.95 * (len(totals) - 1)))]
    print(f"picture: p50 {statistics.median(totals):.0f} ms, p95 {p95:.0f} ms, max {totals[-1]:.0f} ms, "
          f"most queries {most}")

    if args.maps:
        from django.test import Client
        from django.urls import reverse

        client, times = Client(), []
        for name, bbox, zoom in cold_map_views():
            for alias in settings.CACHES:
                caches[alias].clear()
            path = f"{reverse('incidents:geojson')}?bbox={','.join(f'{v:.5f}' for v in bbox)}&zoom={zoom}"
            began = time.perf_counter()
            response = client.get(path)
            took = (time.perf_counter() - began) * 1000
            times.append(took)
            print(f"{took:7.0f} ms  {response.status_code} {name} (zoom {zoom})")
        times.sort()
        print(f"map: p50 {statistics.median(times):.0f} ms, p95 {times[round(0.95 * (len(times) - 1))]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
