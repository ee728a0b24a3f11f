"""What the dialogue app holds about people, and when it lets go of it.

Declared to the portal through DialogConfig: contact details on feedback go on
the same rule as on reports; free-text survey answers (and the place text of
map questions) are blanked after the analysis period, their themes stay.
Personal invitations (staff members' email addresses) go on the same rule
as free text. Feedback and survey answers are not linked to accounts.
"""

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dialog.models import Answer, Feedback, FeedbackStatus, Invitation, QuestionType
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

RETENTION_CLASSES = [FEEDBACK_CONTACT, SURVEY_FREE_TEXT, SURVEY_INVITATIONS]


def remove_feedback_contacts(now=None, dry_run=False):
    """Contact details on answered or closed feedback, on the same rule as reports."""
    return FEEDBACK_CONTACT.apply(now, dry_run)


def remove_survey_free_text(now=None, dry_run=False):
    """Free-text answers (and the place text of map questions) after the analysis period; themes stay."""
    return SURVEY_FREE_TEXT.apply(now, dry_run)


def delete_survey_invitations(now=None, dry_run=False):
    """Personal invitations to surveys closed longer ago than the analysis period."""
    return SURVEY_INVITATIONS.apply(now, dry_run)
