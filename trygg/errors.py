"""Error pages: the portal's layout, a clear message and never a stack trace."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render


@login_not_required
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the layout itself may need what just failed (e.g. the database)
        return HttpResponseServerError(
            "<!doctype html><html lang=sv><title>Serverfel</title>"
            "<h1>Något gick fel / Something went wrong</h1>"
            "<p>Försök igen om en stund. / Please try again in a moment.</p>"
        )
