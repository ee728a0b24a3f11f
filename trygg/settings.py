"""Settings for the Trygg på Tjörn portal.

Everything that differs between a laptop demo and production comes from
environment variables; see the configuration table in README.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a local demo).")
    SECRET_KEY = "local-demo-only-not-secret-" + "x" * 30

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "trygg",
    "incidents",
    "dialog",
    "governance",
    "trygg.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "leaflet",
    "csp",
]
# The benchmark's bare baseline views (bench/, see docs/performance.md): only with BENCH=1.
BENCH = env_bool("BENCH", False)
if BENCH:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "trygg.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "trygg.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trygg.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trygg.middleware.StaffSessionMiddleware",
    "trygg.middleware.TwoFactorMiddleware",
    "trygg.replica.ReplicaMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygg.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "trygg.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "trygg.wsgi.application"

# Database: PostgreSQL in production and CI, an SQLite file under var/ otherwise.
# Persistent connections with health checks: opening a connection per request
# costs several-fold throughput, and health checks survive a database restart.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'trygg.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An optional read replica (streaming replication of the primary) for the heaviest read-only
# pages, named by their URL names; see trygg/replica.py and docs/deployment.md.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 600), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["trygg.replica.ReplicaRouter"]
DATABASE_REPLICA_VIEWS = env_list(
    "DATABASE_REPLICA_VIEWS",
    "governance:picture,governance:picture_trend_svg,governance:picture_hotspots_svg,"
    "governance:public_picture,governance:public_picture_hotspots_svg,governance:public_picture_trend_svg",
)

# PostgreSQL's JIT spends seconds compiling the problem picture's wide aggregates (the effect
# follow-up: 3.3 s with it, 0.8 s without over 200,000 reports) and gains nothing at this size.
if not env_bool("DATABASE_JIT", False):
    for _database in DATABASES.values():
        if _database["ENGINE"] == "django.db.backends.postgresql":
            _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"

# A cache shared by every gunicorn worker and app server: rate limits and lockouts need it.
# Sessions live in the database (shared by every app server); with Redis they are also cached there.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
# Computed aggregates over all reports (the problem picture, the map's grid cells, list counts):
# short-lived, shown with the time they were computed. In Redis when there is one (shared by every
# worker and app server), otherwise in each process's memory.
# Rendered template fragments ({% cache %}: the report form's fields, the picture's body) likewise.
for alias, prefix in (("aggregates", "agg"), ("template_fragments", "tpl")):
    CACHES[alias] = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL"), "KEY_PREFIX": prefix}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    )
# How long a computed problem picture is reused (seconds); the page says when it was computed.
PICTURE_CACHE_SECONDS = env_int("PICTURE_CACHE_SECONDS", 300)
# The problem picture counts from the daily rollups kept by a trigger (governance.rollups) on PostgreSQL.
PICTURE_ROLLUPS = env_bool("PICTURE_ROLLUPS", True)
# Wide public map views add up the public cells kept by a trigger (incidents.map_cells) on PostgreSQL.
MAP_ROLLUPS = env_bool("MAP_ROLLUPS", True)
# How long the public map's GeoJSON for one view and the public list's total are reused (the max-age).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

AUTH_USER_MODEL = "trygg.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "trygg.auth_backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Failed-login lockout per username *and* client, so that nobody can lock a
# coordinator out from elsewhere; it lifts itself after the cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field; the user model logs in by email
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies every request comes from the proxy: the client is read from
# X-Forwarded-For (see trygg.ratelimit.client_address), for lockouts and rate limits alike,
# but only when the request comes from one of these networks (CIDRs, comma-separated).
try:
    TRUSTED_PROXIES = [ipaddress.ip_network(cidr, strict=False) for cidr in env_list("TRUSTED_PROXIES")]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be networks such as 127.0.0.1/32: {error}") from None
if env("TRUSTED_PROXY_COUNT") not in (None, "", "0") and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES: the addresses of the proxies in front (e.g. 127.0.0.1/32)."
    )
AXES_CLIENT_IP_CALLABLE = "trygg.ratelimit.client_address"
AXES_VERBOSE = False

# Rate limits: list of (requests, seconds) per client, see trygg/ratelimit.py.
RATE_LIMITS = {
    "login": [(env_int("LOGIN_RATE_PER_MINUTE", 10), 60), (100, 3600)],
    "register": [(10, 3600)],
    # Anonymous reports and feedback: 5 an hour and 20 a day per client.
    "report": [(env_int("REPORT_RATE_PER_HOUR", 5), 3600), (env_int("REPORT_RATE_PER_DAY", 20), 86400)],
    # Anonymous reads of the Open311 API per client (keyed systems have their own limit per key).
    "open311": [(1000, 3600)],
    # Complete public survey answers, per survey. A device (a signed cookie set when the survey is opened)
    # that has answered is counted first; the address is only a high ceiling, because a household, a school
    # or a mobile operator's shared address holds many real respondents (see dialog.answering.AnswerLimit).
    "survey_device": [(env_int("SURVEY_ANSWERS_PER_DEVICE_PER_DAY", 1), 86400)],
    "survey": [(env_int("SURVEY_RATE_PER_HOUR", 60), 3600), (env_int("SURVEY_RATE_PER_DAY", 300), 86400)],
    # Sign-ups to public dialogue activities per client (a household may sign up several people).
    "signup": [(env_int("SIGNUP_RATE_PER_HOUR", 20), 3600)],
    # "I have seen this too" on public reports (once per browser and report), per client.
    "seen_too": [(env_int("SEEN_TOO_RATE_PER_HOUR", 30), 3600), (env_int("SEEN_TOO_RATE_PER_DAY", 100), 86400)],
    # Requests to follow a report by e-mail (each sends a confirmation mail), per client.
    "follow": [(env_int("FOLLOW_RATE_PER_HOUR", 10), 3600), (env_int("FOLLOW_RATE_PER_DAY", 30), 86400)],
    # Report forms sent back with errors whose chosen photos are kept for the next send (disk, for a day).
    "kept_photos": [(env_int("KEPT_PHOTOS_RATE_PER_HOUR", 20), 3600), (env_int("KEPT_PHOTOS_RATE_PER_DAY", 60), 86400)],
}
# Forms filled faster than this are treated as bots.
REPORT_MIN_FILL_SECONDS = env_int("REPORT_MIN_FILL_SECONDS", 3)

# Staff sessions end after 30 minutes idle and 12 hours at most.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = 14 * 24 * 3600

# Two-factor authentication (TOTP) is required for coordinators, police and
# admins in production; in the local demo it is offered but not enforced.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
# Pairing an authenticator starts with a code by mail; the code and an unconfirmed secret expire after this.
TWO_FACTOR_ENROLMENT_SECONDS = 15 * 60
OTP_TOTP_ISSUER = env("PORTAL_NAME", "Trygg på Tjörn")

# Internationalisation: Swedish first, English complete.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# English dates day-first with the month in words (trygg/formats/en); Swedish keeps ISO dates.
FORMAT_MODULE_PATH = ["trygg.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files: MEDIA_ROOT on this machine, or with MEDIA_STORAGE=s3 a private bucket on
# S3-compatible object storage shared by every app server (needs `pip install django-storages[s3]`;
# see docs/deployment.md). Files are never public: the portal serves them after a permission check.
if env("MEDIA_STORAGE", "filesystem") == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: console in the demo, SMTP when EMAIL_HOST is set.
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The portal's public address, for links in mail.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Trygg på Tjörn <no-reply@tjorn.se>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The portal's place. Nothing about Tjörn is hard-coded elsewhere: these
# settings and the Locality rows are all there is.
PORTAL = {
    "NAME": env("PORTAL_NAME", "Trygg på Tjörn"),
    "ORGANISATION": env("PORTAL_ORGANISATION", "Tjörns kommun"),
    "CONTACT_ADDRESS": env_list("PORTAL_CONTACT_ADDRESS", "Kroksdalsvägen 1,471 80 Skärhamn"),
    "CONTACT_PHONE": env("PORTAL_CONTACT_PHONE", "0304-60 10 00"),
    "CONTACT_EMAIL": env("PORTAL_CONTACT_EMAIL", "tjorns.kommun@tjorn.se"),
    "ACCESSIBILITY_CONTACT": env("PORTAL_ACCESSIBILITY_CONTACT", "tjorns.kommun@tjorn.se"),
}
# Map: bounding box south,west,north,east and the tile server.
MAP_BOUNDS = [float(v) for v in env_list("MAP_BOUNDS", "57.88,11.50,58.10,11.80")]
# The service area: the municipality's boundary (and its neighbours, to tell residents whom to contact)
# as GeoJSON; see trygg/geo.py.
SERVICE_AREA_FILE = env("SERVICE_AREA_FILE", str(BASE_DIR / "trygg" / "service_areas" / "tjorn.geojson"))
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env(
    "MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_TILES_ORIGIN = "https://" + MAP_TILES_URL.split("//", 1)[-1].split("/", 1)[0].replace("{s}.", "")

# Days within which a new report gets its first answer (is moderated); later ones are marked overdue.
REPORT_ANSWER_DAYS = env_int("REPORT_ANSWER_DAYS", 5)

# Police events (the Swedish Police's open events API) for the portal's area.
POLICE_EVENTS_URL = env("POLICE_EVENTS_URL", "https://polisen.se/api/events?locationname=Tj%C3%B6rn")
POLICE_EVENTS_LOCATION_NAMES = env_list("POLICE_EVENTS_LOCATION_NAMES", "Tjörn,Tjörns kommun")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": ((MAP_BOUNDS[0] + MAP_BOUNDS[2]) / 2, (MAP_BOUNDS[1] + MAP_BOUNDS[3]) / 2),
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 9,
    "MAX_ZOOM": 18,
    "TILES": [("", MAP_TILES_URL, {"attribution": MAP_ATTRIBUTION})],
    "FORCE_IMAGE_PATH": STATIC_URL + "leaflet/images/",
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
}

# --- Retention (gallring) ---
# Reports are public records; they are thinned only under the municipality's
# retention decision. `manage.py apply_retention` (daily) applies these periods.
RETENTION = {
    "report_contact_months": env_int("RETENTION_REPORT_CONTACT_MONTHS", 12),
    "survey_free_text_months": env_int("RETENTION_SURVEY_FREE_TEXT_MONTHS", 24),
    "inactive_account_months": env_int("RETENTION_INACTIVE_ACCOUNT_MONTHS", 36),
    "unconfirmed_account_days": env_int("RETENTION_UNCONFIRMED_ACCOUNT_DAYS", 30),
    # Names and e-mail addresses of residents who signed up to a public dialogue activity, after its date.
    "activity_signup_days": env_int("RETENTION_ACTIVITY_SIGNUP_DAYS", 30),
    # Logins, failed logins and lockout counters (email and IP address), kept to trace misuse.
    "login_record_months": env_int("RETENTION_LOGIN_RECORD_MONTHS", 12),
}
RETENTION_DECISION_REFERENCE = env("RETENTION_DECISION_REFERENCE", "Gallringsbeslut KS 2024/123 (exempel)")

# Security headers on every response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MAP_TILES_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# A load balancer may ask /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs: one line per request and event on stdout, JSON in production (LOG_FORMAT=json),
# readable in the local demo; a request id on every line, no personal data (trygg/logs.py).
LOG_FORMAT = env("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "trygg.logs.JsonFormatter"},
        "plain": {"()": "trygg.logs.PlainFormatter", "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The access line of trygg.requests says it already; keep the errors (with their traceback).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # WeasyPrint logs every layout step of the lägesbild PDF at INFO; keep its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
