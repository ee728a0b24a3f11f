"""Fixed-window rate limits in the shared cache.

Clients are identified by a salted hash of their address; the salt changes
every day and counters expire with their window, so no address is stored and
nothing identifying outlives 24 hours.
"""

import hashlib
import time
from datetime import date
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    """The client's address, also behind settings.TRUSTED_PROXY_COUNT reverse proxies.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with N trusted proxies the client is the N-th entry
    from the right; whatever a client writes into the header itself stays to
    the left and is ignored. Without proxies (or without the header) it is
    REMOTE_ADDR. Login lockouts (django-axes) use the same address, so that
    behind a proxy they stay per username *and* client.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request):
    salt = f"{settings.SECRET_KEY}:{date.today().isoformat()}"
    return hashlib.sha256(f"{salt}:{client_address(request)}".encode()).hexdigest()[:32]


def hit(scope, key, limits):
    """Count one request; return True when any (count, seconds) limit is exceeded.

    One read for all windows first: a client the cache has not seen in a window (most
    submitters) costs one write per window instead of a write and an increment.
    """
    now = int(time.time())
    windows = {f"rl:{scope}:{key}:{seconds}:{now // seconds}": (count, seconds) for count, seconds in limits}
    known = cache.get_many(list(windows))
    exceeded = False
    for cache_key, (count, seconds) in windows.items():
        if cache_key not in known and cache.add(cache_key, 1, timeout=seconds):
            current = 1
        else:
            try:
                current = cache.incr(cache_key)
            except ValueError:  # expired since it was read
                cache.set(cache_key, 1, timeout=seconds)
                current = 1
        if current > count:
            exceeded = True
    return exceeded


def limited(request, scope):
    """Count one stored submission for this client; True when it passes settings.RATE_LIMITS[scope].

    Call it only when something is about to be stored, so that a resident who
    corrects a form several times is not locked out.
    """
    return hit(scope, client_key(request), settings.RATE_LIMITS[scope])


def too_many(request):
    return render(request, "429.html", status=429)


def ratelimit(scope, methods=("POST",)):
    """Answer 429 with a clear page once the client passes settings.RATE_LIMITS[scope]."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and limited(request, scope):
                return too_many(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
