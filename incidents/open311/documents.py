"""What the API tells about categories and reports: no more than the public report page shows.

The public page of a report (incidents/views/public.py) shows its kind,
category, locality, status, when it came in, its public point, the public text,
the public response and the dates of its public statuses; a service request
and its updates are built from those alone. Contact details, the reporter's
own text, photos, the reason a coordinator gave with a status (it is written
to the reporter), rejection notes and the responsible actor are never part of
any answer, and a report that is not public is not in any answer at all: asking
for it is like asking for an id that does not exist.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import OPEN_STATUSES, ReportEvent, Status
from incidents.open311.idempotency import IDENTICAL_REQUEST_WINDOW
from incidents.photos import MAX_PHOTOS

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
UPDATES_SPECIFICATION = "http://wiki.open311.org/GeoReport_v2/Servicerequestupdates"
# When this API last changed (the discovery document's "changeset").
CHANGESET = "2026-11-27T00:00:00Z"


def w3c(moment):
    """A W3C date-time with the portal's time zone, e.g. 2026-05-01T14:30:00+02:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def coordinate(value):
    return float(value) if value is not None else None


def status_of(report):
    return "open" if report.status in OPEN_STATUSES else "closed"


def discovery(base_url):
    portal = settings.PORTAL
    return {
        "changeset": CHANGESET,
        "contact": ", ".join(filter(None, [portal["ORGANISATION"], portal["CONTACT_EMAIL"], portal["CONTACT_PHONE"]])),
        "key_service": _("API keys for sending reports are issued by %(organisation)s: write to %(email)s.")
        % {"organisation": portal["ORGANISATION"], "email": portal["CONTACT_EMAIL"]},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            },
        ],
        "notes": " ".join(
            [
                _("Photos of reports are shown to staff only: media_url is never given."),
                _("Extension: POST requests accept up to %(count)s photos as the multipart file field media.")
                % {"count": MAX_PHOTOS},
                _("Extension: servicerequestupdates.xml and .json with start_date and end_date list status"
                  " changes and public responses (%(specification)s).")
                % {"specification": UPDATES_SPECIFICATION},
                _("New requests are reviewed before they are published; until then they are not shown."),
                _("Sending a POST again stores one report: requests with the same Idempotency-Key header, or"
                  " identical requests within %(minutes)s minutes, answer with the first one's report. After a 503"
                  " nothing was stored: send the same request again after Retry-After seconds.")
                % {"minutes": IDENTICAL_REQUEST_WINDOW // 60},
            ]
        ),
    }


def service(category):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.get_kind_display(),
    }


def service_definition(category):
    return {"service_code": category.code, "attributes": []}


def service_request(report):
    """A public report as a service request; ``report`` comes from views.public_requests()."""
    return {
        "service_request_id": str(report.pk),
        "status": status_of(report),
        "status_notes": report.public_response or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.public_description or None,
        "agency_responsible": None,  # not on the public page (the actor may be a private person)
        "service_notice": None,
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.last_public_change),
        "expected_datetime": None,
        "address": report.locality.name if report.locality else None,
        "address_id": None,
        "zipcode": None,
        "lat": coordinate(report.public_latitude),
        "long": coordinate(report.public_longitude),
        "media_url": None,  # photos are for staff only
    }


def created_request(report):
    return {
        "service_request_id": str(report.pk),
        "service_notice": _("The report is reviewed by a coordinator before it is published."),
        "account_id": None,
    }


def token(report):
    return {"service_request_id": str(report.pk), "token": report.token}


def request_update(event, status):
    """A public status change (described by the status's name) or the report's current public response."""
    if event.action == ReportEvent.Action.RESPONDED:
        description = event.report.public_response
    else:
        description = str(event.new_status_label)
    return {
        "update_id": str(event.pk),
        "service_request_id": str(event.report_id),
        "status": status,
        "updated_datetime": w3c(event.created_at),
        "description": description,
        "media_url": None,
    }


def request_updates(events):
    """The status after each update, counting only moves to public statuses (before the first: new, open)."""
    changes = {}
    for report_id, pk, created_at, change in (
        ReportEvent.objects.filter(report__in={event.report_id for event in events})
        .public_status_changes()
        .order_by("created_at", "pk")
        .values_list("report_id", "pk", "created_at", "changes")
    ):
        changes.setdefault(report_id, []).append(((created_at, pk), change["status"][1]))
    updates = []
    for event in events:
        status = Status.NEW
        for moment, changed_to in changes.get(event.report_id, []):
            if moment > (event.created_at, event.pk):
                break
            status = changed_to
        updates.append(request_update(event, "open" if status in OPEN_STATUSES else "closed"))
    return updates
