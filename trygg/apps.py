from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from trygg.dashboard import Task


class TryggConfig(AppConfig):
    default = True
    name = "trygg"
    verbose_name = _("Portal and accounts")

    dashboard_tasks = [
        Task(_("Change password"), _("Choose a new password for your account."), "password_change", account=True),
        Task(
            _("Two-factor authentication"),
            _("Protect your account with a code from an authenticator app."),
            "two_factor_setup",
            account=True,
        ),
        Task(
            _("My data"),
            _("See and download what the portal holds about you, or delete your account."),
            "account_data",
            account=True,
        ),
        Task(
            _("Administration"),
            _("Manage users, roles and the portal's basic data."),
            "admin:index",
            needs_admin_access=True,
        ),
    ]

    # --- What the portal asks every app, its own part included. ---

    def register_extract(self, user):
        """The account's logins and failed logins, as django-axes records them (time, IP address, browser)."""
        from axes.models import AccessFailureLog, AccessLog

        def records(model):
            rows = model.objects.filter(username__iexact=user.email).order_by("attempt_time")
            return [
                {"time": row.attempt_time.isoformat(), "ip_address": row.ip_address, "user_agent": row.user_agent}
                for row in rows
            ]

        return {"logins": records(AccessLog), "failed_logins": records(AccessFailureLog)}

    def delete_account(self, user):
        """The login records that name the account (django-axes keys them by email address) go with it."""
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.email).delete()

    def seed_demo(self, size, write):
        from trygg import demo

        created = demo.seed_users()
        write(f"Demo users: {len(demo.DEMO_USERS)} ({created} new)")

    def ready(self):
        from trygg import lookups, roles, signals  # noqa: F401

        # After every migrate (and the flush between browser tests) the role
        # groups exist with exactly the permissions in roles.py.
        post_migrate.connect(roles.sync_role_permissions, sender=self, dispatch_uid="sync_role_permissions")

