"""Error pages: the portal's layout, a clear message and never a stack trace.

When the database cannot be reached (restarted, failed over, out of
connections) the answer is 503 with Retry-After and a page in both languages
saying that nothing was saved and to try again. An app that answers in its
own format (the Open311 API) says so through ``error_response(request, status)``
in its AppConfig; the first app that answers a request wins. Every transaction of the failed request has been
rolled back by then, and the next request gets a fresh, health-checked
connection (CONN_HEALTH_CHECKS), so the portal recovers by itself.
"""

import sys

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

try:  # the driver's own errors, in case one escapes Django's wrapping
    from psycopg2 import InterfaceError as DriverInterfaceError
    from psycopg2 import OperationalError as DriverOperationalError
except ImportError:  # pragma: no cover - psycopg2 is a requirement
    DriverInterfaceError = DriverOperationalError = InterfaceError

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DriverOperationalError, DriverInterfaceError)
# Seconds a client should wait before trying again: a database restart takes a few.
RETRY_AFTER_SECONDS = 30

FALLBACK_503 = (
    "<!doctype html><html lang=sv><title>Tillfälligt avbrott / Temporarily unavailable</title>"
    "<h1>Tillfälligt avbrott</h1><p>Ingenting sparades. Försök igen om en stund. "
    "Vid nödläge, ring 112. Polisen: 114 14.</p>"
    '<h1 lang=en>Temporarily unavailable</h1><p lang=en>Nothing was saved. Please try again in a moment. '
    "In an emergency, call 112. Police: 114 14.</p>"
)


def is_database_unavailable(exception):
    """Whether the exception (or one it came from) says the database cannot be reached right now."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def with_retry_after(response):
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def app_error_response(request, status):
    """The answer of the first app that has its own error format for this request, else None."""
    for app_config in apps.get_app_configs():
        error_response = getattr(app_config, "error_response", None)
        if error_response is not None:
            response = error_response(request, status)
            if response is not None:
                return response
    return None


def service_unavailable(request):
    """503 with a page in Swedish and English that needs nothing from the database.

    Rendered without the request's context processors and outside base.html:
    the signed-in user, the session and the messages all live in the database.
    """
    response = app_error_response(request, 503)
    if response is not None:
        return response
    try:
        content = render_to_string("503.html", {"portal": settings.PORTAL, "retry_after": RETRY_AFTER_SECONDS})
    except Exception:  # nothing may stand between the resident and "try again"
        content = FALLBACK_503
    return with_retry_after(HttpResponse(content, status=503))


@login_not_required
def bad_request(request, exception=None):
    return app_error_response(request, 400) or render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Django calls this while handling the exception, which is therefore still at hand.
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the layout itself may need what just failed (e.g. the database)
        return HttpResponseServerError(
            "<!doctype html><html lang=sv><title>Serverfel</title>"
            "<h1>Något gick fel / Something went wrong</h1>"
            "<p>Försök igen om en stund. / Please try again in a moment.</p>"
        )
