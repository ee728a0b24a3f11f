"""Retention (gallring): thin personal data under the municipality's retention decision.

Reports are public records (allmänna handlingar) from receipt and may only be
thinned as the retention decision allows. Each app declares its retention
classes in its AppConfig (``retention_classes()``, a list of
``RetentionClass``); this module runs them in app order without importing any
app. A class finds what is due, changes it and logs one ``RetentionAction``
with the count and the decision reference, in one transaction; files of what
were thinned are deleted once that transaction has committed. Each class is
idempotent (what has been thinned is no longer due) and returns the count.
With ``dry_run=True`` it only counts.

Report.description is the record itself and is never touched here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.dates import add_months
from trygg.models import RetentionAction, User


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the last day if that month is shorter)."""
    return add_months(moment, -months)


@dataclass(frozen=True)
class RetentionClass:
    """One class of personal data and when it is thinned.

    ``due(now)`` returns the QuerySet of what is due; ``thin(queryset)`` changes
    it (and arranges for its files to go); ``details()`` says which periods applied.
    ``name`` is what the retention log in the admin calls it (translated).
    """

    key: str
    label: str  # the line the retention run prints
    due: Callable
    thin: Callable
    details: Callable = field(default=dict)
    name: str = ""

    def apply(self, now=None, dry_run=False):
        """Count what is due; unless a dry run, thin it and log the action. Returns the count."""
        queryset = self.due(now or timezone.now())
        with transaction.atomic():
            span = queryset.aggregate(first=Min("pk"), last=Max("pk"))
            count = queryset.count()
            if dry_run or count == 0:
                return count
            self.thin(queryset)
            RetentionAction.objects.create(
                retention_class=self.key,
                object_type=queryset.model._meta.label,
                count=count,
                decision_reference=settings.RETENTION_DECISION_REFERENCE,
                details={"first_id": span["first"], "last_id": span["last"], **self.details()},
            )
        return count


def retention_classes():
    """Every app's retention classes in the order of INSTALLED_APPS, then the portal's own (logins, accounts)."""
    classes = []
    for app_config in apps.get_app_configs():
        declare = getattr(app_config, "retention_classes", None)
        if declare is not None:
            classes.extend(declare())
    return [*classes, *LOGIN_RECORDS, INACTIVE_ACCOUNTS]


def name_of(key):
    """The translated name of a retention class, for the log; the key itself for a class no app declares any more."""
    return next((c.name or c.label for c in retention_classes() if c.key == key), key)


# --- The portal's own class: accounts ----------------------------------------------


def accounts_in_use():
    """Accounts an app still needs (e.g. members of a group, attendees of a meeting): never thinned.

    Each app may list, through ``accounts_in_use()`` in its AppConfig, QuerySets of user ids.
    """
    kept = Q(pk__in=[])
    for app_config in apps.get_app_configs():
        in_use = getattr(app_config, "accounts_in_use", None)
        for user_ids in in_use() if in_use is not None else ():
            kept |= Q(pk__in=user_ids)
    return kept


def inactive_accounts_due(now=None):
    now = now or timezone.now()
    joined_before = now - timedelta(days=settings.RETENTION["unconfirmed_account_days"])
    never_used = Q(last_login__isnull=True, date_joined__lt=joined_before)
    inactive = Q(last_login__lt=months_before(now, settings.RETENTION["inactive_account_months"]))
    return User.objects.residents().filter(never_used | inactive).exclude(accounts_in_use())


def _delete_accounts(due):
    """Each account goes as if its owner had deleted it: every app clears what it holds about them."""
    for user in User.objects.filter(pk__in=list(due.values_list("pk", flat=True))):
        user.delete_account()


INACTIVE_ACCOUNTS = RetentionClass(
    "inactive_accounts",
    "Unconfirmed and inactive accounts deleted",
    inactive_accounts_due,
    _delete_accounts,
    lambda: {
        "unconfirmed_days": settings.RETENTION["unconfirmed_account_days"],
        "inactive_months": settings.RETENTION["inactive_account_months"],
    },
    _("Unconfirmed and inactive accounts"),
)


def delete_inactive_accounts(now=None, dry_run=False):
    """Residents' accounts never used since registration, or unused for a long time. Never staff.

    Their reports stay as records; the link to the account is cleared (SET_NULL).
    """
    return INACTIVE_ACCOUNTS.apply(now, dry_run)


# --- The portal's own class: login records --------------------------------------------------


def login_records_class(model, key, label, name):
    """django-axes keeps logins, failed logins and lockout counters with the email address and IP address."""

    def due(now):
        return model.objects.filter(attempt_time__lt=months_before(now, settings.RETENTION["login_record_months"]))

    return RetentionClass(
        key, label, due, lambda due: due.delete(), lambda: {"months": settings.RETENTION["login_record_months"]}, name
    )


LOGIN_RECORDS = [
    login_records_class(AccessLog, "login_records", "Login records deleted", _("Login records")),
    login_records_class(AccessFailureLog, "failed_login_records", "Failed login records deleted", _("Failed logins")),
    login_records_class(AccessAttempt, "lockout_counters", "Lockout counters deleted", _("Lockout counters")),
]


def delete_login_records(now=None, dry_run=False):
    """Logins, failed logins and lockout counters older than the period. Returns the count over all three."""
    return sum(retention_class.apply(now, dry_run) for retention_class in LOGIN_RECORDS)
