"""What the incidents app holds about people, and how it lets go of it.

Declared to the portal through IncidentsConfig: the retention classes, the
reports section of a user's register extract and what deleting an account
does to that user's reports.

Reports are public records (allmänna handlingar): the description and the
history of handling stay. What the reporter gave beyond the record goes a set
time (``report_contact_months``) after the report was closed, and at once when
the reporter deletes their account: contact details, photos (files included),
the texts written when reopening and the comment on the follow-up question.
Once the contact details are gone no mail can go to the reporter any more.

Followers' e-mail addresses (ReportSubscription) go when a confirmation link
expires unused, when the follower stops, and with the reporters' contact
details once the report has been closed for the contact period; a register
extract lists the reports an account's address follows, and deleting the
account stops them.
"""

from base64 import b64encode
from datetime import timedelta

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import PendingPhoto, Report, ReportEvent, ReportPhoto, ReportSubscription, SafetyFollowUp, Status
from trygg.models import RetentionAction
from trygg.retention import RetentionClass, months_before

CLOSED_REPORT_STATUSES = [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.WITHDRAWN]


def contact_months():
    return {"months": settings.RETENTION["report_contact_months"]}


def contact_cutoff(now):
    return months_before(now, settings.RETENTION["report_contact_months"])


def closed_reports_before(now):
    """Reports closed longer ago than the contact period."""
    return (
        Report.objects.filter(status__in=CLOSED_REPORT_STATUSES)
        .alias(closed_at=Coalesce("resolved_at", "updated_at"))
        .filter(closed_at__lt=contact_cutoff(now))
    )


def report_contacts_due(now):
    return closed_reports_before(now).filter(Report.HAS_CONTACT)


def report_photos_due(now):
    return ReportPhoto.objects.filter(report__in=closed_reports_before(now))


def reopening_texts_due(now):
    return ReportEvent.objects.filter(
        action=ReportEvent.Action.REOPENED, report__in=closed_reports_before(now)
    ).exclude(text="")


def follow_up_comments_due(now):
    return SafetyFollowUp.objects.filter(answered_at__lt=contact_cutoff(now)).exclude(comment="")


REPORT_CONTACT = RetentionClass(
    "report_contact",
    "Report contact details removed",
    report_contacts_due,
    lambda due: due.update(**Report.NO_CONTACT),
    contact_months,
    _("Report contact details"),
)
# Deleted row by row, so that each photo's files go once the run has committed.
REPORT_PHOTOS = RetentionClass(
    "report_photos",
    "Report photos deleted",
    report_photos_due,
    lambda due: due.delete(),
    contact_months,
    _("Report photos"),
)
REOPENING_TEXTS = RetentionClass(
    "reopening_texts",
    "Reopening texts blanked",
    reopening_texts_due,
    lambda due: due.update(text=""),
    contact_months,
    _("Texts written when reopening a report"),
)
FOLLOW_UP_COMMENTS = RetentionClass(
    "follow_up_comments",
    "Follow-up comments blanked",
    follow_up_comments_due,
    lambda due: due.update(comment=""),
    contact_months,
    _("Follow-up comments"),
)



class OrphanedPhotoFiles:
    """Photo files no ReportPhoto refers to: left behind before files went with their rows.

    Runs like a retention class. Only files older than a day are touched: a
    submission in flight writes its files before its row is committed.
    """

    key = "orphaned_photo_files"
    label = "Orphaned photo files deleted"
    name = _("Photo files without a report")
    folder = "reports"
    grace = timedelta(days=1)

    def stored_files(self, storage, folder):
        directories, files = storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}"
        for directory in directories:
            yield from self.stored_files(storage, f"{folder}/{directory}")

    def apply(self, now=None, dry_run=False):
        storage = ReportPhoto._meta.get_field("image").storage
        if not storage.exists(self.folder):
            return 0
        cutoff = (now or timezone.now()) - self.grace
        referred = set(ReportPhoto.objects.values_list("image", flat=True))
        referred |= set(ReportPhoto.objects.values_list("thumbnail", flat=True))
        due = [
            name
            for name in self.stored_files(storage, self.folder)
            if name not in referred and storage.get_modified_time(name) < cutoff
        ]
        if dry_run or not due:
            return len(due)
        for name in due:
            storage.delete(name)
        RetentionAction.objects.create(
            retention_class=self.key,
            object_type="files",
            count=len(due),
            decision_reference=settings.RETENTION_DECISION_REFERENCE,
            details={"folder": self.folder},
        )
        return len(due)


ORPHANED_PHOTO_FILES = OrphanedPhotoFiles()

# Photos kept for a report form that came back with errors and was never sent again (incidents/photos.py).
PENDING_PHOTOS = RetentionClass(
    "pending_photos",
    "Kept photos of reports never sent deleted",
    lambda now: PendingPhoto.objects.abandoned(now),
    lambda due: due.delete(),
    lambda: {"hours": PendingPhoto.KEPT_FOR // timedelta(hours=1)},
    _("Photos kept for reports never sent"),
)

# Following a report by e-mail: unconfirmed requests once their link has expired, and every follower of a
# report closed longer ago than the contact period (no more mails can come).
UNCONFIRMED_FOLLOWERS = RetentionClass(
    "unconfirmed_followers",
    "Unconfirmed followers deleted",
    lambda now: ReportSubscription.objects.unconfirmed_before(now),
    lambda due: due.delete(),
    lambda: {"days": ReportSubscription.CONFIRM_WITHIN.days},
    _("Unconfirmed requests to follow a report"),
)
FOLLOWERS_OF_CLOSED_REPORTS = RetentionClass(
    "report_followers",
    "Followers of closed reports deleted",
    lambda now: ReportSubscription.objects.filter(report__in=closed_reports_before(now)),
    lambda due: due.delete(),
    contact_months,
    _("Followers of closed reports"),
)

RETENTION_CLASSES = [
    REPORT_CONTACT,
    REPORT_PHOTOS,
    REOPENING_TEXTS,
    FOLLOW_UP_COMMENTS,
    ORPHANED_PHOTO_FILES,
    PENDING_PHOTOS,
    UNCONFIRMED_FOLLOWERS,
    FOLLOWERS_OF_CLOSED_REPORTS,
]


def remove_report_contacts(now=None, dry_run=False):
    """Reporters' contact details, a set time after the report was closed."""
    return REPORT_CONTACT.apply(now, dry_run)


def remove_report_photos(now=None, dry_run=False):
    return REPORT_PHOTOS.apply(now, dry_run)


def remove_reopening_texts(now=None, dry_run=False):
    return REOPENING_TEXTS.apply(now, dry_run)


def remove_follow_up_comments(now=None, dry_run=False):
    return FOLLOW_UP_COMMENTS.apply(now, dry_run)


def delete_orphaned_photo_files(now=None, dry_run=False):
    return ORPHANED_PHOTO_FILES.apply(now, dry_run)


# --- The register extract (registerutdrag) -------------------------------------------------


def isoformat(moment):
    return moment.isoformat() if moment else None


def history_entry(event):
    """One line of a report's history as the reporter gets it: not who handled it, nor internal notes."""
    internal = event.action == ReportEvent.Action.NOTE
    return {"action": event.get_action_display(), "time": isoformat(event.created_at), "text": "" if internal else event.text}


def photo_entry(photo):
    with photo.image.open("rb") as image:
        content = b64encode(image.read()).decode()
    return {
        "width": photo.width,
        "height": photo.height,
        "received": isoformat(photo.created_at),
        "image": f"data:image/jpeg;base64,{content}",
    }


def follow_up_entry(report):
    follow_up = getattr(report, "follow_up", None)
    if follow_up is None:
        return None
    return {
        "sent": isoformat(follow_up.sent_at),
        "answer": follow_up.answer,
        "comment": follow_up.comment,
        "answered": isoformat(follow_up.answered_at),
    }


def register_extract(user):
    reports = (
        user.reports.select_related("category", "locality", "follow_up")
        .prefetch_related("events", "photos")
        .order_by("created_at")
    )
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
                "occurred_on": isoformat(report.occurred_on),
                "contact_name": report.contact_name,
                "contact_email": report.contact_email,
                "contact_phone": report.contact_phone,
                "consent_given": report.consent_given,
                "received": isoformat(report.created_at),
                "updated": isoformat(report.updated_at),
                "resolved": isoformat(report.resolved_at),
                "history": [history_entry(event) for event in report.events.all()],
                "follow_up": follow_up_entry(report),
                "photos": [photo_entry(photo) for photo in report.photos.all()],
            }
            for report in reports
        ],
        "followed_reports": [
            {
                "reference": subscription.report.reference,
                "email": subscription.email,
                "asked": isoformat(subscription.created_at),
                "confirmed": isoformat(subscription.confirmed_at),
            }
            for subscription in ReportSubscription.objects.of_email(user.email).select_related("report")
            .order_by("created_at", "pk")
        ],
    }


# --- Account deletion -----------------------------------------------------------------------


def delete_account(user):
    """The user's reports stay as records, without the link to the account (SET_NULL), and without
    anything of the reporter's beyond the record: contact details, photos, reopening texts, follow-up comments."""
    reports = user.reports.all()
    for report in reports.filter(Report.HAS_CONTACT):
        report.clear_contact()
        report.record(ReportEvent.Action.CONTACT_REMOVED, text="The reporter deleted their account.")
    ReportEvent.objects.filter(report__in=reports, action=ReportEvent.Action.REOPENED).exclude(text="").update(text="")
    SafetyFollowUp.objects.filter(report__in=reports).exclude(comment="").update(comment="")
    ReportPhoto.objects.filter(report__in=reports).delete()
    # Reports followed with the account's address (checked when the account was made) stop being followed.
    ReportSubscription.objects.of_email(user.email).delete()
