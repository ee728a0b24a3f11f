"""Finding 6: what residents wrote and uploaded goes when a report or account is deleted and under retention,
and the register extract holds all of it."""

import base64
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from incidents.models import Report, ReportEvent, ReportPhoto, SafetyFollowUp, Status
from incidents.photos import save_photo
from incidents.tests.conftest import categories, localities, make_report  # noqa: F401
from incidents.tests.images import jpeg_with_gps
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00"), pytest.mark.usefixtures("retention_settings")]

CONTACT = {"contact_name": "Rut Resident", "contact_email": "rut@example.org", "contact_phone": "070-1112233",
           "consent_given": True}


def ago(days):
    return timezone.now() - timedelta(days=days)


def files_of(photo):
    return [Path(photo.image.path), Path(photo.thumbnail.path)]


def closed_long_ago(report, days=400):
    Report.objects.filter(pk=report.pk).update(status=Status.RESOLVED, resolved_at=ago(days), updated_at=ago(days))
    report.refresh_from_db()
    return report


def reopened_and_followed_up(report):
    """The reporter's own words after the report: a reopening text and a follow-up comment."""
    report.status = Status.RESOLVED
    report.save()
    report.reopen("Lampan är trasig igen, säger grannen Olle.")
    SafetyFollowUp.objects.create(report=report, answer="no", comment="Jag ser fortfarande Olle där.",
                                  answered_at=ago(390))
    return report


# --- Photo files ------------------------------------------------------------------------


def test_deleting_a_report_deletes_its_photo_files(make_report, django_capture_on_commit_callbacks):
    report = make_report()
    photo = save_photo(report, jpeg_with_gps())
    paths = files_of(photo)
    assert all(path.exists() for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not any(path.exists() for path in paths)


def test_photo_files_stay_when_the_deletion_is_rolled_back(make_report, django_capture_on_commit_callbacks):
    report = make_report()
    paths = files_of(save_photo(report, jpeg_with_gps()))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report.delete()
    # Not committed yet: the files are still there until the callbacks run.
    assert all(path.exists() for path in paths)
    assert callbacks


def test_retention_deletes_photos_of_reports_closed_long_ago(make_report, django_capture_on_commit_callbacks):
    from incidents.personal_data import remove_report_photos

    old = make_report()
    old_paths = files_of(save_photo(old, jpeg_with_gps()))
    closed_long_ago(old)
    recent = make_report()
    recent_paths = files_of(save_photo(recent, jpeg_with_gps()))
    closed_long_ago(recent, days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_report_photos() == 1
    assert not ReportPhoto.objects.filter(report=old).exists()
    assert not any(path.exists() for path in old_paths)
    assert ReportPhoto.objects.filter(report=recent).exists()
    assert all(path.exists() for path in recent_paths)
    assert remove_report_photos() == 0


# --- Reopening texts and follow-up comments ------------------------------------------------


def test_retention_blanks_reopening_texts_of_reports_closed_long_ago(make_report):
    from incidents.personal_data import remove_reopening_texts

    report = closed_long_ago(reopened_and_followed_up(make_report()))
    assert remove_reopening_texts() == 1
    event = report.events.get(action=ReportEvent.Action.REOPENED)
    assert event.text == ""
    assert remove_reopening_texts() == 0


def test_retention_blanks_follow_up_comments_and_keeps_the_answer(make_report):
    from incidents.personal_data import remove_follow_up_comments

    report = closed_long_ago(reopened_and_followed_up(make_report()))
    assert remove_follow_up_comments() == 1
    follow_up = SafetyFollowUp.objects.get(report=report)
    assert (follow_up.comment, follow_up.answer) == ("", "no")
    assert remove_follow_up_comments() == 0


def test_open_reports_keep_their_reopening_texts(make_report):
    from incidents.personal_data import remove_reopening_texts

    report = reopened_and_followed_up(make_report())
    Report.objects.filter(pk=report.pk).update(updated_at=ago(800))
    assert remove_reopening_texts() == 0


def test_the_retention_run_prints_what_it_removed_per_class(make_report, django_capture_on_commit_callbacks):
    report = make_report(**CONTACT)
    save_photo(report, jpeg_with_gps())
    closed_long_ago(reopened_and_followed_up(report))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=out)
    lines = out.getvalue().splitlines()
    for line in ("Report contact details removed: 1", "Report photos deleted: 1",
                 "Reopening texts blanked: 1", "Follow-up comments blanked: 1"):
        assert any(printed.startswith(line) for printed in lines), (line, lines)


# --- Account deletion ---------------------------------------------------------------------


def test_deleting_an_account_clears_contact_details_on_its_published_reports(resident, make_report):
    published = make_report(reporter=resident, status=Status.PUBLISHED, published_at=ago(10), **CONTACT)
    resident.delete_account()
    published.refresh_from_db()
    assert (published.contact_name, published.contact_email, published.contact_phone) == ("", "", "")
    assert not published.consent_given
    assert published.events.filter(action=ReportEvent.Action.CONTACT_REMOVED).exists()


def test_no_status_mail_goes_to_a_deleted_account_s_address(resident, coordinator, make_report,
                                                           django_capture_on_commit_callbacks):
    report = make_report(reporter=resident, status=Status.PUBLISHED, published_at=ago(10), **CONTACT)
    resident.delete_account()
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        report.set_status(Status.IN_PROGRESS, by=coordinator)
    assert not [message for message in mail.outbox if "rut@example.org" in message.to]


def test_deleting_an_account_removes_its_words_and_photos_from_its_reports(
    resident, make_report, django_capture_on_commit_callbacks
):
    report = reopened_and_followed_up(make_report(reporter=resident, **CONTACT))
    paths = files_of(save_photo(report, jpeg_with_gps()))
    with django_capture_on_commit_callbacks(execute=True):
        resident.delete_account()
    assert report.events.get(action=ReportEvent.Action.REOPENED).text == ""
    assert SafetyFollowUp.objects.get(report=report).comment == ""
    assert not ReportPhoto.objects.filter(report=report).exists()
    assert not any(path.exists() for path in paths)
    assert Report.objects.filter(pk=report.pk, reporter__isnull=True).exists()


# --- The register extract -----------------------------------------------------------------


def test_the_register_extract_holds_the_history_follow_up_and_photos_of_each_report(resident, make_report):
    report = reopened_and_followed_up(make_report(reporter=resident, **CONTACT))
    photo = save_photo(report, jpeg_with_gps())
    extract = resident.personal_data()["reports"][0]
    texts = [entry["text"] for entry in extract["history"]]
    assert "Lampan är trasig igen, säger grannen Olle." in texts
    assert {"action", "time", "text"} <= set(extract["history"][0])
    assert extract["follow_up"]["comment"] == "Jag ser fortfarande Olle där."
    assert extract["follow_up"]["answer"] == "no"
    [entry] = extract["photos"]
    assert (entry["width"], entry["height"]) == (photo.width, photo.height)
    # The photo itself, as stored (re-encoded without metadata), so the download is complete on its own.
    photo.image.open("rb")
    assert entry["image"] == "data:image/jpeg;base64," + base64.b64encode(photo.image.read()).decode()


def test_the_register_extract_leaves_out_internal_notes_and_who_handled_the_report(
    resident, coordinator, make_report
):
    report = make_report(reporter=resident)
    report.add_note("Intern anteckning om kollegan Berit.", by=coordinator)
    extract = resident.personal_data()["reports"][0]
    assert "Berit" not in str(extract)
    assert coordinator.email not in str(extract)


# --- Photo files left behind before files went with their rows -------------------------------------


def test_retention_deletes_photo_files_no_report_refers_to_any_more(make_report, settings):
    import os

    from incidents.personal_data import delete_orphaned_photo_files

    kept = files_of(save_photo(make_report(), jpeg_with_gps()))
    folder = Path(settings.MEDIA_ROOT) / "reports" / "2025" / "01"
    (folder / "thumbs").mkdir(parents=True)
    orphans = [folder / "gammal.jpg", folder / "thumbs" / "gammal.jpg"]
    fresh = folder / "alldeles-ny.jpg"  # a submission whose row is not committed yet
    for path in (*orphans, fresh):
        path.write_bytes(b"jpeg")
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    for path in (*orphans, *kept):
        os.utime(path, (two_days_ago, two_days_ago))

    assert delete_orphaned_photo_files(dry_run=True) == 2
    assert all(path.exists() for path in orphans)
    assert delete_orphaned_photo_files() == 2
    assert not any(path.exists() for path in orphans)
    assert fresh.exists() and all(path.exists() for path in kept)
    assert delete_orphaned_photo_files() == 0
