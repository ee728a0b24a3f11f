"""What the incidents app holds about people, and how it lets go of it.

Declared to the portal through IncidentsConfig: the retention classes, the
reports section of a user's register extract and what deleting an account
does to that user's reports. Reports are public records (allmänna handlingar):
the description stays; contact details are thinned a set time after the
report was closed.
"""

from django.conf import settings
from django.db.models.functions import Coalesce

from incidents.models import Report, ReportEvent, Status
from trygg.retention import RetentionClass, months_before

CLOSED_REPORT_STATUSES = [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.WITHDRAWN]


def contact_months():
    return {"months": settings.RETENTION["report_contact_months"]}


def closed_reports_before(now):
    """Reports closed longer ago than the contact period."""
    cutoff = months_before(now, settings.RETENTION["report_contact_months"])
    return (
        Report.objects.filter(status__in=CLOSED_REPORT_STATUSES)
        .alias(closed_at=Coalesce("resolved_at", "updated_at"))
        .filter(closed_at__lt=cutoff)
    )


def report_contacts_due(now):
    return closed_reports_before(now).filter(Report.HAS_CONTACT)


REPORT_CONTACT = RetentionClass(
    "report_contact",
    "Report contact details removed",
    report_contacts_due,
    lambda due: due.update(**Report.NO_CONTACT),
    contact_months,
)

RETENTION_CLASSES = [REPORT_CONTACT]


def remove_report_contacts(now=None, dry_run=False):
    """Reporters' contact details, a set time after the report was closed."""
    return REPORT_CONTACT.apply(now, dry_run)


def register_extract(user):
    return {
        "reports": [
            {
                "reference": report.reference,
                "kind": report.kind,
                "category": str(report.category),
                "status": report.status,
                "description": report.description,
                "public_description": report.public_description,
                "place_description": report.place_description,
                "locality": str(report.locality) if report.locality else None,
                "latitude": str(report.latitude) if report.latitude is not None else None,
                "longitude": str(report.longitude) if report.longitude is not None else None,
                "occurred_on": report.occurred_on.isoformat() if report.occurred_on else None,
                "contact_name": report.contact_name,
                "contact_email": report.contact_email,
                "contact_phone": report.contact_phone,
                "consent_given": report.consent_given,
                "received": report.created_at.isoformat(),
                "updated": report.updated_at.isoformat(),
                "resolved": report.resolved_at.isoformat() if report.resolved_at else None,
            }
            for report in user.reports.select_related("category", "locality").order_by("created_at")
        ]
    }


def delete_account(user):
    """The user's reports stay as records, without the link to the account (SET_NULL);
    contact details on reports never published are removed too."""
    for report in user.reports.filter(published_at__isnull=True):
        if report.has_contact or report.consent_given:
            report.clear_contact()
            report.record(ReportEvent.Action.CONTACT_REMOVED, text="The reporter deleted their account.")
