import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="remember_login_time")
def remember_login_time(sender, request, user, **kwargs):
    """Staff sessions have a hard maximum age counted from the login."""
    if request is not None and hasattr(request, "session"):
        request.session["logged_in_at"] = int(time.time())
