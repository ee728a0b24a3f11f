"""Categories and localities as a report is checked and placed: from memory, not a query per send.

Both lists are short and change only in the admin, yet every report sent used to look its
category and locality up (and, with a map point, read every locality to find the nearest).
Each process now keeps the lists it needs for at most LIST_SECONDS, under one version kept in
the shared "aggregates" cache (Redis in production, so one round trip per send):

- Saving or deleting a category or locality takes a new version, at once and again once the
  change is committed (a process that reloaded in between read the old rows), so every process
  reads the lists anew (``forget_lists``, connected in IncidentsConfig.ready): the process that
  made the change at once, the others within VERSION_SECONDS (a process asks the shared cache for
  the version at most once a second, not once per field of every send).
- Changes that send no signal (a bulk ``update()``, a data migration) and processes without a
  shared cache are covered by LIST_SECONDS.
- A pk the cached list does not hold is not refused on its word: the caller asks the database
  as before (a category added a moment ago in another process's memory).

What is handed out is a copy, so that a caller changing it never changes the cached one.
"""

import copy
import secrets
import time

from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "choice-lists:version"
LIST_SECONDS = 60
VERSION_SECONDS = 1

# name → (version, loaded at (monotonic), {pk: object}); one per process, replaced whole, never changed.
_lists = {}
# (version, read at (monotonic)) as this process last read it from the shared cache.
_version = (None, 0.0)


def lists_version():
    global _version
    version, read_at = _version
    if version is not None and time.monotonic() - read_at < VERSION_SECONDS:
        return version
    store = caches["aggregates"]
    version = store.get(VERSION_KEY)
    if version is None:
        store.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = store.get(VERSION_KEY)
    _version = (version, time.monotonic())
    return version


def forget_in_process():
    """This process reads the version and the lists anew (tests call it as they empty the caches)."""
    global _version
    _version = (None, 0.0)
    _lists.clear()


def new_lists_version():
    caches["aggregates"].set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    forget_in_process()


def forget_lists(**kwargs):
    """Signal receiver: a category or locality changed, every process reads the lists anew."""
    new_lists_version()
    transaction.on_commit(new_lists_version, robust=True)


def _objects(name, queryset):
    version = lists_version()
    entry = _lists.get(name)
    if entry is None or entry[0] != version or time.monotonic() - entry[1] > LIST_SECONDS:
        entry = (version, time.monotonic(), {obj.pk: obj for obj in queryset.all()})
        _lists[name] = entry
    return entry[2]


def cached_object(name, queryset, pk):
    """A copy of the object with this pk in the cached list ``name`` of ``queryset``; None when it holds none."""
    obj = _objects(name, queryset).get(pk)
    return copy.copy(obj) if obj is not None else None


def cached_objects(name, queryset):
    """The cached list ``name`` of ``queryset`` (read only: do not change what it holds)."""
    return list(_objects(name, queryset).values())
