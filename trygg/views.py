import base64
from urllib.parse import urlencode

import segno
from django.apps import apps
from django.contrib import messages
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg import notifications, roles, two_factor
from trygg.dashboard import tasks_for, todos_for
from trygg.forms import DeleteAccountForm, EnrolmentCodeForm, LoginForm, RegistrationForm, TokenForm
from trygg.models import User
from trygg.ratelimit import ratelimit


@login_not_required
def home(request):
    return render(request, "trygg/home.html")


@login_not_required
def accessibility(request):
    return render(request, "trygg/accessibility.html")


@login_not_required
def easy_read(request):
    return render(request, "trygg/easy_read.html")


@login_not_required
def privacy(request):
    return render(
        request,
        "trygg/privacy.html",
        {"retention": settings.RETENTION, "decision_reference": settings.RETENTION_DECISION_REFERENCE},
    )


@login_not_required
@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


set_language = login_not_required(django_set_language)


@login_not_required
def admin_login(request, extra_context=None):
    """The admin signs in through the portal's login (rate limit, lockout, two-factor)."""
    target = request.GET.get("next", "/admin/")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


def dashboard(request):
    user = request.user
    user_roles = [(name, roles.ROLES[name]) for name in user.role_names]
    tasks = tasks_for(user)
    return render(request, "trygg/dashboard.html", {
        "user_roles": user_roles,
        "todos": todos_for(user),
        "tasks": [task for task in tasks if not task.account],
        "account_tasks": [task for task in tasks if task.account],
    })


@method_decorator(ratelimit("login"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@method_decorator(ratelimit("login"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Password reset, rate-limited like login so it cannot be used to flood inboxes."""


@login_not_required
@ratelimit("register")
def register(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account; the mail tells the owner which.
        user, _created = User.objects.register(form.cleaned_data["email"], form.cleaned_data["password1"])
        transaction.on_commit(lambda: notifications.send_registration_mail(user), robust=True)
        messages.info(request, _("Check your email. We have sent you a message about your account."))
        return redirect("login")
    return render(request, "registration/register.html", {"form": form})


@login_not_required
@require_GET
def account_activate(request, uidb64, token):
    """The link in the registration mail opens the account: proof that the address is the registrant's."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and user.awaits_activation and default_token_generator.check_token(user, token):
        user.is_active = True
        user.save(update_fields=["is_active"])
        messages.success(request, _("Your account is open. You can now log in."))
        return redirect("login")
    return render(request, "registration/activation_invalid.html", {"page_title": _("The link does not work")})


def _next_url(request, default="dashboard"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@never_cache
@ratelimit("login")
def two_factor_setup(request):
    """Pair an authenticator app: a code by mail first (see trygg.two_factor), then the QR code and a code from
    the app."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        messages.info(request, _("Two-factor authentication is already on for your account."))
        return redirect("dashboard")
    enrolment = two_factor.Enrolment(request.session)
    next_url = _next_url(request, "")
    here = reverse("two_factor_setup") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    if request.method == "POST" and "send_code" in request.POST:
        two_factor.discard_pending(user)
        code = enrolment.start()
        transaction.on_commit(lambda: notifications.send_two_factor_code(user, code), robust=True)
        message = _("We have sent a code to your email address. It is valid for %(minutes)s minutes.")
        messages.info(request, message % {"minutes": settings.TWO_FACTOR_ENROLMENT_SECONDS // 60})
        return redirect(here)
    context = {"next": next_url, "page_title": _("Two-factor authentication")}
    if not enrolment.mail_confirmed:
        form = EnrolmentCodeForm(request.POST or None, enrolment=enrolment) if enrolment.started else None
        if form is not None and request.method == "POST" and form.is_valid():
            return redirect(here)
        return render(request, "registration/two_factor_mail.html", {**context, "form": form})
    device = two_factor.pending_device(user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        enrolment.end()
        otp_login(request, device)
        messages.success(request, _("Two-factor authentication is now on."))
        return redirect(_next_url(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    context.update(
        form=form,
        qr_data_uri="data:image/svg+xml;base64," + base64.b64encode(qr_svg.encode()).decode(),
        secret=base64.b32encode(device.bin_key).decode(),
    )
    return render(request, "registration/two_factor_setup.html", context)


@ratelimit("login")
def two_factor_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request, ""), "page_title": _("Enter your code")}
    return render(request, "registration/two_factor_verify.html", context)


@never_cache
def account_data(request):
    """What the portal holds about the logged-in user, with a download: the account here, each app's part below."""
    sections = []
    for app_config in apps.get_app_configs():  # each app shows its own part (``account_data_section``)
        section = getattr(app_config, "account_data_section", None)
        if section is not None:
            sections.append(section(request))
    return render(request, "trygg/account_data.html", {"sections": sections})


@never_cache
@require_GET
def account_data_download(request):
    response = JsonResponse(request.user.personal_data(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    return response


@ratelimit("login")
def account_delete(request):
    user = request.user
    if not user.can_delete_own_account:
        return render(request, "trygg/account_delete.html", {"staff": True})
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        user.delete_account()
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "trygg/account_delete.html", {"form": form})
