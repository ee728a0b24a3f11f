import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Allow only what the portal uses: geolocation for "use my location"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
        return response


class RejectNulMiddleware:
    """A NUL character in the address is a bad request: PostgreSQL cannot even compare it with a token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise BadRequest("NUL character in the path")
        return self.get_response(request)


class StaffSessionMiddleware:
    """Staff sessions end after a period idle and after a maximum age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_portal_staff:
            logged_in_at = request.session.get("logged_in_at", 0)
            if time.time() - logged_in_at > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
            # Push the idle deadline forward, at most once a minute (each push writes the session).
            now = int(time.time())
            if now - request.session.get("active_at", 0) >= 60:
                request.session["active_at"] = now
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


# Views a user who still owes a second factor may reach.
TWO_FACTOR_EXEMPT_URL_NAMES = {"logout", "two_factor_setup", "two_factor_verify", "set_language", "healthz"}


class TwoFactorMiddleware:
    """Ask for the second factor after the password.

    A user with a confirmed authenticator always gives a code. Users whose role
    requires two-factor authentication must set one up first when
    TWO_FACTOR_REQUIRED is on (production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match and match.url_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            return None
        from django_otp import devices_for_user

        if any(True for _device in devices_for_user(user, confirmed=True)):
            return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
        if settings.TWO_FACTOR_REQUIRED and user.requires_two_factor:
            return redirect(f"{reverse('two_factor_setup')}?next={request.get_full_path()}")
        return None
