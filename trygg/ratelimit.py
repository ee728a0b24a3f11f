"""Fixed-window rate limits in the shared cache.

Clients are identified by a salted hash of their address; the salt changes
every day and counters expire with their window, so no address is stored and
nothing identifying outlives 24 hours.
"""

import hashlib
import ipaddress
import time
from datetime import date
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def parse_address(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def trusted(address):
    return any(address in network for network in settings.TRUSTED_PROXIES)


def counted_as(address):
    """One IPv6 client holds a whole /64 (it may pick any address in it): it is counted as that network."""
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_address(request):
    """The client's address, also behind the reverse proxies in settings.TRUSTED_PROXIES.

    The header X-Forwarded-For is read only when the request comes from a
    trusted proxy; a client reaching gunicorn directly cannot choose its
    address by writing the header. Each proxy appends the address it received
    the request from, so the client is the right-most entry that is not itself
    a trusted proxy; whatever a client wrote into the header stays to the left
    and is ignored. IPv6 clients are counted per /64 (as its first address).
    Login lockouts (django-axes) use the same address, so that behind a proxy
    they stay per username *and* client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    client = parse_address(remote)
    if client is None:
        return remote
    if trusted(client):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed([hop for hop in hops if hop.strip()]):
            address = parse_address(hop)
            if address is None:  # not written by a proxy of ours: stop at the last hop we trust
                break
            client = address
            if not trusted(address):
                break
    return counted_as(client)


def hashed_key(value):
    """A day-salted hash of what is counted (an address, an e-mail address): the cache never holds the value."""
    salt = f"{settings.SECRET_KEY}:{date.today().isoformat()}"
    return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()[:32]


def client_key(request):
    return hashed_key(client_address(request))


def _windows(scope, key, limits, now):
    return {f"rl:{scope}:{key}:{seconds}:{now // seconds}": (count, seconds) for count, seconds in limits}


def _wait(now, seconds):
    """Seconds until the fixed window of this length that holds now ends."""
    return seconds - now % seconds


def hit(scope, key, limits):
    """Count one request; return how many seconds to wait when a (count, seconds) limit is exceeded, else 0.

    One read for all windows first: a client the cache has not seen in a window (most
    submitters) costs one write per window instead of a write and an increment.
    """
    now = int(time.time())
    windows = _windows(scope, key, limits, now)
    known = cache.get_many(list(windows))
    wait = 0
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
            wait = max(wait, _wait(now, seconds))
    return wait


def full(scope, key, limits):
    """Without counting: how many seconds to wait when one more request would pass a limit, else 0."""
    now = int(time.time())
    windows = _windows(scope, key, limits, now)
    known = cache.get_many(list(windows))
    return max(
        (_wait(now, seconds) for cache_key, (count, seconds) in windows.items() if known.get(cache_key, 0) >= count),
        default=0,
    )


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
