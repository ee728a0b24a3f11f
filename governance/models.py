"""The partnership's governance: agreement, groups, meetings, decisions, measures, promises.

governance may read incidents and dialog; nothing imports governance.

Minutes are adjusted (justeras) the way a municipality does it: a meeting has a
secretary and one or two adjusters from the group. The secretary (or a
coordinator) sends the held meeting's minutes for adjustment, which freezes
them as a new MinutesVersion; each adjuster approves that version in the
portal; when all have, the version is adjusted and the minutes are locked. A
correction of adjusted minutes is a new version that the adjusters adjust
again. A meeting without adjusters is approved directly by a coordinator, as
before. Each of these steps is a Meeting method that checks, saves and writes
the history in one transaction.
"""

import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Feedback, Survey
from incidents.models import (
    Category,
    Kind,
    Locality,
    Organisation,
    coordinates_constraint,
    latitude_field,
    longitude_field,
)
from trygg import roles


class StaleEdit(Exception):
    """Someone else saved the object since this edit began (optimistic locking on ``version``).

    Raised by every ``save_edit``; str() is a message for the user, which the view shows as a form error (409).
    """


class ChangeRecord(models.Model):
    """History of meetings, decisions and measures: who changed what, when."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=50)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    @classmethod
    def record(cls, obj, actor, action, changes=None):
        from django.contrib.contenttypes.models import ContentType

        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, actor=actor, action=action,
            changes=changes or {},
        )

    @classmethod
    def for_object(cls, obj):
        from django.contrib.contenttypes.models import ContentType

        return cls.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


# --- The agreement and its groups -------------------------------------------------


class Agreement(models.Model):
    """The cooperation agreement (samverkansöverenskommelse) between the parties."""

    title = models.CharField(_("title"), max_length=200)
    parties = models.CharField(_("parties"), max_length=300, help_text=_("For example: Tjörns kommun and Polisen."))
    signed_on = models.DateField(_("signed"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    purpose = models.TextField(_("purpose"))

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_valid_until_after_from",
            )
        ]

    def __str__(self):
        return self.title


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="agreements/", blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")
    OTHER = "other", _("Other group")


class Group(models.Model):
    """A group of the partnership, at least the steering group and the working group."""

    agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="groups")
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def current_members(self, on=None):
        on = on or timezone.localdate()
        return self.memberships.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    CO_OPTED = "co_opted", _("Co-opted")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    organisation_name = models.CharField(
        _("name of the organisation"), max_length=200, blank=True, help_text=_("For other actors, e.g. a housing company.")
    )
    role = models.CharField(_("role in the group"), max_length=15, choices=GroupRole.choices, default=GroupRole.MEMBER)
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="membership_ends_after_start"
            )
        ]


# --- Meetings ---------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    ADJUSTING = "adjusting", _("Minutes awaiting adjustment")
    APPROVED = "approved", _("Minutes approved")


# The minutes of a meeting in one of these statuses are frozen: nothing of the meeting changes but by a correction.
LOCKED_STATUSES = (MeetingStatus.ADJUSTING, MeetingStatus.APPROVED)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, days=14):
        """Planned meetings that start within ``days`` days from now."""
        now = timezone.now()
        return self.filter(status=MeetingStatus.PLANNED, starts_at__gte=now, starts_at__lte=now + timezone.timedelta(days=days))

    def to_adjust_by(self, user):
        """Meetings whose minutes await ``user``'s adjustment (they are an adjuster and have not approved yet)."""
        if not user.is_authenticated:
            return self.none()
        approved = MinutesApproval.objects.filter(
            version__meeting=models.OuterRef("pk"), version__adjusted_at__isnull=True, adjuster=user
        )
        return self.filter(status=MeetingStatus.ADJUSTING, adjusters=user).exclude(models.Exists(approved))

    def to_send_for_adjustment_by(self, secretary):
        """Held meetings with adjusters whose minutes ``secretary`` has yet to send for adjustment."""
        if not secretary.is_authenticated:
            return self.none()
        return self.filter(status=MeetingStatus.HELD, secretary=secretary, adjusters__isnull=False).distinct()

    def with_public_minutes(self):
        """Meetings whose adjusted minutes hold public decisions: their public parts are published."""
        return self.filter(
            models.Exists(MinutesVersion.objects.filter(meeting=models.OuterRef("pk"), adjusted_at__isnull=False)),
            models.Exists(Decision.objects.filter(meeting=models.OuterRef("pk"), is_public=True)),
        )


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start time"))
    ends_at = models.DateTimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("secretary"), help_text=_("Writes the minutes and sends them for adjustment."),
    )
    adjusters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_to_adjust", verbose_name=_("adjusters"),
        help_text=_("One or two members of the group who adjust (approve) the minutes in the portal."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(db_default=Now())

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]
        indexes = [models.Index(fields=["group", "starts_at"]), models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    @property
    def minutes_are_locked(self):
        return self.status in LOCKED_STATUSES

    # --- meetings ---

    StaleEdit = StaleEdit

    class Refused(Exception):
        """A change the meeting's status or time does not allow; str() is a message for the user."""

    @property
    def is_in_future(self):
        return self.starts_at > timezone.now()

    @property
    def uid(self):
        """A stable identifier for calendars (RFC 5545 UID)."""
        return f"meeting-{self.pk}@trygg-pa-tjorn"

    def save_edit(self, by, expected_version, changes, adjusters=None):
        """Save an edit made from version expected_version and record ``changes``; StaleEdit if the meeting
        has moved on since. The version is checked and bumped in one UPDATE, with the history in the same
        transaction. ``adjusters``, when given, replaces the meeting's adjusters."""
        with transaction.atomic():
            updated = Meeting.objects.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1,
                **{field: getattr(self, field)
                   for field in ("group", "title", "starts_at", "ends_at", "place", "video_link", "secretary")},
            )
            if not updated:
                raise StaleEdit(_(
                    "Someone else changed this meeting while you were editing it. "
                    "Reload the page and make your change again."
                ))
            self.version = expected_version + 1
            if adjusters is not None:
                self.adjusters.set(adjusters)
            if changes:
                ChangeRecord.record(self, by, "changed", changes)

    def bump_version(self):
        Meeting.objects.filter(pk=self.pk).update(version=F("version") + 1)
        self.version += 1

    def check_minutes_can_be_written(self):
        if self.status == MeetingStatus.ADJUSTING:
            raise Meeting.Refused(_("The minutes are with the adjusters and can no longer be edited."))
        if self.minutes_are_locked:
            raise Meeting.Refused(_("The minutes are approved and can no longer be edited. Record a correction instead."))
        if self.status == MeetingStatus.PLANNED and self.is_in_future:
            raise Meeting.Refused(_("Minutes cannot be written for a meeting that has not taken place yet."))

    def write_minutes(self, item, text, by):
        self.check_minutes_can_be_written()
        if item.minutes != text:
            ChangeRecord.record(self, by, "minutes", {f"minutes: {item.title}": [item.minutes, text]})
            item.minutes = text
            item.save(update_fields=["minutes"])
            self.bump_version()

    def mark_held(self, by):
        if self.status != MeetingStatus.PLANNED:
            raise Meeting.Refused(_("Only a planned meeting can be marked as held."))
        if self.is_in_future:
            raise Meeting.Refused(_("A meeting that starts in the future cannot be marked as held."))
        self._set_status(MeetingStatus.HELD, by)

    def minutes_content(self):
        return [
            {"pk": item.pk, "order": item.order, "title": item.title, "presenter": item.presenter, "minutes": item.minutes}
            for item in self.agenda_items.all()
        ]

    @transaction.atomic
    def approve_minutes(self, by):
        """Approve the minutes directly: for a meeting without adjusters."""
        if self.status != MeetingStatus.HELD:
            raise Meeting.Refused(_("Only the minutes of a held meeting can be approved."))
        if self.adjusters.exists():
            raise Meeting.Refused(_("This meeting has adjusters: send the minutes for adjustment instead."))
        version = MinutesVersion.objects.create(
            meeting=self, number=1, content=self.minutes_content(), approved_by=by, adjusted_at=timezone.now()
        )
        self._set_status(MeetingStatus.APPROVED, by)
        return version

    # --- adjustment (justering) ---

    def may_send_for_adjustment(self, user):
        """The secretary and the coordinators write the minutes and send them for adjustment."""
        return user.is_authenticated and (user.pk == self.secretary_id or user.has_perm("governance.change_meeting"))

    may_write_minutes = may_send_for_adjustment

    def is_adjuster(self, user):
        return user.is_authenticated and self.adjusters.filter(pk=user.pk).exists()

    @transaction.atomic
    def send_for_adjustment(self, by):
        """Freeze the held meeting's minutes as a new version for the adjusters to approve."""
        if not self.may_send_for_adjustment(by):
            raise Meeting.Refused(_("Only the meeting's secretary or a coordinator sends the minutes for adjustment."))
        locked = Meeting.objects.select_for_update().get(pk=self.pk)
        if locked.status != MeetingStatus.HELD:
            raise Meeting.Refused(_("Only the minutes of a held meeting are sent for adjustment."))
        adjusters = list(self.adjusters.all())
        if self.secretary_id is None or not adjusters:
            raise Meeting.Refused(_("Choose a secretary and one or two adjusters first (Edit the meeting)."))
        number = (self.minutes_versions.aggregate(n=models.Max("number"))["n"] or 0) + 1
        version = MinutesVersion.objects.create(
            meeting=self, number=number, content=self.minutes_content(), approved_by=by
        )
        self._set_status(MeetingStatus.ADJUSTING, by)
        ChangeRecord.record(self, by, "sent for adjustment", {
            "adjusters": [None, sorted(str(user) for user in adjusters)]})
        # A mail server that is down must not undo the step: the start page shows it to the adjusters anyway.
        transaction.on_commit(lambda: self.mail_adjusters(adjusters), robust=True)
        return version

    def mail_adjusters(self, adjusters):
        from django.urls import reverse

        from trygg.mail import absolute_url, send

        url = absolute_url(reverse("governance:meeting_detail", args=[self.pk]))
        for adjuster in adjusters:
            if adjuster.email:
                send("governance/email/minutes_to_adjust", adjuster.email, {"meeting": self, "url": url})

    @transaction.atomic
    def withdraw_from_adjustment(self, by):
        """Take the pending version back from the adjusters: to fix the minutes or change an adjuster.

        The version and its approvals go; the meeting is held again (or, for a correction, its adjusted
        minutes stand as they were)."""
        if not self.may_send_for_adjustment(by):
            raise Meeting.Refused(_("Only the meeting's secretary or a coordinator sends the minutes for adjustment."))
        locked = Meeting.objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        version = self.pending_minutes
        if version is None:
            raise Meeting.Refused(_("The minutes are not awaiting adjustment."))
        number = version.number
        version.delete()
        self._set_status(MeetingStatus.APPROVED if self.adjusted_minutes else MeetingStatus.HELD, by)
        ChangeRecord.record(self, by, "withdrawn from adjustment", {"minutes version": number})

    @transaction.atomic
    def attach_document(self, document, by):
        """Attach an unsaved MeetingDocument (its file checked by DocumentForm), recorded in the history."""
        document.meeting = self
        document.uploaded_by = by
        document.save()
        ChangeRecord.record(self, by, "document added", {"item": document.title})
        return document

    @property
    def pending_minutes(self):
        """The version the adjusters are asked to approve, if any."""
        if self.status != MeetingStatus.ADJUSTING:
            return None
        return self.minutes_versions.filter(adjusted_at__isnull=True).order_by("-number").first()

    @property
    def adjusted_minutes(self):
        """The latest adjusted (or directly approved) version: what the minutes say."""
        return self.minutes_versions.filter(adjusted_at__isnull=False).order_by("-number").first()

    @transaction.atomic
    def adjust_minutes(self, by):
        """One adjuster approves the pending version; when all have, it is adjusted and the minutes locked."""
        if not self.is_adjuster(by):
            raise Meeting.Refused(_("Only the meeting's adjusters adjust its minutes."))
        locked = Meeting.objects.select_for_update().get(pk=self.pk)  # adjusters approving at once: one at a time
        self.status = locked.status
        version = self.pending_minutes
        if version is None:
            raise Meeting.Refused(_("The minutes are not awaiting adjustment."))
        if version.approvals.filter(adjuster=by).exists():
            raise Meeting.Refused(_("You have already adjusted these minutes."))
        MinutesApproval.objects.create(version=version, adjuster=by)
        ChangeRecord.record(self, by, "adjuster approved", {"minutes version": version.number})
        if not self.adjusters.exclude(pk__in=version.approvals.values("adjuster")).exists():
            version.adjusted_at = timezone.now()
            version.save(update_fields=["adjusted_at"])
            self._set_status(MeetingStatus.APPROVED, by)
        return version

    @transaction.atomic
    def correct_minutes(self, by, reason, changes):
        """Record a correction of approved minutes as a new version; changes maps agenda item pk to new minutes.

        A meeting with adjusters sends the corrected version to them: it is adjusted again before it counts."""
        if self.status != MeetingStatus.APPROVED:
            raise Meeting.Refused(_("Only approved minutes are corrected; edit the minutes directly until they are approved."))
        if not reason.strip():
            raise Meeting.Refused(_("Give a reason for the correction."))
        latest = self.minutes_versions.order_by("-number").first()
        content = [dict(entry) for entry in latest.content]
        items = {item.pk: item for item in self.agenda_items.all()}
        recorded = {}
        for pk, text in changes.items():
            item = items.get(int(pk))
            if item is None:
                raise Meeting.Refused(_("The agenda item belongs to another meeting."))
            for entry in content:
                if entry.get("pk") == item.pk:
                    if entry["minutes"] != text:
                        recorded[f"minutes: {item.title}"] = [entry["minutes"], text]
                    entry["minutes"] = text
        if not recorded:
            raise Meeting.Refused(_("The correction changes nothing."))
        readjust = self.adjusters.exists()
        version = MinutesVersion.objects.create(
            meeting=self, number=latest.number + 1, content=content, reason=reason, approved_by=by,
            adjusted_at=None if readjust else timezone.now(),
        )
        ChangeRecord.record(self, by, "corrected", {"minutes version": [latest.number, version.number], **recorded})
        if readjust:
            self._set_status(MeetingStatus.ADJUSTING, by)
        else:
            self.bump_version()
        return version

    def _set_status(self, status, by):
        old = self.status
        self.status = status
        Meeting.objects.filter(pk=self.pk).update(status=status, version=F("version") + 1)
        self.version += 1
        ChangeRecord.record(self, by, "status", {"status": [old, status]})

    @property
    def current_minutes(self):
        return self.minutes_versions.order_by("-number").first()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes on the agenda"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # Evidence: a filter of the incidents list (query string), surveys, feedback, earlier decisions.
    incident_filter = models.CharField(_("incident filter"), max_length=500, blank=True)
    surveys = models.ManyToManyField(Survey, blank=True, related_name="+", verbose_name=_("surveys"))
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="+", verbose_name=_("feedback"))
    earlier_decisions = models.ManyToManyField(
        "Decision", blank=True, related_name="cited_in", verbose_name=_("earlier decisions")
    )
    situation_reports = models.ManyToManyField(
        "SituationReport", blank=True, related_name="agenda_items", verbose_name=_("situation reports")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]


class MinutesVersion(models.Model):
    """Minutes, frozen: sent for adjustment, adjusted or approved. A correction after approval is a new version.

    ``approved_by``/``approved_at`` say who froze the version and when (the coordinator who approved it, or
    the secretary who sent it for adjustment); ``adjusted_at`` is set when it counts: at once for a direct
    approval, when the last adjuster has approved for a meeting with adjusters.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text=_("The agenda items and their minutes as approved."))
    reason = models.TextField(_("reason for the correction"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(db_default=Now())
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique")]

    @property
    def is_adjusted(self):
        return self.adjusted_at is not None

    def adjusted_by(self):
        """The adjusters who approved this version, in the order they did (reads prefetched approvals)."""
        approvals = sorted(self.approvals.all(), key=lambda approval: (approval.approved_at, approval.pk))
        return [approval.adjuster for approval in approvals if approval.adjuster is not None]

    @property
    def adjusted_by_text(self):
        """ "Anna Andersson and Bo Berg": the adjusters' names for the adjustment statement."""
        names = [str(user) for user in self.adjusted_by()]
        if len(names) > 1:
            return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
        return names[0] if names else ""


class MinutesApproval(models.Model):
    """One adjuster's approval (justering) of one minutes version: who and when."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="approvals")
    adjuster = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(_("adjusted"), db_default=Now())

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["approved_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "adjuster"], name="one_approval_per_adjuster")]


# --- Documents attached to a meeting (agenda papers, underlag) ------------------------------------


def document_path(document, filename):
    """A name nobody can guess, with the file's own extension: meetings/<random>.<ext>."""
    extension = os.path.splitext(filename)[1].lower()
    return f"meetings/{secrets.token_urlsafe(24)}{extension}"


class MeetingDocument(models.Model):
    """A file attached to a meeting. Served only through the portal's views: to those who may see the
    meeting, and to everyone only when it is marked public and the meeting's minutes are public."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(
        _("public with the minutes"), default=False,
        help_text=_("Shown on the public minutes page, if the minutes hold public decisions."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @transaction.atomic
    def delete_by(self, by):
        """Delete the document and, once committed, its file; recorded in the meeting's history."""
        ChangeRecord.record(self.meeting, by, "document deleted", {"document": [self.title, None]})
        name, storage = self.file.name, self.file.storage
        self.delete()
        transaction.on_commit(lambda: storage.delete(name), robust=True)


# --- Calendar feeds to subscribe to -----------------------------------------------------------------


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address of one group's meeting calendar for one user, which a calendar app subscribes
    to without logging in. Making a new address revokes the old one; the feed answers only while its
    owner is active and may see meetings."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="one_calendar_feed_per_user_and_group")]

    @classmethod
    def renew(cls, user, group):
        """A new secret address for ``user`` and ``group``; the old one stops working at once."""
        feed, created = cls.objects.get_or_create(user=user, group=group)
        if not created:
            feed.token = new_feed_token()
            feed.created_at = timezone.now()
            feed.save(update_fields=["token", "created_at"])
        return feed

    @classmethod
    def revoke(cls, user, group):
        return cls.objects.filter(user=user, group=group).delete()[0] > 0

    @classmethod
    def active(cls, token):
        """The feed of a token, if it still works; None otherwise."""
        feed = cls.objects.select_related("user", "group").filter(token=token).first()
        if feed is None or not feed.user.is_active or not feed.user.has_perm("governance.view_meeting"):
            return None
        return feed


# --- Decisions --------------------------------------------------------------------


class DecisionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("agenda item")
    )
    text = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"), blank=True)
    text_en = models.TextField(_("English version of the decision (optional)"), blank=True)
    rationale_en = models.TextField(_("English version of the rationale (optional)"), blank=True)
    decided_by = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("decided by"))
    responsible_organisation = models.CharField(
        _("responsible party"), max_length=20, choices=Organisation.choices, blank=True
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("responsible person"),
    )
    is_public = models.BooleanField(_("public"), default=False)
    incident_filter = models.CharField(_("incident filter"), max_length=500, blank=True)
    surveys = models.ManyToManyField(Survey, blank=True, related_name="+", verbose_name=_("surveys"))
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="+", verbose_name=_("feedback"))
    situation_reports = models.ManyToManyField(
        "SituationReport", blank=True, related_name="decisions", verbose_name=_("situation reports")
    )
    created_at = models.DateTimeField(db_default=Now())

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__starts_at", "pk"]
        indexes = [models.Index(fields=["is_public", "created_at"])]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.meeting_id and self.meeting.status == MeetingStatus.PLANNED:
            raise ValidationError(_("A decision can only be recorded for a meeting that has been held."))
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(_("The agenda item belongs to another meeting."))


# --- Measures ---------------------------------------------------------------------


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Carried out")
    EVALUATED = "evaluated", _("Evaluated")
    CANCELLED = "cancelled", _("Cancelled")


class ProgressMode(models.TextChoices):
    """How a measure's progress is told: a percentage people report, or the share of its milestones done."""

    PERCENT = "percent", _("Reported percentage")
    MILESTONES = "milestones", _("Derived from milestones")


# A measure in one of these statuses has been carried out: its progress must be 100 %.
FINISHED_STATUSES = (MeasureStatus.DONE, MeasureStatus.EVALUATED)


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[MeasureStatus.PLANNED, MeasureStatus.ONGOING])

    def overdue(self, today=None):
        return self.active().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, days=14, today=None):
        today = today or timezone.localdate()
        return self.active().filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=days))

    def editable_by(self, user):
        """The measures ``user`` may edit and report progress on (trygg.roles.MEASURE_EDIT_SCOPES)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        owners, own_responsibility = roles.measure_owners_editable_by(user)
        condition = Q(owner_organisation__in=owners)
        if own_responsibility:
            condition |= Q(responsible_person=user)
        return self.filter(condition)


class Measure(models.Model):
    """A concrete action against a problem, with owner, deadline, status and follow-up."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    title_en = models.CharField(_("English version of the title (optional)"), max_length=200, blank=True)
    description_en = models.TextField(_("English version of the description (optional)"), blank=True)
    kind = models.CharField(_("kind of problem"), max_length=20, choices=Kind.choices, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("locality")
    )
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    radius_metres = models.PositiveIntegerField(_("radius of the area (m)"), null=True, blank=True)
    when = models.CharField(_("when"), max_length=200, blank=True, help_text=_("For example: weekend nights."))
    owner_organisation = models.CharField(_("owner"), max_length=20, choices=Organisation.choices)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures",
        verbose_name=_("responsible person"),
    )
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    progress_mode = models.CharField(
        _("progress is"), max_length=10, choices=ProgressMode.choices, default=ProgressMode.PERCENT,
        help_text=_("Either the percentage people report, or the share of the milestones that are done."),
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures",
        verbose_name=_("decision"),
    )
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What in the problem picture led to it."))
    # What the measure answers: reports from residents or the police, and priority problems of situation reports.
    reports = models.ManyToManyField(
        "incidents.Report", blank=True, related_name="measures", verbose_name=_("reports it answers")
    )
    problems = models.ManyToManyField(
        "PriorityProblem", blank=True, related_name="measures", verbose_name=_("priority problems it answers")
    )
    incident_filter = models.CharField(_("incident filter"), max_length=500, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    # Effect follow-up: control areas for the difference-in-differences (default: the rest of the municipality).
    control_locality_near = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("neighbouring control locality"),
    )
    control_locality_far = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("distant control locality"),
    )
    reminded_for_due_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "pk"]
        permissions = [
            ("change_police_measure", _("Can edit police-owned measures")),
            ("change_own_measure", _("Can edit measures of their own organisation or responsibility")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("starts_on")), name="measure_due_after_start"),
            coordinates_constraint("measure_coordinates_in_range", nullable=True),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner_organisation", "status"]),
            models.Index(fields=["locality", "status"]),
        ]

    def __str__(self):
        return self.title

    # --- progress ---
    # Progress is told one way per measure (progress_mode), never mixed: "3 of 4 milestones done (75 %)"
    # or "Reported: 40 %". A measure is carried out or evaluated only at 100 %.

    def _progress(self):
        """(percent, milestones done, milestones in all); reads prefetched milestones and reports when there are."""
        if self.pk is None:
            return 0, 0, 0
        if self.progress_mode == ProgressMode.MILESTONES:
            milestones = list(self.milestones.all())
            done = sum(1 for m in milestones if m.done_on)
            return (round(100 * done / len(milestones)) if milestones else 0), done, len(milestones)
        reports = [r for r in self.progress_reports.all() if r.percent is not None]
        latest = max(reports, key=lambda r: (r.date, r.pk), default=None)
        return (latest.percent if latest else 0), None, None

    @property
    def progress_percent(self):
        return self._progress()[0]

    current_progress_percent = progress_percent

    @property
    def progress_from_milestones(self):
        return self.progress_mode == ProgressMode.MILESTONES

    @property
    def progress_summary(self):
        """Progress as shown to people, saying where the figure comes from."""
        percent, done, total = self._progress()
        if self.progress_mode == ProgressMode.MILESTONES:
            if not total:
                return _("No milestones yet (0 %)")
            return _("%(done)d of %(total)d milestones done (%(percent)d %%)") % {
                "done": done, "total": total, "percent": percent}
        return _("Reported: %(percent)d %%") % {"percent": percent}

    def clean(self):
        super().clean()
        if self.status in FINISHED_STATUSES:
            percent = self.progress_percent
            if percent < 100:
                status = MeasureStatus(self.status).label
                raise ValidationError({"status": (
                    _("The measure cannot be “%(status)s” while its progress is %(percent)d %%. "
                      "Mark all its milestones as done first.")
                    if self.progress_mode == ProgressMode.MILESTONES else
                    _("The measure cannot be “%(status)s” while its progress is %(percent)d %%. "
                      "Report progress of 100 %% first.")
                ) % {"status": status, "percent": percent}})

    # --- measures ---
    # Fields a coordinator or police liaison edits in the portal, and the ones the history compares.
    TRACKED_FIELDS = [
        "title", "title_en", "description", "description_en", "kind", "category", "locality", "latitude", "longitude",
        "radius_metres", "when", "owner_organisation", "responsible_person", "starts_on", "due_on", "completed_on",
        "status", "progress_mode", "decision", "evidence", "incident_filter", "evaluation", "control_locality_near",
        "control_locality_far",
    ]

    def can_edit(self, user):
        """Whether ``user`` may edit this measure and report its progress: by its owner (trygg.roles.MEASURE_EDIT_SCOPES).

        Police-owned measures are the police liaisons', the municipality's and other actors' the coordinators';
        working-group members edit those of their own organisation; everyone who may edit measures at all
        edits those they are responsible for.
        """
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        owners, own_responsibility = roles.measure_owners_editable_by(user)
        if self.owner_organisation in owners:
            return True
        return own_responsibility and self.responsible_person_id is not None and self.responsible_person_id == user.pk

    @property
    def has_place(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def point(self):
        """(latitude, longitude, at_locality): the measure's own point, else the centre of its locality; None
        without either. ``at_locality`` says the point stands for the whole locality, not a spot in it."""
        if self.has_place:
            return self.latitude, self.longitude, False
        if self.locality_id is not None:
            return self.locality.latitude, self.locality.longitude, True
        return None

    def changes_since(self, version):
        """The recorded edits made after ``version`` (for the edit-conflict message)."""
        return [
            record for record in ChangeRecord.for_object(self).select_related("actor")
            if record.changes.get("version", [0])[0] >= version
        ]

    def is_overdue(self, today=None):
        active = self.status in (MeasureStatus.PLANNED, MeasureStatus.ONGOING)
        return active and self.due_on < (today or timezone.localdate())

    # What the measure answers, kept in the history as the references and titles it links to.
    LINK_FIELDS = ["reports", "problems"]

    def snapshot(self):
        """The tracked fields and links as JSON-friendly values, for the history and the edit conflict check."""
        values = {}
        for name in self.TRACKED_FIELDS:
            value = getattr(self, name)  # related objects by their name, which the history shows
            values[name] = None if value is None or value == "" else str(value)
        if self.pk is not None:
            values["reports"] = ", ".join(sorted(report.reference for report in self.reports.all())) or None
            values["problems"] = ", ".join(sorted(problem.title for problem in self.problems.all())) or None
        return values

    def _set_links(self, links):
        """``links`` maps "reports" and "problems" to what the measure answers; a missing key leaves it as is."""
        for name in self.LINK_FIELDS:
            if links is not None and name in links:
                getattr(self, name).set(links[name])

    def save_new(self, by, links=None):
        """Save a new measure with its links and record its creation, in one transaction."""
        with transaction.atomic():
            self.version = 1
            self.save()
            self._set_links(links)
            created = {name: [None, value] for name, value in self.snapshot().items() if value is not None}
            ChangeRecord.record(self, by, "created", created)

    def report_progress(self, progress, by):
        """Save a progress report on this measure, written by ``by``, and record it in the history."""
        with transaction.atomic():
            progress.measure = self
            progress.author = by
            progress.save()
            ChangeRecord.record(self, by, "progress_reported", {
                "note": f"{progress.date:%Y-%m-%d}: {progress.text}"
                + (f" ({progress.percent} %)" if progress.percent is not None else ""),
            })

    def add_milestone(self, milestone, by):
        with transaction.atomic():
            milestone.measure = self
            milestone.save()
            ChangeRecord.record(self, by, "milestone_added", {"note": f"{milestone.title} ({milestone.due_on})"})

    def mark_milestone_done(self, milestone, by, on=None):
        """Mark one of its milestones as done today (or ``on``); False if it was done already."""
        if milestone.measure_id != self.pk:
            raise ValueError("The milestone belongs to another measure.")
        with transaction.atomic():
            done = Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
                done_on=on or timezone.localdate()
            )
            if done:
                milestone.refresh_from_db(fields=["done_on"])
                ChangeRecord.record(self, by, "milestone_done", {"note": milestone.title})
        return bool(done)

    StaleEdit = StaleEdit

    def save_edit(self, by, expected_version, before, links=None):
        """Save an edit made from version ``expected_version`` (its fields were the snapshot ``before``),
        with the links it answers (see _set_links); StaleEdit if someone else saved in between, and then
        nothing is saved.

        The version is bumped in the same UPDATE that checks it, so two saves of the
        same version cannot both succeed.
        """
        with transaction.atomic():
            updated = Measure.objects.filter(pk=self.pk, version=expected_version).update(version=F("version") + 1)
            if not updated:
                raise StaleEdit(_(
                    "Someone else saved this measure while you were editing it, so your changes were not saved. "
                    "Their changes are listed below. Check the form and save again to keep your version."
                ))
            self.version = expected_version + 1
            self.save()
            self._set_links(links)
            after = self.snapshot()
            changes = {name: [before[name], after[name]] for name in after if before.get(name) != after[name]}
            changes["version"] = [expected_version, self.version]
            ChangeRecord.record(self, by, "changed", changes)


class MeasureProgress(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress_reports")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="progress_percent_at_most_100"
            )
        ]


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned date"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]


class IndicatorKind(models.TextChoices):
    REPORTS = "reports", _("Reports per month in the area")
    SURVEY_SHARE = "survey_share", _("Share of survey answers in the locality")


class Indicator(models.Model):
    """What the effect of a measure is judged by, computed from incidents and dialog."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=15, choices=IndicatorKind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    question_code = models.SlugField(_("question code"), max_length=50, blank=True)
    option_codes = models.CharField(
        _("option codes"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. ganska-otrygg,mycket-otrygg.")
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


# --- Citizen promises and the action plan -------------------------------------------


class PromiseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    KEPT = "kept", _("Kept")
    NOT_KEPT = "not_kept", _("Not kept")


class CitizenPromise(models.Model):
    """A yearly public promise by the police and the municipality (medborgarlöfte)."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("promise"))
    title_en = models.CharField(_("English version of the title (optional)"), max_length=200, blank=True)
    text_en = models.TextField(_("English version of the promise (optional)"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=12, choices=PromiseStatus.choices, default=PromiseStatus.NOT_STARTED)
    progress_text = models.TextField(_("progress, for the public"), blank=True)
    evidence = models.TextField(_("what led to the promise"), blank=True)
    progress_text_en = models.TextField(_("English version of the progress (optional)"), blank=True)
    evidence_en = models.TextField(_("English version of the reason (optional)"), blank=True)
    activities_promised = models.PositiveIntegerField(_("activities promised"), default=0)
    activities_delivered = models.PositiveIntegerField(_("activities delivered"), default=0)
    measures = models.ManyToManyField(Measure, blank=True, related_name="promises", verbose_name=_("measures"))

    class Meta:
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        ordering = ["-year", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="promise_ends_after_start")]

    def __str__(self):
        return f"{self.year}: {self.title}"


class ActionPlan(models.Model):
    """The year's action plan (handlingsplan), adopted by the steering group."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    adopted_by = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("adopted by decision")
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def is_adopted(self):
        return self.adopted_by_id is not None


# --- The yearly cycle (årshjul) -------------------------------------------------------------


class CyclePhase(models.TextChoices):
    OWN = "own", _("Own preparations")
    JOINT = "joint", _("Joint preparations")
    IMPLEMENTATION = "implementation", _("Implementation")
    FOLLOW_UP = "follow_up", _("Follow-up")


class CycleCheck(models.TextChoices):
    """What ticks a step of the cycle from the portal's data (governance.cycle.CHECKS says how)."""

    STAFF_DIALOGUE = "staff_dialogue", _("Staff dialogue held this year")
    SAFETY_SURVEY = "safety_survey", _("Safety survey answered this year")
    SITUATION_REPORT = "situation_report", _("A joint situation report exists for the year")
    CITIZEN_DIALOGUE = "citizen_dialogue", _("Citizen dialogue or safety walk held this year")
    STEERING_MEETING = "steering_meeting", _("The steering group has met this year")
    STEERING_PRIORITIES = "steering_priorities", _("Priorities decided by the steering group")
    MEASURES_DECIDED = "measures_decided", _("Measures decided for the year")
    ACTION_PLAN = "action_plan", _("The action plan is adopted by the steering group")
    CITIZEN_PROMISES = "citizen_promises", _("Citizen promises made for the year")
    PROGRESS_REPORTED = "progress_reported", _("Every ongoing measure has a progress report from the last 90 days")
    MEASURES_EVALUATED = "measures_evaluated", _("Every finished measure has an evaluation")
    PROMISES_FOLLOWED_UP = "promises_followed_up", _("The citizen promises are followed up in public")


class CycleStep(models.Model):
    """One step of the yearly cycle: what must be done, by whom, by which day of each year.

    The steps, their owners and dates are the partnership's own (edited in the admin); the
    defaults come from the national guidance (governance.cycle.DEFAULT_STEPS).
    """

    phase = models.CharField(_("phase"), max_length=15, choices=CyclePhase.choices)
    done_when = models.CharField(_("done when"), max_length=25, choices=CycleCheck.choices, unique=True)
    owner_role = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner (role)"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner (person)"), help_text=_("Takes precedence over the role."),
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"), validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1–12: the month of each year."),
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"), validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("1–31: the day of the month; the month's last day if it is shorter."),
    )

    class Meta:
        verbose_name = _("step of the yearly cycle")
        verbose_name_plural = _("steps of the yearly cycle")
        ordering = ["due_month", "due_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_month__gte=1, due_month__lte=12, due_day__gte=1, due_day__lte=31),
                name="cycle_step_due_date_in_range",
            ),
        ]

    def __str__(self):
        return str(self.get_done_when_display())

    def due_on(self, year):
        import calendar
        import datetime

        return datetime.date(year, self.due_month, min(self.due_day, calendar.monthrange(year, self.due_month)[1]))

    @property
    def owner(self):
        """Who answers for the step, for people: the person's name, else the role's, else ""."""
        if self.owner_person_id:
            return self.owner_person.get_full_name() or self.owner_person.email
        return self.owner_role.name if self.owner_role_id else ""


# --- Situation reports (lägesbilder) --------------------------------------------------


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("Weekly summary (working group)")
    MONTHLY = "monthly", _("Monthly summary")
    TERTIAL = "tertial", _("Deeper analysis, four months")
    YEARLY = "yearly", _("Yearly analysis")


class SituationReport(models.Model):
    """A lägesbild: the problem picture of a period frozen as it was, with an analysis.

    The figures are stored, so later changes to the data never rewrite it.
    A new freeze of the same period is a new version; old versions stay.
    """

    rhythm = models.CharField(_("kind"), max_length=10, choices=Rhythm.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    figures = models.JSONField(editable=False, encoder=DjangoJSONEncoder)
    analysis = models.TextField(_("analysis"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("frozen"), db_default=Now())

    class Meta:
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["rhythm", "period_start", "version"], name="situation_report_version"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="situation_report_period"),
        ]

    def __str__(self):
        return f"{self.get_rhythm_display()} {self.period_start} – {self.period_end} (v{self.version})"


class PriorityProblem(models.Model):
    """A problem the situation report gives priority to, with the evidence behind it."""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("priority problem"), max_length=200)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("priority problem")
        verbose_name_plural = _("priority problems")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


# --- Rollups of reports for the problem picture -------------------------------------------------


class ReportCount(models.Model):
    """The fields a rollup of incidents_report counts by: derived data only, no constraints, 0 for "no locality"."""

    day = models.DateField()
    locality_id = models.IntegerField(default=0)
    # A foreign key for the join to the category's names and kind, without a constraint: derived data.
    category = models.ForeignKey("incidents.Category", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                 related_name="+")
    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=20)
    reports = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ReportDayCount(ReportCount):
    """Counted reports per day × locality × category × kind × source × status × merged × time of day.

    Kept current by a database trigger on incidents_report (governance.rollups), so that every
    save, bulk update, merge and deletion moves the counts; checked against the raw table by
    tests.
    """

    status = models.CharField(max_length=20)
    merged = models.BooleanField(default=False)
    time_of_day = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "locality_id", "category", "kind", "source", "status", "merged", "time_of_day"],
                name="report_day_count_key",
            ),
        ]
        indexes = [models.Index(fields=["day", "locality_id"]), models.Index(fields=["source", "day"])]

    def __str__(self):
        return f"{self.day} {self.category_id} {self.status}: {self.reports}"


class MonthsOfYear(models.Model):
    """A rollup row per year with a count per month of it (``month_1`` … ``month_12``).

    A period of whole months reads one row per key and year instead of one per key and month: a
    year twelve times fewer rows, a period across New Year the rows of two years
    (governance.rollups.months_of_period sums the months a period takes of each year).
    """

    year = models.IntegerField()
    month_1 = models.IntegerField(default=0)
    month_2 = models.IntegerField(default=0)
    month_3 = models.IntegerField(default=0)
    month_4 = models.IntegerField(default=0)
    month_5 = models.IntegerField(default=0)
    month_6 = models.IntegerField(default=0)
    month_7 = models.IntegerField(default=0)
    month_8 = models.IntegerField(default=0)
    month_9 = models.IntegerField(default=0)
    month_10 = models.IntegerField(default=0)
    month_11 = models.IntegerField(default=0)
    month_12 = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ReportYearCount(MonthsOfYear):
    """The counted reports per year × locality × category × kind × source × public, a count per month of the
    year, with the times they were reopened per month (``reopened_1`` … ``reopened_12``); no time of day.

    Only the reports the picture counts (not rejected, withdrawn or merged): the staff picture adds both
    values of ``public``, the public picture reads ``public`` (a published, in progress, resolved or
    closed report). The counts per category, source and locality of whole-month periods (month,
    quarter, tertial, year, custom whole months) read these: the three compared periods of a year are
    two or three rows per combination. Kept by the same trigger.
    """

    locality_id = models.IntegerField(default=0)
    category = models.ForeignKey("incidents.Category", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=20)
    public = models.BooleanField()
    reopened_1 = models.IntegerField(default=0)
    reopened_2 = models.IntegerField(default=0)
    reopened_3 = models.IntegerField(default=0)
    reopened_4 = models.IntegerField(default=0)
    reopened_5 = models.IntegerField(default=0)
    reopened_6 = models.IntegerField(default=0)
    reopened_7 = models.IntegerField(default=0)
    reopened_8 = models.IntegerField(default=0)
    reopened_9 = models.IntegerField(default=0)
    reopened_10 = models.IntegerField(default=0)
    reopened_11 = models.IntegerField(default=0)
    reopened_12 = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "locality_id", "category", "kind", "source", "public"],
                                    name="report_year_count_key"),
        ]

    def __str__(self):
        return f"{self.year} {self.category_id} {'public' if self.public else 'staff'}"


class ReportReceivedCount(models.Model):
    """Counted reports (not rejected, withdrawn or merged) per local day received × category × locality.

    The effect follow-up (governance.effect) compares windows of days received; its "rest of
    Tjörn" and control localities are sums of these rows (a year of one category is a few
    thousand rows, whatever the number of reports). Kept by the same trigger as the other
    rollups (governance.rollups); 0 for "no locality".
    """

    category = models.ForeignKey("incidents.Category", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    day = models.DateField()
    locality_id = models.IntegerField(default=0)
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "day", "locality_id"], name="report_received_count_key"),
        ]
        # The effect's control localities: read from the index alone.
        indexes = [models.Index(fields=["category", "locality_id", "day"], include=["reports"],
                                name="received_count_by_locality")]

    def __str__(self):
        return f"{self.day} {self.category_id} {self.locality_id}: {self.reports}"


class ReportResolvedCount(models.Model):
    """Counted reports resolved per local month × locality × kind × public × whole hours from received to resolved.

    The picture's median days to resolution of whole-month periods is the median of these hours
    (a histogram of at most a few thousand hours per month, whatever the number of reports); other
    periods count the same whole hours from the reports. Kept by the rollup trigger
    (governance.rollups); 0 for "no locality".
    """

    day = models.DateField()  # the first day of the month resolved
    locality_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=20)
    public = models.BooleanField()
    hours = models.IntegerField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "locality_id", "kind", "public", "hours"], include=["reports"],
                                    name="report_resolved_count_key"),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m} {self.kind} {self.hours} h: {self.reports}"


class ReportReceivedTotal(models.Model):
    """Counted reports per local day received × category, all localities together: the effect follow-up's
    whole municipality (governance.effect). Kept by the rollup trigger (governance.rollups)."""

    category = models.ForeignKey("incidents.Category", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    day = models.DateField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "day"], include=["reports"], name="report_received_total_key"),
        ]

    def __str__(self):
        return f"{self.day} {self.category_id}: {self.reports}"


class MeasureAreaCount(models.Model):
    """Counted reports per circular measure × local day received × locality × in the area (else in the ring
    out to twice the radius): the effect follow-up's area and ring (governance.effect).

    Kept by the rollup trigger on reports and by a trigger on measures that counts a measure's area anew
    when its point, radius or category changes (governance.rollups). Derived data: no foreign key.
    """

    measure_id = models.BigIntegerField()
    day = models.DateField()
    locality_id = models.IntegerField()
    in_area = models.BooleanField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure_id", "day", "locality_id", "in_area"], include=["reports"],
                                    name="measure_area_count_key"),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.day} {'area' if self.in_area else 'ring'}: {self.reports}"


class ReportCellYearCount(MonthsOfYear):
    """Counted reports with a public point per year × 250 m cell × category × locality × kind × public, per month.

    The problem picture's hotspots for whole-month periods (governance.picture.hotspots): a year
    is one row per cell × category instead of every report of the year (or twelve rows per cell ×
    category of a monthly rollup). ``public``: counted in the public picture too (published, in
    progress, resolved or closed); the staff picture counts both. Kept by the same trigger as the
    other rollups (governance.rollups); 0 for "no locality".
    """

    cell_y = models.IntegerField()
    cell_x = models.IntegerField()
    category = models.ForeignKey("incidents.Category", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    locality_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=20)
    public = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "cell_y", "cell_x", "category", "locality_id", "kind", "public"],
                                    name="report_cell_year_count_key"),
        ]

    def __str__(self):
        return f"{self.year} {self.cell_y}/{self.cell_x} {self.category_id}"


class ReportResolvedYearTotal(MonthsOfYear):
    """Counted reports resolved per year × kind × public × whole hours from received to resolved, per month
    resolved, all localities together.

    The median days to resolution of a whole-month period without a locality filter: a few thousand
    rows a year, where ReportResolvedCount (per locality and month) has a hundred thousand at the
    benchmark's volume. Kept by the rollup trigger (governance.rollups).
    """

    kind = models.CharField(max_length=20)
    public = models.BooleanField()
    hours = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "public", "hours"], name="report_resolved_year_total_key"),
        ]

    def __str__(self):
        return f"{self.year} {self.kind} {self.hours} h"


class ReportWhenYearCount(MonthsOfYear):
    """Counted reports per year × ISO weekday × time of day × locality × kind × public, per month.

    The problem picture's when matrix for whole-month periods, and its monthly trend (summed over
    weekday and time of day): a few thousand rows a year, whatever the number of reports. ``public``
    as in ReportCellYearCount. Kept by the same trigger as the other rollups (governance.rollups); 0
    for "no locality".
    """

    weekday = models.IntegerField()  # ISO: Monday 1 … Sunday 7, of the report's day
    time_of_day = models.CharField(max_length=20)
    locality_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=20)
    public = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "weekday", "time_of_day", "locality_id", "kind", "public"],
                                    name="report_when_year_count_key"),
        ]

    def __str__(self):
        return f"{self.year} {self.weekday} {self.time_of_day}"