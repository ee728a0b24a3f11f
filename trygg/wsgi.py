import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (import every view module now, not in a worker's first request)
# What is loaded by now (Django, the apps, their views and models) lives as long as the process: keep it
# out of the garbage collector's full passes, which otherwise walk it all and stop a request for 20–60 ms
# now and then (Python's documentation recommends gc.freeze() in long-lived servers for the same reason).
gc.freeze()
