"""The WSGI entry point gunicorn loads (trygg.wsgi)."""

import os
import subprocess
import sys

from django.conf import settings


def test_the_wsgi_module_loads_the_views_and_freezes_what_it_loaded_out_of_the_garbage_collector():
    # A fresh interpreter, as a gunicorn worker starts.
    check = ("import gc, sys, trygg.wsgi; "
             "print('governance.views.picture' in sys.modules, gc.get_freeze_count() > 0, callable(trygg.wsgi.application))")
    result = subprocess.run([sys.executable, "-c", check], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            env={**os.environ, "DEBUG": "1"}, timeout=120)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
