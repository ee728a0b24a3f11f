"""Compute the problem picture's default views ahead of the people who open them.

Over a million reports the first computation takes seconds; with this run every few
minutes (shorter than PICTURE_CACHE_SECONDS) the steering group and residents always
find the default views (last full month, staff and public, every language) computed.
It needs a cache shared by the web processes (REDIS_URL): a process-local cache would
only warm this command's own memory.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand

from governance import picture
from incidents.models import Locality


class Command(BaseCommand):
    help = "Compute the default views of the problem picture into the shared cache. Run every few minutes."

    def handle(self, *args, **options):
        if isinstance(caches["aggregates"], LocMemCache):
            self.stdout.write("The aggregates cache is this process's memory (no REDIS_URL): nothing to warm.")
            return
        period = picture.Period.last_full(picture.MONTH)
        localities = list(Locality.objects.order_by("name"))
        started = time.monotonic()
        views = 0
        for public in (False, True):
            for language, _name in settings.LANGUAGES:
                picture.cached_compute(period, public=public, language=language, localities=localities, refresh=True)
                views += 1
        self.stdout.write(f"Computed {views} views of the problem picture for {period.start:%Y-%m} "
                          f"in {time.monotonic() - started:.1f} s.")
