"""What the dialogue app holds about people, and when it lets go of it.

Declared to the portal through DialogConfig: contact details on feedback go on
the same rule as on reports; free-text survey answers (and the place text of
map questions) are blanked after the analysis period, their themes stay.
Personal invitations (staff members' email addresses) go on the same rule
as free text. Sign-ups to public activities (name and e-mail address) are
deleted a month after the activity. Feedback, survey answers and sign-ups are
not linked to accounts.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Answer, Feedback, FeedbackStatus, Invitation, QuestionType, SignUp
from incidents.personal_data import contact_months
from trygg.retention import RetentionClass, months_before

CLOSED_FEEDBACK_STATUSES = [FeedbackStatus.ANSWERED_PUBLICLY, FeedbackStatus.ANSWERED_PRIVATELY, FeedbackStatus.CLOSED]


def feedback_contacts_due(now):
    cutoff = months_before(now, settings.RETENTION["report_contact_months"])
    return (
        Feedback.objects.filter(status__in=CLOSED_FEEDBACK_STATUSES)
        .alias(closed_at=Coalesce("answered_at", "created_at"))
        .filter(closed_at__lt=cutoff)
        .filter(Feedback.HAS_CONTACT)
    )


def survey_free_text_due(now):
    cutoff = months_before(now, settings.RETENTION["survey_free_text_months"])
    return Answer.objects.filter(
        question__type__in=[QuestionType.TEXT, QuestionType.MAP_POINT],
        response__survey__closes_at__lt=cutoff,
    ).exclude(text="")


def survey_invitations_due(now):
    cutoff = months_before(now, settings.RETENTION["survey_free_text_months"])
    return Invitation.objects.filter(survey__closes_at__lt=cutoff)


FEEDBACK_CONTACT = RetentionClass(
    "feedback_contact",
    "Feedback contact details removed",
    feedback_contacts_due,
    lambda due: due.update(**Feedback.NO_CONTACT),
    contact_months,
    _("Feedback contact details"),
)
SURVEY_FREE_TEXT = RetentionClass(
    "survey_free_text",
    "Free-text survey answers blanked",
    survey_free_text_due,
    lambda due: due.update(text=""),
    lambda: {"months": settings.RETENTION["survey_free_text_months"]},
    _("Free-text survey answers"),
)

# Staff members' email addresses on personal invitations: kept while results are analysed (response rates).
SURVEY_INVITATIONS = RetentionClass(
    "survey_invitations",
    "Survey invitations deleted",
    survey_invitations_due,
    lambda due: due.delete(),
    lambda: {"months": settings.RETENTION["survey_free_text_months"]},
    _("Survey invitations"),
)



def activity_signups_due(now):
    cutoff = timezone.localdate(now) - timedelta(days=settings.RETENTION["activity_signup_days"])
    return SignUp.objects.filter(activity__date__lt=cutoff)


ACTIVITY_SIGNUPS = RetentionClass(
    "activity_signups",
    "Sign-ups to dialogue activities deleted",
    activity_signups_due,
    lambda due: due.delete(),
    lambda: {"days": settings.RETENTION["activity_signup_days"]},
    _("Sign-ups to public dialogue activities"),
)

RETENTION_CLASSES = [FEEDBACK_CONTACT, SURVEY_FREE_TEXT, SURVEY_INVITATIONS, ACTIVITY_SIGNUPS]


def remove_feedback_contacts(now=None, dry_run=False):
    """Contact details on answered or closed feedback, on the same rule as reports."""
    return FEEDBACK_CONTACT.apply(now, dry_run)


def remove_survey_free_text(now=None, dry_run=False):
    """Free-text answers (and the place text of map questions) after the analysis period; themes stay."""
    return SURVEY_FREE_TEXT.apply(now, dry_run)


def delete_survey_invitations(now=None, dry_run=False):
    """Personal invitations to surveys closed longer ago than the analysis period."""
    return SURVEY_INVITATIONS.apply(now, dry_run)


def delete_activity_signups(now=None, dry_run=False):
    """Sign-ups to public dialogue activities a month after the activity."""
    return ACTIVITY_SIGNUPS.apply(now, dry_run)
