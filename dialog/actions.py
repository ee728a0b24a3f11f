"""Workflows of feedback and dialogue activities that touch several models or send mail.

Feedback and concerns become unsafe-place reports only through these
functions, which go through incidents' submit_report (status new, so the
report is moderated like any other) and link the report back, once.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dialog import notifications
from dialog.models import ActivityKind, Concern, Feedback, FeedbackStatus, Participation, WalkPhase
from incidents.actions import submit_report
from incidents.models import Category, Kind, Source, TimeOfDay

FALLBACK_CATEGORY = "otrygg-plats"


class AlreadyReported(ValueError):
    """The feedback or concern already has its report."""


# --- Feedback ---


def submit_feedback(**fields):
    """Store feedback from the public form; a replay of a submission returns the stored one. Returns (feedback, created).

    The form view looks for an earlier submission first, so a replay that gets
    here arrived at the same moment as the first send: the unique submission id
    catches it and both are answered with the one stored.
    """
    submission_id = fields.get("submission_id")
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(**fields)
    except IntegrityError:
        existing = Feedback.objects.filter(submission_id=submission_id).first() if submission_id else None
        if existing:
            return existing, False
        raise
    if feedback.contact_email:
        transaction.on_commit(lambda: notifications.send_feedback_receipt(feedback), robust=True)
    return feedback, True


@transaction.atomic
def answer_publicly(feedback, public_question, answer, by):
    """Shown in the public list with the coordinator's version of the question; the writer is told by mail."""
    feedback.public_question = public_question
    feedback.answer = answer
    feedback.status = FeedbackStatus.ANSWERED_PUBLICLY
    feedback.answered_at = timezone.now()
    feedback.answered_by = by
    feedback.save()
    if feedback.contact_email:
        transaction.on_commit(lambda: notifications.send_feedback_answer(feedback), robust=True)


@transaction.atomic
def answer_privately(feedback, answer, by):
    """Send the answer by email only; nothing is shown in public."""
    if not feedback.contact_email:
        raise ValueError("Feedback without an email address cannot be answered by email.")
    feedback.answer = answer
    feedback.public_question = ""
    feedback.status = FeedbackStatus.ANSWERED_PRIVATELY
    feedback.answered_at = timezone.now()
    feedback.answered_by = by
    feedback.save()
    transaction.on_commit(lambda: notifications.send_feedback_answer(feedback), robust=True)


def tag_feedback(feedback, themes):
    feedback.themes.set(themes)


def flag_for_working_group(feedback, flagged=True):
    feedback.flagged_for_working_group = flagged
    feedback.save(update_fields=["flagged_for_working_group"])


def close_feedback(feedback):
    feedback.status = FeedbackStatus.CLOSED
    feedback.save(update_fields=["status"])


@transaction.atomic
def feedback_to_report(feedback, category, by):
    """An unsafe-place report at the feedback's locality, with its text, for moderation. Never twice."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.report_id:
        raise AlreadyReported("This feedback is already a report.")
    if feedback.locality_id is None:
        raise ValueError("Feedback without a locality cannot become a report.")
    report, _created = submit_report(
        kind=Kind.UNSAFE_PLACE,
        category=category,
        description=feedback.text,
        locality=feedback.locality,
        source=Source.RESIDENT,
    )
    report.add_note(_("Made from feedback received %(date)s.") % {"date": _date(feedback.created_at)}, by=by)
    feedback.report = report
    feedback.save(update_fields=["report"])
    return report


# --- Dialogue activities ---


@transaction.atomic
def save_activity(form, participants_form, concern_formset, by):
    """Save an activity with its participants by group and its concerns (new, changed and removed)."""
    activity = form.save(commit=False)
    if activity.pk is None:
        activity.created_by = by
    activity.save()
    for group, count in participants_form.counts().items():
        if count:
            Participation.objects.update_or_create(activity=activity, group=group, defaults={"count": count})
        else:
            Participation.objects.filter(activity=activity, group=group).delete()
    concern_formset.instance = activity
    concerns = concern_formset.save(commit=False)
    for concern in concern_formset.deleted_objects:
        concern.delete()
    next_order = max((c.order for c in activity.concerns.all()), default=-1) + 1
    for concern in concerns:
        if concern.pk is None:
            concern.order = next_order
            next_order += 1
        concern.save()
    return activity


def report_category_for(concern):
    if concern.category_id:
        return concern.category
    category = Category.objects.active().filter(code=FALLBACK_CATEGORY).first()
    return category or Category.objects.active().filter(kind=Kind.UNSAFE_PLACE).first()


@transaction.atomic
def concern_to_report(concern, by):
    """A report at the concern's point (or the activity's locality), linked back to the concern. Never twice.

    The report's kind follows its category: an unsafe place unless the concern
    was given a category of another kind (graffiti, say).
    """
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.report_id:
        raise AlreadyReported("This concern is already a report.")
    activity = concern.activity
    category = report_category_for(concern)
    if category is None:
        raise ValueError("There is no active unsafe-place category.")
    fields = {
        "kind": category.kind,
        "category": category,
        "description": concern.text,
        "locality": activity.locality,
        "occurred_on": activity.date,
        "source": Source.SAFETY_WALK if activity.kind == ActivityKind.SAFETY_WALK else Source.STAFF,
        "time_of_day": TimeOfDay.EVENING if activity.walk_phase == WalkPhase.DARK else TimeOfDay.UNKNOWN,
        "is_ongoing": category.kind == Kind.UNSAFE_PLACE,
    }
    if concern.latitude is not None:
        fields["latitude"], fields["longitude"] = concern.latitude, concern.longitude
        # The point decides the locality.
        fields["locality"] = None
    else:
        fields["place_description"] = activity.place
    report, _created = submit_report(**fields)
    report.add_note(
        _("Raised at “%(title)s” on %(date)s.") % {"title": activity.title, "date": _date(activity.date)}, by=by
    )
    concern.report = report
    concern.save(update_fields=["report"])
    return report


def _date(value):
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")
