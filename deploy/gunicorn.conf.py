"""gunicorn settings for the portal (used by deploy/systemd/trygg-web.service).

    gunicorn -c deploy/gunicorn.conf.py trygg.wsgi

Stateless workers behind nginx; gunicorn's own messages are JSON lines like
the portal's (trygg/logs.py), and it writes no access log: the portal logs
one line per request itself, without the client's address.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# About 2 × cores + 1 is gunicorn's rule of thumb; the portal is mostly database-bound.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine may say which scheme the client used.
forwarded_allow_ips = "127.0.0.1"
# Uploads of up to three 10 MB photos arrive through nginx, which buffers them.
limit_request_line = 8190

accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "trygg.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}
