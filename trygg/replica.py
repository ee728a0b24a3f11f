"""Reads of chosen pages from a PostgreSQL read replica: configuration only.

With DATABASE_REPLICA_URL set, GET requests to the views named in
DATABASE_REPLICA_VIEWS (by default the problem picture and its charts, which
aggregate the most rows and may be seconds old) read the apps' data from the
``replica`` database. Everything else, every write, and accounts, sessions,
permissions and the cache always use ``default``. Without a replica nothing
changes.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Only the portal's own data; accounts, sessions, permissions and the cache stay on the primary.
REPLICA_APPS = {"incidents", "dialog", "governance"}
reading_from_replica = ContextVar("reading_from_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_from_replica.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    """Mark GET requests to settings.DATABASE_REPLICA_VIEWS as read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                reading_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and request.resolver_match.view_name in settings.DATABASE_REPLICA_VIEWS:
            request._replica_token = reading_from_replica.set(True)
        return None
