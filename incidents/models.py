import copy
import hashlib
import math
import re
import secrets
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Cast, Coalesce, Cos, Floor, Now, Radians, Sqrt, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents import notifications
from incidents.choice_lists import cached_objects
from incidents.maps import empty_map_caches
from incidents.submissions import secret_uuid
from trygg.geo import in_service_area  # noqa: F401  (the apps ask incidents.models, as before)
from trygg.localized import localized_text
from trygg.models import ContactDetails

# The public point as the database computes it (ReportQuerySet.place_at_precision).
COORDINATE_FIELD = models.DecimalField(max_digits=9, decimal_places=6)
LATITUDE_VALIDATORS = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE_VALIDATORS = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]

METRES_PER_DEGREE_LATITUDE = 111_320
EARTH_RADIUS_METRES = 6_371_000  # for distance_metres and its database twin in governance.effect
# Duplicates: same category within this distance and period.
DUPLICATE_RADIUS_METRES = 150
DUPLICATE_WINDOW_DAYS = 30
# Size of the public grid for categories shown at grid precision.
PUBLIC_GRID_METRES = 250
# "Is it already reported?": public reports this near a point placed on the report form, at most this many.
NEARBY_METRES = 500
NEARBY_SHOWN = 10
# The follow-up question goes out this long after a report is resolved.
FOLLOW_UP_AFTER_DAYS = 28


def latitude_field(verbose_name=_("latitude"), **kwargs):
    """A latitude as the portal stores it: six decimals (about 0.1 m), range-checked."""
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS, **kwargs)


def longitude_field(verbose_name=_("longitude"), **kwargs):
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS, **kwargs)


def coordinates_constraint(name, nullable=False):
    in_range = Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180)
    if nullable:
        in_range |= Q(latitude__isnull=True, longitude__isnull=True)
    return models.CheckConstraint(condition=in_range, name=name)


def distance_metres(lat1, lon1, lat2, lon2):
    """Equirectangular distance: exact enough at municipal scale."""
    lat1, lon1, lat2, lon2 = (float(v) for v in (lat1, lon1, lat2, lon2))
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return EARTH_RADIUS_METRES * math.hypot(x, y)


def snap_to_grid(latitude, longitude, metres):
    """The centre of the grid cell (of the given size) that holds the point.

    The longitude step is fixed from the service area's middle latitude so that
    every cell of the portal's grid has the same edges.
    """
    south, _west, north, _east = settings.MAP_BOUNDS
    lat_step = metres / METRES_PER_DEGREE_LATITUDE
    lon_step = lat_step / math.cos(math.radians((south + north) / 2))
    lat = (math.floor(float(latitude) / lat_step) + 0.5) * lat_step
    lon = (math.floor(float(longitude) / lon_step) + 0.5) * lon_step
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def closest(localities, latitude, longitude):
    """Of these localities, the one whose centre is nearest the point; None without any."""
    return min(
        localities,
        key=lambda loc: distance_metres(loc.latitude, loc.longitude, latitude, longitude),
        default=None,
    )


class LocalityQuerySet(models.QuerySet):
    def nearest(self, latitude, longitude):
        """The locality whose centre is nearest the point."""
        return closest(self, latitude, longitude)


def nearest_locality(latitude, longitude):
    """A copy of the locality whose centre is nearest the point, from the list each process keeps in memory."""
    nearest = closest(cached_objects("localities", Locality.objects.all()), latitude, longitude)
    return copy.copy(nearest) if nearest is not None else None


class Locality(models.Model):
    """A locality (ort) of the municipality, with its centre and population."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    latitude = latitude_field()
    longitude = longitude_field()
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]
        constraints = [coordinates_constraint("locality_coordinates_in_range")]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        """Save; a moved centre also moves the public points of the reports shown at it (then the map caches)."""
        old_centre = None
        if self.pk is not None:
            old_centre = Locality.objects.filter(pk=self.pk).values_list("latitude", "longitude").first()
        super().save(*args, **kwargs)
        if old_centre is not None and old_centre != (Decimal(str(self.latitude)), Decimal(str(self.longitude))):
            # One statement, however many reports the locality has.
            self.reports.filter(SHOWN_AT_LOCALITY | Q(category__public_precision=Precision.LOCALITY)).update(
                public_latitude=self.latitude, public_longitude=self.longitude
            )
            transaction.on_commit(empty_map_caches, robust=True)


class Kind(models.TextChoices):
    CRIME = "crime", _("Crime")
    DISORDER = "disorder", _("Public-order disturbance")
    UNSAFE_PLACE = "unsafe_place", _("Unsafe place")


class Precision(models.TextChoices):
    EXACT = "exact", _("Exact point")
    GRID = "grid", _("250 m grid")
    LOCALITY = "locality", _("Locality only")


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Category(models.Model):
    """A category of report, managed in the admin, named in Swedish and English.

    Its public precision decides how exactly its reports are shown in public:
    a burglary never reveals a home, a dark footpath is shown where it is.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Used as the Open311 service code."))
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    description_sv = models.CharField(_("description in Swedish"), max_length=300, blank=True)
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    public_precision = models.CharField(
        _("public precision"), max_length=10, choices=Precision.choices, default=Precision.GRID
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["kind", "order", "name_sv"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language (trygg.localized: Swedish when no English name is given)."""
        return localized_text(self, "name")

    @transaction.atomic
    def save(self, *args, **kwargs):
        """Save; a new public precision also moves the public points of the category's old reports.

        The points move in the same transaction as the precision (a few set-based statements,
        ReportQuerySet.place_at_precision), so the public map and Open311 never show a point the
        category no longer allows; the cached map views are forgotten once it is committed.
        """
        old_precision = None
        if self.pk is not None:
            old_precision = Category.objects.filter(pk=self.pk).values_list("public_precision", flat=True).first()
        super().save(*args, **kwargs)
        if old_precision is not None and old_precision != self.public_precision:
            self.reports.place_at_precision(self.public_precision)
            transaction.on_commit(empty_map_caches, robust=True)

    @property
    def description(self):
        return localized_text(self, "description")


class Status(models.TextChoices):
    NEW = "new", _("New")
    PUBLISHED = "published", _("Published")
    IN_PROGRESS = "in_progress", _("Action in progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed – will not be fixed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")


PUBLIC_STATUSES = [Status.PUBLISHED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED]


def public_status_sql(row):
    """SQL for "the report row `row` (a table alias, NEW or OLD in a trigger) has a public status"."""
    statuses = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
    return f"{row}.status IN ({statuses})"


OPEN_STATUSES = [Status.NEW, Status.PUBLISHED, Status.IN_PROGRESS]
# Moves a coordinator may make from each status.
STATUS_TRANSITIONS = {
    Status.NEW: [Status.PUBLISHED, Status.REJECTED],
    Status.PUBLISHED: [Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED, Status.REJECTED],
    Status.IN_PROGRESS: [Status.PUBLISHED, Status.RESOLVED, Status.CLOSED],
    Status.RESOLVED: [Status.IN_PROGRESS],
    Status.CLOSED: [Status.IN_PROGRESS],
    Status.REJECTED: [Status.NEW],
    Status.WITHDRAWN: [],
}


class Source(models.TextChoices):
    RESIDENT = "resident", _("Residents")
    POLICE = "police", _("Police events")
    SAFETY_WALK = "safety_walk", _("Safety walks")
    STAFF = "staff", _("Staff")


# Police events (their coordinates are the municipality's centre) and reports without a point are
# shown at their locality whatever their category's precision.
SHOWN_AT_LOCALITY = Q(source=Source.POLICE) | Q(latitude__isnull=True)


class Organisation(models.TextChoices):
    """Who is responsible. The municipality's own name is settings.PORTAL["ORGANISATION"]."""

    MUNICIPALITY = "municipality", _("The municipality")
    POLICE = "police", _("The Police")
    OTHER = "other", _("Other actor")


class TimeOfDay(models.TextChoices):
    NIGHT = "night", _("Night (00–06)")
    MORNING = "morning", _("Morning (06–12)")
    AFTERNOON = "afternoon", _("Afternoon (12–18)")
    EVENING = "evening", _("Evening (18–24)")
    UNKNOWN = "unknown", _("Don't know")

    @classmethod
    def of_hour(cls, hour):
        return [cls.NIGHT, cls.MORNING, cls.AFTERNOON, cls.EVENING][hour // 6]


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Spam or abuse")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    OUT_OF_SCOPE = "out_of_scope", _("Not in scope for the portal")


def new_token():
    return secrets.token_urlsafe(24)


def answer_deadline_cutoff():
    """Reports received before this moment and still new are past the answer deadline."""
    return timezone.now() - timedelta(days=settings.REPORT_ANSWER_DAYS)


class ReportQuerySet(models.QuerySet):
    def replace_public_points(self, batch_size=1000, on_batch=None):
        """Place each report's public point anew by the current rule; returns how many moved.

        The check by the per-report rule, for changes that bypass Category.save and
        Locality.save (the place_public_points command). It goes through the reports in batches by primary key, so memory and
        each statement stay bounded however many reports there are, writes only the two public
        coordinates of the reports whose point moved, and is idempotent: running it again, or
        beside other work, moves nothing that is already right. Call empty_map_caches after
        it has committed. ``on_batch(count)`` is called after each batch (a progress bar).
        """
        reports = (
            self.select_related("category", "locality")
            .only(
                "pk", "source", "latitude", "longitude", "public_latitude", "public_longitude",
                "category__public_precision", "locality__latitude", "locality__longitude",
            )
            .order_by("pk")
        )
        moved = 0
        last_pk = 0
        while batch := list(reports.filter(pk__gt=last_pk)[:batch_size]):
            last_pk = batch[-1].pk
            # One UPDATE per new point (a locality centre, a grid cell), one for all that go to their exact point.
            moves = defaultdict(list)
            for report in batch:
                before = (report.public_latitude, report.public_longitude)
                report.place_public_point()
                after = (report.public_latitude, report.public_longitude)
                if after != before:
                    moves["exact" if after == (report.latitude, report.longitude) else after].append(report.pk)
            for point, pks in moves.items():
                latitude, longitude = (F("latitude"), F("longitude")) if point == "exact" else point
                moved += self.model.objects.filter(pk__in=pks).update(
                    public_latitude=latitude, public_longitude=longitude
                )
            if on_batch:
                on_batch(len(batch))
        return moved

    def place_at_precision(self, precision):
        """Place the public points of these reports at ``precision`` in the database; returns the count.

        The set-based twin of Report.place_public_point, for a category whose precision changed:
        at most two UPDATE statements however many reports the category has, so a change in the
        admin stays well inside a request's time and holds its locks briefly. Police events and
        reports without a point stay at their locality, whatever the precision. The grid cell is
        computed with the same float steps as snap_to_grid; replace_public_points (the per-report
        rule) finds nothing left to move afterwards.
        """
        from incidents.grid import grid_steps

        centre = Locality.objects.filter(pk=models.OuterRef("locality_id"))
        placed = self.filter(SHOWN_AT_LOCALITY).update(
            public_latitude=models.Subquery(centre.values("latitude")),
            public_longitude=models.Subquery(centre.values("longitude")),
        )
        if precision == Precision.LOCALITY:
            point = models.Subquery(centre.values("latitude")), models.Subquery(centre.values("longitude"))
        elif precision == Precision.EXACT:
            point = F("latitude"), F("longitude")
        else:
            point = tuple(
                Cast((Floor(Cast(field, models.FloatField()) / step) + 0.5) * step, COORDINATE_FIELD)
                for field, step in zip(("latitude", "longitude"), grid_steps())
            )
        return placed + self.exclude(SHOWN_AT_LOCALITY).update(public_latitude=point[0], public_longitude=point[1])

    def public(self):
        """Reports anyone may see: published and not withdrawn, rejected or merged."""
        return self.filter(status__in=PUBLIC_STATUSES, merged_into__isnull=True)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def search(self, text):
        """By reference (TT-000123, or its number) or by words in the reporter's or the public text."""
        text = text.strip()
        by_text = Q(description__icontains=text) | Q(public_description__icontains=text)
        reference = re.fullmatch(r"(?:TT-?)?0*(\d{1,9})", text, re.IGNORECASE)
        return self.filter(by_text | Q(pk=int(reference.group(1))) if reference else by_text)

    def handled_by(self, user):
        return self.filter(handler=user)

    def past_answer_deadline(self):
        """New reports still waiting for their first answer after settings.REPORT_ANSWER_DAYS days."""
        return self.filter(status=Status.NEW, created_at__lt=answer_deadline_cutoff())

    def reopened(self):
        """Open reports that the reporter has reopened at least once: back with the coordinator."""
        return self.open().filter(reopened_count__gt=0)

    def for_reporter(self, user):
        return self.filter(reporter=user)

    def near(self, latitude, longitude, metres, public_point=False):
        """Reports with a point within ``metres`` of the given one, nearest first, annotated with ``distance``.

        The distance is distance_metres' equirectangular one, computed in the database; a bounding box
        around the circle first narrows the rows through the (latitude, longitude) index. Reports placed
        only by locality have no point and are left out. With ``public_point`` the public point (after the
        category's precision) is measured instead of the exact one: what the public may be told.
        """
        lat_field, lon_field = ("public_latitude", "public_longitude") if public_point else ("latitude", "longitude")
        latitude, longitude = float(latitude), float(longitude)
        per_degree = EARTH_RADIUS_METRES * math.pi / 180
        lat_delta = metres / per_degree
        lon_delta = lat_delta / max(math.cos(math.radians(latitude + math.copysign(lat_delta, latitude))), 0.01)
        report_latitude = Cast(lat_field, models.FloatField())
        dy = (report_latitude - latitude) * per_degree
        dx = (Cast(lon_field, models.FloatField()) - longitude) * per_degree * Cos(Radians((report_latitude + latitude) / 2))
        return (
            self.filter(**{
                f"{lat_field}__range": (Decimal(f"{latitude - lat_delta:.6f}"), Decimal(f"{latitude + lat_delta:.6f}")),
                f"{lon_field}__range": (Decimal(f"{longitude - lon_delta:.6f}"), Decimal(f"{longitude + lon_delta:.6f}")),
            })
            .annotate(distance=Sqrt(dx * dx + dy * dy))
            .filter(distance__lte=metres)
            .order_by("distance", "-pk")
        )

    def nearby_public(self, latitude, longitude, metres=NEARBY_METRES, limit=NEARBY_SHOWN):
        """"Is it already reported?": public reports whose public point is near, nearest first.

        Only what the public map shows is measured (the public point, never the exact one a category
        hides), and reports shown only at their locality are left out: their point is not a place.
        """
        return (
            self.public()
            .exclude(SHOWN_AT_LOCALITY)
            .exclude(category__public_precision=Precision.LOCALITY)
            .near(latitude, longitude, metres, public_point=True)
            .select_related("category", "locality")[:limit]
        )

    def possible_duplicates(self, category, latitude, longitude, exclude=None, now=None):
        """Same category within 150 m and 30 days, not rejected, withdrawn or merged."""
        now = now or timezone.now()
        lat_delta = DUPLICATE_RADIUS_METRES / METRES_PER_DEGREE_LATITUDE
        lon_delta = lat_delta / math.cos(math.radians(float(latitude)))
        candidates = self.filter(
            category=category,
            created_at__gte=now - timedelta(days=DUPLICATE_WINDOW_DAYS),
            latitude__range=(Decimal(float(latitude) - lat_delta), Decimal(float(latitude) + lat_delta)),
            longitude__range=(Decimal(float(longitude) - lon_delta), Decimal(float(longitude) + lon_delta)),
            merged_into__isnull=True,
        ).exclude(status__in=[Status.REJECTED, Status.WITHDRAWN])
        if exclude is not None:
            candidates = candidates.exclude(pk=exclude.pk)
        return [
            report
            for report in candidates.select_related("category", "locality").order_by("-created_at")[:20]
            if distance_metres(report.latitude, report.longitude, latitude, longitude) <= DUPLICATE_RADIUS_METRES
        ]


class Report(ContactDetails):
    """A resident's (or the police's, or a safety walk's) report of an incident or unsafe place.

    ``description`` is what the reporter wrote and stays internal;
    ``public_description`` is what a coordinator publishes, with names and
    personal data removed. Contact details are never public.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # No index of their own: (category, status, created_at) and (locality, status, created_at) serve them.
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("category"), db_index=False
    )
    description = models.TextField(_("description"), max_length=5000)
    public_description = models.TextField(_("public description"), max_length=5000, blank=True)

    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("locality"),
        db_index=False,
    )
    place_description = models.CharField(_("place"), max_length=300, blank=True)
    # The point shown in public, after the category's precision is applied.
    public_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, editable=False)
    public_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, editable=False)

    occurred_on = models.DateField(_("date"), null=True, blank=True)
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.UNKNOWN
    )
    is_ongoing = models.BooleanField(_("ongoing"), default=False, help_text=_("For places: the problem is still there."))
    occurred_at = models.DateTimeField(_("time"), null=True, blank=True, help_text=_("Exact time, when known."))

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporter"),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.RESIDENT)
    responsible_organisation = models.CharField(
        _("responsible organisation"), max_length=20, choices=Organisation.choices, blank=True
    )
    responsible_other = models.CharField(_("other actor"), max_length=200, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="handled_reports",
        verbose_name=_("handler"), help_text=_("The coordinator who handles the report."),
    )
    public_response = models.TextField(_("public response"), max_length=5000, blank=True)
    reject_reason = models.CharField(_("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True)
    status_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    # Unique by constraints in Meta: a unique=True CharField also gets a LIKE index nothing uses.
    token = models.CharField(max_length=64, default=new_token, editable=False)
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)
    external_url = models.URLField(_("external link"), blank=True)
    open311_key = models.ForeignKey(
        "Open311Key", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", editable=False
    )

    created_at = models.DateTimeField(_("received"), db_default=Now(), db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        permissions = [
            ("moderate_report", _("Can moderate reports")),
            ("note_report", _("Can add internal notes to reports")),
            ("view_reporter_contact", _("Can see reporters' contact details")),
            ("export_report", _("Can export reports")),
        ]
        constraints = [
            coordinates_constraint("report_coordinates_in_range", nullable=True),
            models.CheckConstraint(
                condition=Q(latitude__isnull=False) | Q(locality__isnull=False),
                name="report_has_place",
            ),
            models.UniqueConstraint(fields=["token"], name="report_token_key"),
            models.UniqueConstraint(fields=["external_id"], name="report_external_id_key"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["category", "status", "created_at"]),
            models.Index(fields=["locality", "status", "created_at"]),
            models.Index(fields=["kind", "status", "created_at"]),
            models.Index(fields=["source", "created_at"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(
                fields=["public_latitude", "public_longitude", "category"],
                name="report_public_point",
                condition=Q(status__in=PUBLIC_STATUSES, merged_into__isnull=True),
            ),
            # A public point's newest reports, for a close map view's groups (incidents.maps.newest_reports_at).
            models.Index(
                fields=["public_latitude", "public_longitude", "-created_at", "-id"],
                name="report_public_point_newest",
                include=["kind", "category"],
                condition=Q(status__in=PUBLIC_STATUSES, merged_into__isnull=True),
            ),
            # The report's day (the day it happened, else the local day received): the problem picture's
            # hotspots read a period's reports from this index only (governance.picture.hotspots).
            models.Index(
                Coalesce("occurred_on", TruncDate("created_at"), output_field=models.DateField()),
                name="report_day",
                # PostgreSQL reads an expression index alone only when it holds the expression's columns too.
                include=["public_latitude", "public_longitude", "category", "locality", "kind", "status",
                         "merged_into", "occurred_on", "created_at"],
            ),
            # The problem picture's median days to resolution reads the reports resolved in a period.
            models.Index(
                fields=["resolved_at"],
                include=["created_at", "locality", "kind", "status", "merged_into"],
                name="report_resolved",
                condition=Q(resolved_at__isnull=False),
            ),
            # The effect follow-up reads the counted reports of a category near a measure (governance.effect).
            models.Index(
                fields=["category", "latitude", "longitude"],
                include=["created_at", "locality"],
                name="report_counted_point",
                condition=~Q(status__in=["rejected", "withdrawn"]) & Q(merged_into__isnull=True),
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"TT-{self.pk:06d}" if self.pk else "TT-?"

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES and self.merged_into_id is None

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def place_name(self):
        """The place in words for the reporter's and the public pages: the locality, else the nearest one.

        Coordinates are never shown as numbers there ("(58,003060, 11,553497)" says nothing to a resident).
        """
        if self.locality_id:
            return self.locality.name
        if self.latitude is not None:
            nearest = Locality.objects.nearest(self.latitude, self.longitude)
            return nearest.name if nearest else ""
        return ""

    @property
    def is_finished(self):
        """Resolved or closed: the public page then says what was done, or that nothing public was said."""
        return self.status in (Status.RESOLVED, Status.CLOSED)

    @property
    def public_text(self):
        return self.public_description

    def allowed_transitions(self):
        return STATUS_TRANSITIONS[self.status]

    def place_public_point(self):
        """Set the public point from the exact point at the category's precision.

        Police events are only ever placed at their locality: their coordinates
        are the centre of the municipality, not the place of the event.
        """
        precision = self.category.public_precision
        if self.source == Source.POLICE or self.latitude is None:
            precision = Precision.LOCALITY
        if precision == Precision.EXACT:
            self.public_latitude, self.public_longitude = self.latitude, self.longitude
        elif precision == Precision.GRID:
            self.public_latitude, self.public_longitude = snap_to_grid(
                self.latitude, self.longitude, PUBLIC_GRID_METRES
            )
        elif self.locality_id:
            self.public_latitude, self.public_longitude = self.locality.latitude, self.locality.longitude
        else:
            self.public_latitude = self.public_longitude = None

    def save(self, *args, **kwargs):
        if self.locality_id is None and self.latitude is not None:
            self.locality = nearest_locality(self.latitude, self.longitude)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"public_latitude", "public_longitude"} & set(update_fields):
            # The precision as it is now, not as it was when the category was loaded: a change in
            # the admin during this request must not be undone with an old, more exact point.
            self.category.public_precision = (
                Category.objects.filter(pk=self.category_id).values_list("public_precision", flat=True).first()
                or self.category.public_precision
            )
        self.place_public_point()
        super().save(*args, **kwargs)

    # --- Moderation: each change is recorded in the report's history. ---

    def record(self, action, by=None, text="", changes=None):
        return self.events.create(action=action, actor=by, text=text, changes=changes or {})

    @transaction.atomic
    def set_status(self, status, by, reason=""):
        if status not in self.allowed_transitions():
            raise ValueError(f"A report cannot go from {self.status} to {status}.")
        old = self.status
        self.status = status
        now = timezone.now()
        if status == Status.PUBLISHED and self.published_at is None:
            self.published_at = now
        # The reason, the rejection and the resolution belong to the status they came with.
        self.resolved_at = now if status in (Status.RESOLVED, Status.CLOSED) else None
        self.status_reason = reason
        if old == Status.REJECTED:
            self.reject_reason = ""
            self.merged_into = None
        # The reporter's own words are never copied into the public text: without a text written by a
        # coordinator only the category, the place and the status are public.
        self.save()
        self.record(ReportEvent.Action.STATUS_CHANGED, by, reason, {"status": [old, status]})
        # A mail server that is down must not undo or break the change (nor a bulk action).
        transaction.on_commit(lambda: notifications.send_status_change(self), robust=True)
        if status in PUBLIC_STATUSES and self.merged_into_id is None:
            transaction.on_commit(lambda: notifications.send_to_followers(self), robust=True)

    def publish(self, by):
        self.set_status(Status.PUBLISHED, by)

    @transaction.atomic
    def reject(self, reason, by, note=""):
        self.reject_reason = reason
        self.set_status(Status.REJECTED, by, note or str(RejectReason(reason).label))

    def _original_rank(self):
        """Which of two reports stays the original: a resolved or closed one first, then the older one.

        Rejected and withdrawn reports are never originals.
        """
        return (
            self.status in (Status.REJECTED, Status.WITHDRAWN),
            self.status not in (Status.RESOLVED, Status.CLOSED),
            self.created_at,
            self.pk,
        )

    def should_stay_original_before(self, other):
        """True if a merge of the two should keep this report as the original and ``other`` as the duplicate."""
        return self._original_rank() < other._original_rank()

    @transaction.atomic
    def merge_into(self, original, by, confirmed=False):
        """Make this report a duplicate of ``original``.

        The usual direction is from the new report into the older (or the resolved) one;
        the other way only when the coordinator has ``confirmed`` it.
        """
        if original.pk == self.pk or original.merged_into_id:
            raise ValueError("A report cannot be merged into itself or into a merged report.")
        if self.should_stay_original_before(original) and not confirmed:
            raise ValueError("This report should stay the original; merging it into a newer one needs confirming.")
        self.merged_into = original
        # Reports already merged into this one follow it, so no chain of merges forms.
        self.merged.update(merged_into=original)
        self.reject_reason = RejectReason.DUPLICATE
        old = self.status
        self.status = Status.REJECTED
        self.status_reason = f"{RejectReason.DUPLICATE.label}: {original.reference}"
        self.save()
        self.record(ReportEvent.Action.MERGED, by, original.reference, {"status": [old, self.status]})
        original.record(ReportEvent.Action.MERGED, by, self.reference)

    @transaction.atomic
    def edit_public_text(self, text, by, confirmed=()):
        """Save the public text; ``confirmed`` lists the kinds of personal data the coordinator let stand."""
        old = self.public_description
        self.public_description = text
        self.save(update_fields=["public_description", "updated_at"])
        changes = {"public_description": [old, text]}
        if confirmed:
            changes["personal_data_confirmed"] = list(confirmed)
        self.record(ReportEvent.Action.EDITED, by, changes=changes)

    @transaction.atomic
    def assign(self, organisation, by, other=""):
        old = self.responsible_organisation
        self.responsible_organisation = organisation
        self.responsible_other = other if organisation == Organisation.OTHER else ""
        self.save(update_fields=["responsible_organisation", "responsible_other", "updated_at"])
        self.record(
            ReportEvent.Action.ASSIGNED,
            by,
            self.responsible_other,
            changes={"responsible_organisation": [old, organisation]},
        )

    @transaction.atomic
    def set_handler(self, handler, by):
        """Hand the report to a coordinator (or to nobody); recorded in the history."""
        old = self.handler
        self.handler = handler
        self.save(update_fields=["handler", "updated_at"])
        self.record(ReportEvent.Action.HANDLER_SET, by, changes={
            "handler": [str(old) if old else None, str(handler) if handler else None],
        })

    @transaction.atomic
    def respond(self, text, by, confirmed=()):
        """Save the public response; ``confirmed`` as for edit_public_text."""
        self.public_response = text
        self.save(update_fields=["public_response", "updated_at"])
        changes = {"personal_data_confirmed": list(confirmed)} if confirmed else None
        self.record(ReportEvent.Action.RESPONDED, by, text, changes)
        if self.is_public and text:
            transaction.on_commit(lambda: notifications.send_to_followers(self, responded=True), robust=True)

    def add_note(self, text, by):
        return self.record(ReportEvent.Action.NOTE, by, text)

    @property
    def can_be_messaged(self):
        """Imported police events have no reporter to write to."""
        return self.source != Source.POLICE

    @property
    def can_be_mailed(self):
        """The reporter left an e-mail address and agreed to be answered."""
        return bool(self.contact_email and self.consent_given)

    @transaction.atomic
    def message_reporter(self, text, by):
        """A private message to the reporter, now: mailed if they allowed it, always on their status page.

        Unlike the public response it does not wait for the next status change and is never public.
        """
        if not self.can_be_messaged:
            raise ValueError("A police event has no reporter to message.")
        event = self.record(ReportEvent.Action.MESSAGED, by, text)
        if self.can_be_mailed:
            # A mail server that is down must not undo the message: it is still on the status page.
            transaction.on_commit(lambda: notifications.send_message(self, text), robust=True)
        return event

    def log_contact_view(self, by):
        """Every look at a reporter's contact details by staff is logged, in the history and the audit trail."""
        from trygg.models import AuditEntry

        AuditEntry.record(by, AuditEntry.Action.CONTACT_VIEWED, self)
        return self.record(ReportEvent.Action.CONTACT_VIEWED, by)

    # --- What the reporter can do with the private status link. ---

    @property
    def can_be_withdrawn(self):
        return self.status == Status.NEW

    @transaction.atomic
    def withdraw(self):
        if not self.can_be_withdrawn:
            raise ValueError("Only unpublished reports can be withdrawn.")
        self.status = Status.WITHDRAWN
        self.save()
        self.record(ReportEvent.Action.WITHDRAWN)

    @transaction.atomic
    def remove_contact(self):
        if not self.can_be_withdrawn:
            raise ValueError("Contact details can be removed until the report is published.")
        self.clear_contact(save=False)
        self.save()
        self.record(ReportEvent.Action.CONTACT_REMOVED)

    @property
    def is_past_answer_deadline(self):
        return self.status == Status.NEW and self.created_at is not None and self.created_at < answer_deadline_cutoff()

    @property
    def can_be_reopened(self):
        return self.status == Status.RESOLVED

    @transaction.atomic
    def reopen(self, text=""):
        """The reporter says a resolved problem is back: it returns to the coordinator."""
        if not self.can_be_reopened:
            raise ValueError("Only resolved reports can be reopened.")
        self.status = Status.IN_PROGRESS
        self.reopened_count += 1
        self.resolved_at = None
        self.save()
        self.record(ReportEvent.Action.REOPENED, text=text, changes={"status": [Status.RESOLVED, self.status]})
        if self.is_public:
            transaction.on_commit(lambda: notifications.send_to_followers(self), robust=True)

    # --- What anyone can do on the public page. ---

    def confirm_seen(self):
        """"I have seen this too": counted on the public page, in the queue and in the problem picture."""
        if not self.is_public:
            raise ValueError("Only public reports can be confirmed.")
        return self.confirmations.create()

    @property
    def seen_count(self):
        return self.confirmations.count()


class ReportPhoto(models.Model):
    """A photo re-encoded without metadata; see incidents/photos.py."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="reports/%Y/%m/", width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to="reports/%Y/%m/thumbs/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]


class PendingPhotoQuerySet(models.QuerySet):
    def abandoned(self, now=None):
        """Kept longer than a send may come back for them: what the retention run deletes."""
        return self.filter(created_at__lt=(now or timezone.now()) - PendingPhoto.KEPT_FOR)

    def for_token(self, token, browser):
        """The photo a form's token names, if it is valid, unexpired and was kept for this very browser."""
        if not browser:
            return None
        try:
            pk = int(signing.loads(str(token), salt=PendingPhoto.TOKEN_SALT, max_age=PendingPhoto.KEPT_FOR))
        except (signing.BadSignature, ValueError, TypeError, AttributeError):
            return None
        return self.filter(pk=pk, browser=PendingPhoto.browser_key(browser)).first()


class PendingPhoto(models.Model):
    """A photo accepted on a report form that came back with errors, kept for the next send of that browser.

    Stored re-encoded without metadata, like every photo (incidents/photos.py).
    The form carries a signed token for it; only the browser it was kept for
    (its CSRF secret, as for submission ids in incidents/submissions.py) can
    attach it, for at most ``KEPT_FOR``. Attached ones become ReportPhotos and
    are deleted; abandoned ones are deleted by the retention run.
    """

    KEPT_FOR = timedelta(hours=24)
    TOKEN_SALT = "incidents.pending-photo"

    browser = models.UUIDField(editable=False)
    original_name = models.CharField(max_length=100)
    image = models.ImageField(upload_to="pending/")
    created_at = models.DateTimeField(db_default=Now())

    objects = PendingPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("kept photo")
        verbose_name_plural = _("kept photos")
        indexes = [models.Index(fields=["created_at"], name="pendingphoto_created_idx")]

    @staticmethod
    def browser_key(browser):
        return secret_uuid("pending-photo", browser)

    @property
    def token(self):
        return signing.dumps(str(self.pk), salt=self.TOKEN_SALT)


class ReportEventQuerySet(models.QuerySet):
    def public_status_changes(self):
        """Moves to a status the public may see (publishing, reopening…): the public page's status history."""
        return self.filter(ReportEvent.PUBLIC_STATUS_CHANGE)


class ReportEvent(models.Model):
    """The history of a report: who did what, when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Received")
        STATUS_CHANGED = "status", _("Status changed")
        EDITED = "edited", _("Public text edited")
        ASSIGNED = "assigned", _("Responsible organisation set")
        HANDLER_SET = "handler", _("Handler set")
        RESPONDED = "responded", _("Public response written")
        NOTE = "note", _("Internal note")
        MESSAGED = "messaged", _("Message to the reporter")
        MERGED = "merged", _("Merged")
        CONTACT_VIEWED = "contact_viewed", _("Contact details viewed")
        CONTACT_REMOVED = "contact_removed", _("Contact details removed by the reporter")
        WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")
        REOPENED = "reopened", _("Reopened by the reporter")
        FOLLOWED_UP = "followed_up", _("Follow-up answered")

    PUBLIC_STATUS_CHANGE = Q(action__in=[Action.STATUS_CHANGED, Action.REOPENED], changes__status__1__in=PUBLIC_STATUSES)

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["report", "created_at"]), models.Index(fields=["action", "created_at"])]

    @property
    def new_status_label(self):
        """The label of the status this entry moved the report to, if it did."""
        statuses = self.changes.get("status")
        return Status(statuses[1]).label if statuses else ""


class ReportConfirmationQuerySet(models.QuerySet):
    def counts_for(self, reports):
        """{report pk: how many said they have seen it too}, for these reports (a page of a list)."""
        return dict(self.filter(report__in=reports).order_by().values_list("report").annotate(models.Count("pk")))

    def between(self, start, end):
        """Made on the days from ``start`` to ``end`` (dates, both included, local time)."""
        return self.filter(created_at__date__range=(start, end))

    def per_category(self, start, end, locality=None, kind=None):
        """For the problem picture: [(category, confirmations, reports confirmed)] made in the period, most first."""
        confirmations = self.between(start, end)
        if locality is not None:
            confirmations = confirmations.filter(report__locality=locality)
        if kind:
            confirmations = confirmations.filter(report__kind=kind)
        rows = (
            confirmations.order_by().values("report__category", "report__category__name_sv", "report__category__name_en")
            .annotate(confirmations=models.Count("pk"), reports=models.Count("report", distinct=True))
            .order_by("-confirmations", "report__category")
        )
        # One query: the category's names come with the counts.
        return [
            (Category(pk=row["report__category"], name_sv=row["report__category__name_sv"],
                      name_en=row["report__category__name_en"]), row["confirmations"], row["reports"])
            for row in rows
        ]


class ReportConfirmation(models.Model):
    """"I have seen this too": someone says a public report matches what they saw themselves.

    Nothing about who is stored; a browser is counted once per report by a
    signed cookie that lists the reports it confirmed (incidents/views/following.py),
    and posts are rate-limited per address like every public post.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="confirmations")
    created_at = models.DateTimeField(db_default=Now())

    objects = ReportConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("“I have seen this too”")
        verbose_name_plural = _("“I have seen this too”")
        indexes = [models.Index(fields=["created_at"], name="reportconfirmation_created_idx")]


class ReportSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment):
        """Asked for, never confirmed, and the confirmation link has expired: what the retention run deletes."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment - ReportSubscription.CONFIRM_WITHIN)

    def for_token(self, token, salt, max_age=None):
        """The subscription a signed link names; None for a forged or expired one, or one removed since.

        Raises ``signing.BadSignature`` for a link that was never valid (forged, cut short, expired).
        """
        pk = signing.loads(str(token), salt=salt, max_age=max_age)
        if not str(pk).isdigit():
            raise signing.BadSignature("Not a subscription.")
        return self.select_related("report", "report__category").filter(pk=int(pk)).first()

    def of_email(self, email):
        return self.filter(email__iexact=email.strip())


class ReportSubscription(models.Model):
    """Someone follows a public report by e-mail: a mail at each public status change and public response.

    Double opt-in: nothing is sent but the confirmation mail until its signed
    link is used (within ``CONFIRM_WITHIN``). Every mail carries a signed
    one-click unsubscribe link. The address is personal data: never shown to
    anyone, deleted when unconfirmed, when the follower stops, and by the
    retention run after the report was closed (incidents/personal_data.py).
    Mails carry only the public text, never what the reporter wrote.
    """

    CONFIRM_WITHIN = timedelta(days=7)
    CONFIRM_SALT = "incidents.follow-confirm"
    UNSUBSCRIBE_SALT = "incidents.follow-unsubscribe"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("email"))
    language = models.CharField(max_length=10, default="sv")
    created_at = models.DateTimeField(db_default=Now())
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower by e-mail")
        verbose_name_plural = _("followers by e-mail")
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="reportsubscription_once_per_email")]
        indexes = [
            models.Index(fields=["email"], name="reportsubscription_email_idx"),
            models.Index(fields=["created_at"], name="reportsubscription_created_idx"),
        ]

    @classmethod
    @transaction.atomic
    def ask(cls, report, email, language="sv"):
        """Someone asks to follow ``report``: a confirmation mail goes out unless the address already follows it.

        Returns the subscription. Asking again renews an unconfirmed one and sends a new link; whether
        an address already follows is never told to whoever asks.
        """
        if not report.is_public:
            raise ValueError("Only public reports can be followed.")
        subscription, created = cls.objects.select_for_update().get_or_create(
            report=report, email=email.strip().lower(), defaults={"language": language}
        )
        if subscription.confirmed_at is None:
            if not created:
                subscription.created_at = timezone.now()
                subscription.language = language
                subscription.save(update_fields=["created_at", "language"])
            transaction.on_commit(lambda: notifications.send_follow_confirmation(subscription), robust=True)
        return subscription

    def confirm(self):
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def confirm_token(self):
        return signing.dumps(str(self.pk), salt=self.CONFIRM_SALT)

    @property
    def unsubscribe_token(self):
        return signing.dumps(str(self.pk), salt=self.UNSUBSCRIBE_SALT)


class ReplyTemplateQuerySet(models.QuerySet):
    def for_report(self, report):
        """The templates that fit a report: general ones and those for its kind or category."""
        return self.filter(
            Q(kind="") | Q(kind=report.kind), Q(category__isnull=True) | Q(category=report.category_id)
        )


class ReplyTemplate(models.Model):
    """A saved text for the public response or the private message to the reporter, edited in the admin.

    Picking one only fills the text box: the coordinator still reads, adapts and sends it.
    """

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), max_length=5000)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, blank=True, help_text=_("Offered only for reports of this kind.")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="reply_templates",
        verbose_name=_("category"), help_text=_("Offered only for reports in this category."),
    )

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


def reports_due_for_follow_up(now=None):
    """Resolved at least four weeks ago, with an email, never asked."""
    now = now or timezone.now()
    return Report.objects.filter(
        status=Status.RESOLVED,
        resolved_at__lte=now - timedelta(days=FOLLOW_UP_AFTER_DAYS),
        follow_up__isnull=True,
    ).exclude(contact_email="")


class SafetyFollowUp(models.Model):
    """'Känns platsen tryggare nu?' asked about four weeks after a report is resolved."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        DONT_KNOW = "dont_know", _("Don't know")

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="follow_up")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(db_default=Now())
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")


class PoliceEventType(models.Model):
    """Maps a police event type (e.g. "Skadegörelse") to a category; edited in the admin."""

    name = models.CharField(_("police event type"), max_length=100, unique=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("category"),
        help_text=_("Leave empty to keep the events of this type out of the portal."),
    )
    ignored = models.BooleanField(_("ignored"), default=False)

    class Meta:
        verbose_name = _("police event type")
        verbose_name_plural = _("police event types")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportRun(models.Model):
    """One import of police events (by the scheduled command or from the import page), kept for the coordinator."""

    started_at = models.DateTimeField(_("started"), db_default=Now())
    source = models.CharField(_("source"), max_length=500)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    unmapped = models.JSONField(_("unmapped types"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("police event import")
        verbose_name_plural = _("police event imports")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["-started_at"])]

    @property
    def succeeded(self):
        return not self.error


def hash_api_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class Open311KeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, key):
        """The active key with this secret, or None."""
        if not key:
            return None
        return self.active().filter(key_hash=hash_api_key(key)).first()


class Open311Key(models.Model):
    """An API key of a system that forwards residents' reports through Open311.

    Only a hash of the key is stored; the key itself is shown once when created.
    """

    name = models.CharField(_("system"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    requests_per_hour = models.PositiveIntegerField(_("requests per hour"), default=600)
    created_at = models.DateTimeField(_("created"), db_default=Now())
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = Open311KeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def create_key(cls, name, **fields):
        """Create a key; return (key object, the secret key to hand over once)."""
        secret = secrets.token_urlsafe(32)
        key = cls.objects.create(name=name, key_hash=hash_api_key(secret), key_prefix=secret[:8], **fields)
        return key, secret

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class CellCount(models.Model):
    """Public reports per cell of a map grid × category × kind, with the sums of their public points."""

    cell_y = models.IntegerField()
    cell_x = models.IntegerField()
    category = models.ForeignKey(Category, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                 related_name="+")
    kind = models.CharField(max_length=20)
    reports = models.IntegerField(default=0)
    latitude_sum = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    longitude_sum = models.DecimalField(max_digits=20, decimal_places=6, default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.cell_y}/{self.cell_x} {self.category_id}: {self.reports}"


class PublicCellCount(CellCount):
    """Public reports per cell of the map's finest aggregated grid × category (incidents.map_cells).

    Derived data, kept by a database trigger on incidents_report: wide map views add these cells
    up instead of counting every public report in the view. The sums of the public points give
    each cell's mean point.
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell_y", "cell_x", "category", "kind"], name="public_cell_count_key"),
        ]


class PublicPointCount(models.Model):
    """Public reports per public point × category (incidents.map_cells), for close map views.

    Derived data, kept by a database trigger on incidents_report like PublicCellCount: a view at
    zoom INDIVIDUAL_ZOOM or closer finds here whether it holds few enough points to show them one
    by one, and otherwise adds its cells up from the points in its box (exactly what counting the
    reports in the box gives, without reading them).
    """

    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    category = models.ForeignKey(Category, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                 related_name="+")
    kind = models.CharField(max_length=20)
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["latitude", "longitude", "category", "kind"], include=["reports"],
                                    name="public_point_count_key"),
        ]
        indexes = [
            # A narrow strip of longitudes (a close view's left and right edges, incidents.maps.kept_cells).
            models.Index(fields=["longitude", "latitude"], include=["category", "kind", "reports"],
                         name="public_point_count_longitude"),
        ]

    def __str__(self):
        return f"{self.latitude},{self.longitude} {self.category_id}: {self.reports}"


class PublicFineCellCount(CellCount):
    """PublicCellCount for the grid of zoom incidents.map_cells.FINE_ZOOM: close views too full to show their points.

    Kept by a trigger of its own; a close view adds up the fine cells wholly inside its box, and
    the public points (PublicPointCount) of the cells on its edges.
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell_y", "cell_x", "category", "kind"],
                                    include=["reports", "latitude_sum", "longitude_sum"],
                                    name="public_fine_cell_count_key"),
        ]
