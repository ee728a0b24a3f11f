"""Workflows that touch several models: a new report with its photos and history."""

from django.db import IntegrityError, transaction

from incidents import notifications
from incidents.models import Report, ReportEvent
from incidents.photos import save_photo


def submit_report(*, photos=(), submission_id=None, **fields):
    """Store a report, its photos and its first history entry, all or nothing.

    A replay of the same submission (double-click, retried request) returns the
    report already stored for that submission id instead of a second one.
    Returns (report, created).
    """
    if submission_id:
        existing = Report.objects.filter(submission_id=submission_id).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            report = Report(submission_id=submission_id, **fields)
            report.save()
            for upload in photos:
                save_photo(report, upload)
            report.record(ReportEvent.Action.CREATED, by=fields.get("reporter"))
    except IntegrityError:
        if submission_id:
            existing = Report.objects.filter(submission_id=submission_id).first()
            if existing:
                return existing, False
        raise
    if report.contact_email:
        transaction.on_commit(lambda: notifications.send_receipt(report))
    return report, True
