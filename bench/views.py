"""The baselines the benchmark compares the portal with, under the same gunicorn and middleware.

Mounted only with BENCH=1 (see trygg/urls.py); never part of the portal itself.
"""

import os

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from bench.models import Ping


@login_not_required
@require_safe
def hello(request):
    response = HttpResponse("Hello, world", content_type="text/plain")
    # The benchmark's own gunicorn carries the run's id: it measures no server it did not start.
    response["X-Bench-Run"] = os.environ.get("BENCH_RUN_ID", "")
    return response


@csrf_exempt
@login_not_required
@require_POST
def write(request):
    Ping.objects.create()
    return HttpResponse("ok", content_type="text/plain")
