"""Mail about accounts (.txt + .html pairs under registration/email/).

A registration always answers the same on the page; the difference goes by
mail to the address itself: a new account gets its activation link, the owner
of an existing account is told that someone tried to register it.
"""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from trygg.mail import absolute_url, send


def activation_url(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(reverse("account_activate", args=[uidb64, default_token_generator.make_token(user)]))


def send_two_factor_code(user, code):
    """The code that starts pairing an authenticator app: only the owner of the mailbox can pair one."""
    send("registration/email/two_factor_code", user.email, {"code": code})


def send_registration_mail(user):
    if user.awaits_activation:
        send("registration/email/activate", user.email, {"activation_url": activation_url(user)})
    else:
        send(
            "registration/email/already_registered",
            user.email,
            {"login_url": absolute_url(reverse("login")), "reset_url": absolute_url(reverse("password_reset"))},
        )
