"""Retention (gallring): each class thins only what is due, never staff, idempotently, with a log."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from dialog.models import Answer, Feedback, FeedbackStatus, Question, QuestionType, Response, Survey, SurveyPage, Theme
from incidents.models import Report, Status
from incidents.tests.conftest import categories, localities, make_report  # noqa: F401
from trygg import roles
from trygg.models import RetentionAction, User
from dialog.personal_data import remove_feedback_contacts, remove_survey_free_text
from incidents.personal_data import remove_report_contacts
from trygg.retention import delete_inactive_accounts, months_before
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

CONTACT = {"contact_name": "Anna Andersson", "contact_email": "anna@example.org", "contact_phone": "070-1234567",
           "consent_given": True}
REFERENCE = "Gallringsbeslut TEST 2025/1"


@pytest.fixture(autouse=True)
def decision(settings, retention_settings):
    settings.RETENTION_DECISION_REFERENCE = REFERENCE


def ago(days):
    return timezone.now() - timedelta(days=days)


def closed_report(make_report, status=Status.RESOLVED, closed_days_ago=400, **fields):
    report = make_report(status=status, **{**CONTACT, **fields})
    Report.objects.filter(pk=report.pk).update(resolved_at=ago(closed_days_ago), updated_at=ago(closed_days_ago))
    return report


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    moment = timezone.now().replace(year=2025, month=3, day=31)
    assert months_before(moment, 1).date().isoformat() == "2025-02-28"
    assert months_before(moment, 12).date().isoformat() == "2024-03-31"
    assert months_before(moment, 15).date().isoformat() == "2023-12-31"


# --- Report contact details ---------------------------------------------------


def test_contact_details_of_reports_closed_long_ago_are_removed(make_report):
    report = closed_report(make_report)
    assert remove_report_contacts() == 1
    report.refresh_from_db()
    contact = (report.contact_name, report.contact_email, report.contact_phone, report.consent_given)
    assert contact == ("", "", "", False)


def test_removing_contact_details_keeps_the_description(make_report):
    report = closed_report(make_report, description="Det här är själva handlingen.")
    remove_report_contacts()
    report.refresh_from_db()
    assert report.description == "Det här är själva handlingen."


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.WITHDRAWN])
def test_every_closed_status_counts_as_closed(make_report, status):
    closed_report(make_report, status=status)
    assert remove_report_contacts() == 1


@pytest.mark.parametrize("status", [Status.NEW, Status.PUBLISHED, Status.IN_PROGRESS])
def test_contact_details_of_open_reports_are_kept_however_old(make_report, status):
    report = closed_report(make_report, status=status)
    assert remove_report_contacts() == 0
    report.refresh_from_db()
    assert report.contact_email == CONTACT["contact_email"]


def test_contact_details_of_recently_closed_reports_are_kept(make_report):
    report = closed_report(make_report, closed_days_ago=300)
    assert remove_report_contacts() == 0
    report.refresh_from_db()
    assert report.contact_email == CONTACT["contact_email"]


def test_rejected_report_uses_its_last_update_as_closing_date(make_report):
    report = make_report(status=Status.REJECTED, **CONTACT)
    assert remove_report_contacts() == 0
    Report.objects.filter(pk=report.pk).update(updated_at=ago(400))
    assert remove_report_contacts() == 1


def test_the_period_comes_from_settings(make_report, settings):
    closed_report(make_report, closed_days_ago=100)
    assert remove_report_contacts() == 0
    settings.RETENTION = {**settings.RETENTION, "report_contact_months": 3}
    assert remove_report_contacts() == 1


def test_report_retention_is_logged_once_with_the_decision_reference(make_report):
    first = closed_report(make_report)
    last = closed_report(make_report)
    remove_report_contacts()
    action = RetentionAction.objects.get()
    assert action.retention_class == "report_contact"
    assert action.object_type == "incidents.Report"
    assert action.count == 2
    assert action.decision_reference == REFERENCE
    assert action.details["first_id"] == first.pk
    assert action.details["last_id"] == last.pk


def test_second_run_does_nothing_and_logs_nothing(make_report):
    closed_report(make_report)
    assert remove_report_contacts() == 1
    assert remove_report_contacts() == 0
    assert RetentionAction.objects.count() == 1


def test_dry_run_counts_but_changes_nothing(make_report):
    report = closed_report(make_report)
    assert remove_report_contacts(dry_run=True) == 1
    report.refresh_from_db()
    assert report.contact_email == CONTACT["contact_email"]
    assert not RetentionAction.objects.exists()


# --- Feedback contact details ---------------------------------------------------


def make_feedback(status, answered_days_ago):
    feedback = Feedback.objects.create(topic="question", text="Varför är det mörkt?", status=status, **CONTACT)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=ago(answered_days_ago + 5))
    if status != FeedbackStatus.NEW:
        Feedback.objects.filter(pk=feedback.pk).update(answered_at=ago(answered_days_ago))
    return feedback


def test_contact_details_of_answered_feedback_are_removed_after_the_period():
    old = make_feedback(FeedbackStatus.ANSWERED_PRIVATELY, 400)
    recent = make_feedback(FeedbackStatus.ANSWERED_PUBLICLY, 30)
    unanswered = make_feedback(FeedbackStatus.NEW, 400)
    assert remove_feedback_contacts() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    unanswered.refresh_from_db()
    assert (old.contact_email, old.contact_name, old.consent_given) == ("", "", False)
    assert old.text == "Varför är det mörkt?"
    assert recent.contact_email == unanswered.contact_email == CONTACT["contact_email"]
    assert RetentionAction.objects.get().object_type == "dialog.Feedback"
    assert remove_feedback_contacts() == 0


def test_closed_feedback_without_answer_date_uses_the_date_received():
    feedback = Feedback.objects.create(topic="question", text="Hej", status=FeedbackStatus.CLOSED, **CONTACT)
    assert remove_feedback_contacts() == 0
    Feedback.objects.filter(pk=feedback.pk).update(created_at=ago(400))
    assert remove_feedback_contacts() == 1


# --- Free-text survey answers ---------------------------------------------------


def make_survey(closed_days_ago):
    survey = Survey.objects.create(
        title="Trygghetsmätning", opens_at=ago(closed_days_ago + 30), closes_at=ago(closed_days_ago)
    )
    page = SurveyPage.objects.create(survey=survey, heading="Sida 1")
    questions = {
        kind: Question.objects.create(survey=survey, page=page, code=kind, type=kind, text=kind)
        for kind in (QuestionType.TEXT, QuestionType.MAP_POINT, QuestionType.NUMBER)
    }
    response = Response.objects.create(survey=survey, is_complete=True)
    answers = {
        QuestionType.TEXT: Answer.objects.create(response=response, question=questions[QuestionType.TEXT],
                                                 text="Min granne Kalle på Storgatan 3 stör."),
        QuestionType.MAP_POINT: Answer.objects.create(response=response, question=questions[QuestionType.MAP_POINT],
                                                      text="Bakom Kalles hus"),
        QuestionType.NUMBER: Answer.objects.create(response=response, question=questions[QuestionType.NUMBER],
                                                   number=3, text="tre"),
    }
    return answers


def test_free_text_answers_are_blanked_after_the_analysis_period_and_themes_kept():
    answers = make_survey(closed_days_ago=800)
    theme = Theme.objects.create(name="Grannar")
    answers[QuestionType.TEXT].themes.add(theme)
    assert remove_survey_free_text() == 2
    for answer in answers.values():
        answer.refresh_from_db()
    assert answers[QuestionType.TEXT].text == ""
    assert answers[QuestionType.MAP_POINT].text == ""
    assert answers[QuestionType.NUMBER].text == "tre"
    assert list(answers[QuestionType.TEXT].themes.all()) == [theme]
    action = RetentionAction.objects.get()
    assert (action.object_type, action.count, action.decision_reference) == ("dialog.Answer", 2, REFERENCE)
    assert remove_survey_free_text() == 0


def test_free_text_of_recently_closed_surveys_is_kept():
    answers = make_survey(closed_days_ago=300)
    assert remove_survey_free_text() == 0
    answers[QuestionType.TEXT].refresh_from_db()
    assert answers[QuestionType.TEXT].text.startswith("Min granne")


# --- Accounts ----------------------------------------------------------------------


def make_resident(email, joined_days_ago, last_login_days_ago=None, **extra):
    user = make_user(email, **extra)
    User.objects.filter(pk=user.pk).update(
        date_joined=ago(joined_days_ago),
        last_login=ago(last_login_days_ago) if last_login_days_ago is not None else None,
    )
    return user


def test_never_used_accounts_are_deleted_after_the_grace_period():
    make_resident("gammal@example.org", joined_days_ago=31)
    make_resident("ny@example.org", joined_days_ago=5)
    assert delete_inactive_accounts() == 1
    assert list(User.objects.values_list("email", flat=True)) == ["ny@example.org"]


def test_long_inactive_accounts_are_deleted_and_active_ones_kept():
    make_resident("borta@example.org", joined_days_ago=2000, last_login_days_ago=365 * 3 + 10)
    make_resident("aktiv@example.org", joined_days_ago=2000, last_login_days_ago=100)
    assert delete_inactive_accounts() == 1
    assert list(User.objects.values_list("email", flat=True)) == ["aktiv@example.org"]
    action = RetentionAction.objects.get()
    assert (action.object_type, action.count, action.decision_reference) == ("trygg.User", 1, REFERENCE)
    assert delete_inactive_accounts() == 0


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_staff_accounts_are_never_deleted(role):
    make_resident(f"{role.lower()}@example.org", joined_days_ago=5000, role=role)
    assert delete_inactive_accounts() == 0


@pytest.mark.parametrize("extra", [{"is_staff": True}, {"is_superuser": True}])
def test_admin_accounts_are_never_deleted(extra):
    make_resident("admin@example.org", joined_days_ago=5000, last_login_days_ago=5000, **extra)
    assert delete_inactive_accounts() == 0


def test_reports_of_deleted_accounts_stay_without_the_link(make_report):
    user = make_resident("borta@example.org", joined_days_ago=2000)
    report = make_report(reporter=user, description="Kvar som handling.")
    delete_inactive_accounts()
    report.refresh_from_db()
    assert report.reporter is None
    assert report.description == "Kvar som handling."


# --- The command -----------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_command_prints_one_line_per_class_and_a_summary(make_report):
    closed_report(make_report)
    closed_report(make_report)
    make_resident("gammal@example.org", joined_days_ago=31)
    output = run()
    assert f"Report contact details removed: 2 ({REFERENCE})" in output
    assert f"Feedback contact details removed: 0 ({REFERENCE})" in output
    assert f"Free-text survey answers blanked: 0 ({REFERENCE})" in output
    assert f"Unconfirmed and inactive accounts deleted: 1 ({REFERENCE})" in output
    assert f"Retention applied: 3 objects thinned under {REFERENCE}." in output
    assert RetentionAction.objects.count() == 2


def test_command_is_idempotent(make_report):
    closed_report(make_report)
    run()
    output = run()
    assert "Retention applied: 0 objects" in output
    assert RetentionAction.objects.count() == 1


def test_command_dry_run_changes_nothing(make_report):
    report = closed_report(make_report)
    make_resident("gammal@example.org", joined_days_ago=31)
    output = run("--dry-run")
    assert f"Would be: Report contact details removed: 1 ({REFERENCE})" in output
    assert "Dry run: 2 objects are due for retention; nothing was changed." in output
    report.refresh_from_db()
    assert report.contact_email == CONTACT["contact_email"]
    assert User.objects.filter(email="gammal@example.org").exists()
    assert not RetentionAction.objects.exists()


# --- Login records (django-axes) and survey invitations ---------------------------------------


def test_login_records_are_deleted_after_the_period(settings):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from trygg.retention import delete_login_records

    settings.RETENTION = {**settings.RETENTION, "login_record_months": 12}
    for days, who in ((400, "gammal@example.org"), (30, "ny@example.org")):
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            extra = {"failures_since_start": 1} if model is AccessAttempt else {}
            record = model.objects.create(username=who, ip_address="192.0.2.7", user_agent="test", **extra)
            model.objects.filter(pk=record.pk).update(attempt_time=ago(days))
    assert delete_login_records() == 3
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["ny@example.org"]
    assert delete_login_records() == 0


def test_survey_invitations_are_deleted_after_the_analysis_period():
    from dialog.models import Invitation
    from dialog.personal_data import delete_survey_invitations

    old = make_survey(closed_days_ago=800)[QuestionType.TEXT].question.survey
    recent = make_survey(closed_days_ago=30)[QuestionType.TEXT].question.survey
    Invitation.objects.create(survey=old, email="inbjuden.gammal@example.org")
    Invitation.objects.create(survey=recent, email="inbjuden.ny@example.org")
    assert delete_survey_invitations() == 1
    assert list(Invitation.objects.values_list("email", flat=True)) == ["inbjuden.ny@example.org"]
    assert delete_survey_invitations() == 0


def test_the_retention_log_names_each_class_in_the_admin_in_swedish(make_report, settings):
    from django.utils import translation

    closed_report(make_report)
    remove_report_contacts()
    action = RetentionAction.objects.get()
    with translation.override("sv"):
        assert str(action) == "Kontaktuppgifter i rapporter: 1"
    assert RetentionAction(retention_class="gone_class", count=0).retention_class_name() == "gone_class"
