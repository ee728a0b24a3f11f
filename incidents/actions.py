"""Workflows that touch several models: a new report with its photos and history."""

from django.db import IntegrityError, transaction

from incidents import notifications
from incidents.models import Report, ReportEvent
from incidents.photos import files_removed_on_failure, save_photo


def submit_report(*, photos=(), submission_id=None, history_text="", **fields):
    """Store a report, its photos and its first history entry, all or nothing.

    A replay of the same submission (double-click, retried request) returns the
    report already stored for that submission id instead of a second one, also
    when both arrive at the same moment (the id is unique in the database).
    Photo files written during a transaction that fails (the database went
    away, a concurrent replay won) are deleted again; call it outside any
    other transaction when it stores photos, so that its commit is the real one.
    ``history_text`` goes on the first history entry, for staff.
    Returns (report, created).
    """
    # Callers look for an earlier submission first (the form view, the Open311 view), so a
    # replay that gets here is a concurrent one: the unique submission id catches it below.
    stored_files = []
    try:
        with files_removed_on_failure(stored_files), transaction.atomic():
            report = Report(submission_id=submission_id, **fields)
            report.save()
            for upload in photos:
                save_photo(report, upload, stored_files=stored_files)
            report.record(ReportEvent.Action.CREATED, by=fields.get("reporter"), text=history_text)
    except IntegrityError:
        if submission_id:
            existing = Report.objects.filter(submission_id=submission_id).first()
            if existing:
                return existing, False
        raise
    if report.contact_email:
        transaction.on_commit(lambda: notifications.send_receipt(report), robust=True)
    return report, True
