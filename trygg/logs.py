"""Structured logs: one JSON line per request and per event, on stdout, without personal data.

Every line carries the request id (the proxy's X-Request-ID when it sends a
sane one, else a new one; it is echoed in the response), so the lines of one
request can be found together. The access line names the URL *pattern*, not
the path (private status links carry a token), and no client address, email
or phone number: what looks like one is masked before the line is written.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import datetime, timezone

request_id_var = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("trygg.requests")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# What personal data in a log message looks like; masked before it is written.
PERSONAL_DATA = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b"), "[address]"),
    (re.compile(r"\b([0-9a-fA-F]{1,4}:){5,7}[0-9a-fA-F]{1,4}\b"), "[address]"),  # IPv6 in full
    (re.compile(r"(?<![\w:])(?=[0-9a-fA-F:]*::)[0-9a-fA-F:]{3,39}(?![\w:])"), "[address]"),  # IPv6 with ::
    (re.compile(r"(?<![\w.-])(\+46|0)[\d\s-]{6,14}\d\b"), "[phone]"),
]
# The standard attributes of a LogRecord; anything else passed as `extra` becomes a field.
RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def mask(text):
    for pattern, replacement in PERSONAL_DATA:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object on one line."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id_var.get(),
            "message": mask(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in RECORD_ATTRIBUTES and not key.startswith("_") and key != "request":
                line[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            # Tracebacks go to the log (one line, escaped), never to the user.
            line["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """The local demo's readable lines, with the request id."""

    def format(self, record):
        record.request_id = request_id_var.get()
        return mask(super().format(record))


class RequestLogMiddleware:
    """Give every request an id and write one access line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            match = getattr(request, "resolver_match", None)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": "/" + match.route if match else "(unresolved)",
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
