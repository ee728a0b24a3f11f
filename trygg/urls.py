from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from trygg import views

# One way in: the admin's own login form would skip the portal's rate limit and two-factor flow.
admin.site.login = views.admin_login

account_patterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("registrera/", views.register, name="register"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(extra_context={"page_title": _("Change password")}),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"page_title": _("Password changed")}),
        name="password_change_done",
    ),
    path(
        "aterstall/",
        views.PasswordResetView.as_view(extra_context={"page_title": _("Reset password")}),
        name="password_reset",
    ),
    path(
        "aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"page_title": _("Check your email")}),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context={"page_title": _("Choose a new password")}),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(extra_context={"page_title": _("Password saved")}),
        name="password_reset_complete",
    ),
    path("aktivera/<uidb64>/<token>/", views.account_activate, name="account_activate"),
    path("tvastegs/", views.two_factor_setup, name="two_factor_setup"),
    path("tvastegs/kod/", views.two_factor_verify, name="two_factor_verify"),
    path("mina-uppgifter/", views.account_data, name="account_data"),
    path("mina-uppgifter.json", views.account_data_download, name="account_data_download"),
    path("radera/", views.account_delete, name="account_delete"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("lattlast/", views.easy_read, name="easy_read"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("sprak/", views.set_language, name="set_language"),
    path("min-sida/", views.dashboard, name="dashboard"),
    path("konto/", include(account_patterns)),
    path("", include("incidents.urls")),
    path("", include("dialog.urls")),
    path("", include("governance.urls")),
    path("open311/v2/", include("incidents.open311.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    urlpatterns.append(path("bench/", include("bench.urls")))

handler400 = "trygg.errors.bad_request"
handler403 = "trygg.errors.permission_denied"
handler404 = "trygg.errors.page_not_found"
handler500 = "trygg.errors.server_error"
