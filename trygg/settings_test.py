"""Settings for the test suite: production settings with test-friendly storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")

from trygg.settings import *  # noqa: E402,F401,F403
from trygg.settings import STORAGES  # noqa: E402

# live_server serves static files through the finders; manifest storage breaks it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Two-factor enforcement has its own tests; elsewhere staff log straight in.
TWO_FACTOR_REQUIRED = False
