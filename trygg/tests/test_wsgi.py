"""The WSGI entry point gunicorn loads (trygg.wsgi)."""

import gc
import importlib
import sys


def test_the_wsgi_module_loads_the_views_and_freezes_what_it_loaded_out_of_the_garbage_collector():
    sys.modules.pop("trygg.wsgi", None)
    sys.modules.pop("governance.views.picture", None)
    gc.unfreeze()
    try:
        wsgi = importlib.import_module("trygg.wsgi")
        assert callable(wsgi.application)
        assert "governance.views.picture" in sys.modules  # the URLconf's views, before any request
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
