"""Retention (gallring): thin personal data under the municipality's retention decision.

Reports are public records (allmänna handlingar) from receipt and may only be
thinned as the retention decision allows. Each function below is one retention
class: it finds what is due, changes it in the database with one query and
logs one ``RetentionAction`` with the count and the decision reference. Each is
idempotent (what has been thinned is no longer due) and returns the count.
With ``dry_run=True`` it only counts.

Report.description is the record itself and is never touched here.
"""

import calendar
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from dialog.models import Answer, Feedback, FeedbackStatus, QuestionType
from governance.models import Attendance
from incidents.models import Report, Status
from trygg.dates import add_months
from trygg.models import RetentionAction, User

CLOSED_REPORT_STATUSES = [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.WITHDRAWN]
CLOSED_FEEDBACK_STATUSES = [FeedbackStatus.ANSWERED_PUBLICLY, FeedbackStatus.ANSWERED_PRIVATELY, FeedbackStatus.CLOSED]
HAS_CONTACT = Q(contact_name__gt="") | Q(contact_email__gt="") | Q(contact_phone__gt="") | Q(consent_given=True)
NO_CONTACT = {"contact_name": "", "contact_email": "", "contact_phone": "", "consent_given": False}


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the last day if that month is shorter)."""
    return add_months(moment, -months)


def _apply(retention_class, queryset, change, dry_run, details=None):
    """Count what is due; unless a dry run, change it and log the action. Returns the count."""
    with transaction.atomic():
        span = queryset.aggregate(first=Min("pk"), last=Max("pk"))
        count = queryset.count()
        if dry_run or count == 0:
            return count
        change(queryset)
        RetentionAction.objects.create(
            retention_class=retention_class,
            object_type=queryset.model._meta.label,
            count=count,
            decision_reference=settings.RETENTION_DECISION_REFERENCE,
            details={"first_id": span["first"], "last_id": span["last"], **(details or {})},
        )
    return count


def report_contacts_due(now=None):
    cutoff = months_before(now or timezone.now(), settings.RETENTION["report_contact_months"])
    return (
        Report.objects.filter(status__in=CLOSED_REPORT_STATUSES)
        .alias(closed_at=Coalesce("resolved_at", "updated_at"))
        .filter(closed_at__lt=cutoff)
        .filter(HAS_CONTACT)
    )


def remove_report_contacts(now=None, dry_run=False):
    """Reporters' contact details, a set time after the report was closed."""
    return _apply(
        RetentionAction.RetentionClass.REPORT_CONTACT,
        report_contacts_due(now),
        lambda due: due.update(**NO_CONTACT),
        dry_run,
        {"months": settings.RETENTION["report_contact_months"]},
    )


def feedback_contacts_due(now=None):
    cutoff = months_before(now or timezone.now(), settings.RETENTION["report_contact_months"])
    return (
        Feedback.objects.filter(status__in=CLOSED_FEEDBACK_STATUSES)
        .alias(closed_at=Coalesce("answered_at", "created_at"))
        .filter(closed_at__lt=cutoff)
        .filter(HAS_CONTACT)
    )


def remove_feedback_contacts(now=None, dry_run=False):
    """Contact details on answered or closed feedback, on the same rule as reports."""
    return _apply(
        RetentionAction.RetentionClass.FEEDBACK_CONTACT,
        feedback_contacts_due(now),
        lambda due: due.update(**NO_CONTACT),
        dry_run,
        {"months": settings.RETENTION["report_contact_months"]},
    )


def survey_free_text_due(now=None):
    cutoff = months_before(now or timezone.now(), settings.RETENTION["survey_free_text_months"])
    return Answer.objects.filter(
        question__type__in=[QuestionType.TEXT, QuestionType.MAP_POINT],
        response__survey__closes_at__lt=cutoff,
    ).exclude(text="")


def remove_survey_free_text(now=None, dry_run=False):
    """Free-text answers (and the place text of map questions) after the analysis period; themes stay."""
    return _apply(
        RetentionAction.RetentionClass.SURVEY_FREE_TEXT,
        survey_free_text_due(now),
        lambda due: due.update(text=""),
        dry_run,
        {"months": settings.RETENTION["survey_free_text_months"]},
    )


def inactive_accounts_due(now=None):
    now = now or timezone.now()
    joined_before = now - timedelta(days=settings.RETENTION["unconfirmed_account_days"])
    never_used = Q(last_login__isnull=True, date_joined__lt=joined_before)
    inactive = Q(last_login__lt=months_before(now, settings.RETENTION["inactive_account_months"]))
    return (
        User.objects.residents()
        .filter(never_used | inactive)
        .filter(memberships__isnull=True)
        .exclude(pk__in=Attendance.objects.values("user"))
    )


def delete_inactive_accounts(now=None, dry_run=False):
    """Residents' accounts never used since registration, or unused for a long time. Never staff.

    Their reports stay as records; the link to the account is cleared (SET_NULL).
    """
    return _apply(
        RetentionAction.RetentionClass.INACTIVE_ACCOUNTS,
        inactive_accounts_due(now),
        lambda due: User.objects.filter(pk__in=list(due.values_list("pk", flat=True))).delete(),
        dry_run,
        {
            "unconfirmed_days": settings.RETENTION["unconfirmed_account_days"],
            "inactive_months": settings.RETENTION["inactive_account_months"],
        },
    )


# In the order the command runs them, with the line it prints.
RETENTION_CLASSES = [
    (remove_report_contacts, "Report contact details removed"),
    (remove_feedback_contacts, "Feedback contact details removed"),
    (remove_survey_free_text, "Free-text survey answers blanked"),
    (delete_inactive_accounts, "Unconfirmed and inactive accounts deleted"),
]
