"""The filters shared by the public list and map, the moderation queue and the exports."""

import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.maps import point_text
from incidents.models import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, Category, Kind, Locality, Report, Source, Status
from trygg.forms import FilterForm


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PublicPointField(forms.CharField):
    """A public point as the map's groups link to it: "latitude,longitude", cleaned to six decimals each."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            latitude, longitude = (Decimal(part.strip()) for part in value.split(","))
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(_("Give the place as latitude,longitude."), code="invalid") from None
        if not (latitude.is_finite() and longitude.is_finite() and -90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise forms.ValidationError(_("Give the place as latitude,longitude."), code="invalid")
        return point_text(latitude, longitude)


class ReportFilterForm(FilterForm):
    """GET filters; invalid values are ignored field by field, never an error page."""

    PERIODS = [
        ("", _("Any time")),
        ("7", _("Last 7 days")),
        ("30", _("Last 30 days")),
        ("90", _("Last 3 months")),
        ("365", _("Last 12 months")),
    ]

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.active(), required=False, empty_label=_("All categories")
    )
    locality = forms.ModelChoiceField(
        label=_("Locality"), queryset=Locality.objects.all(), required=False, empty_label=_("All localities")
    )
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # The reports at one public point: where the map's group of them links to the list.
    point = PublicPointField(required=False)

    def filter(self, reports):
        values = self.values
        if "point" in values:
            latitude, longitude = (Decimal(part) for part in values["point"].split(","))
            reports = reports.filter(public_latitude=latitude, public_longitude=longitude)
        if "kind" in values:
            reports = reports.filter(kind=values["kind"])
        if "category" in values:
            reports = reports.filter(category=values["category"])
        if "locality" in values:
            reports = reports.filter(locality=values["locality"])
        if "period" in values:
            reports = reports.filter(created_at__gte=timezone.now() - timedelta(days=int(values["period"])))
        if "date_from" in values:
            reports = reports.filter(created_at__date__gte=values["date_from"])
        if "date_to" in values:
            reports = reports.filter(created_at__date__lte=values["date_to"])
        if "status" in values:
            reports = reports.filter(status=values["status"])
        if "source" in values:
            reports = reports.filter(source=values["source"])
        return reports


class StaffReportFilterForm(ReportFilterForm):
    """Staff also filter by status and source, search by reference or text, and find reopened reports."""

    field_order = ["q"]
    point = None  # staff search near a place instead
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_("A reference such as TT-000123, or words from the description."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[("", _("All sources")), *Source.choices], required=False)
    reopened = forms.BooleanField(label=_("Reopened by the reporter"), required=False)
    overdue = forms.BooleanField(label=_("Past the answer deadline"), required=False)
    MINE, NOBODY = "mine", "nobody"
    handled = forms.ChoiceField(
        label=_("Handler"), required=False,
        choices=[("", _("Anyone or nobody")), (MINE, _("Mine, still open")), (NOBODY, _("Nobody yet"))],
    )

    # Near a place: a point (typed, or clicked on the staff map), a report's reference or a locality.
    # There is no address search: the portal runs without an online geocoder.
    RADII = [("100", "100 m"), ("250", "250 m"), ("500", "500 m"), ("1000", "1 km"), ("2000", "2 km"), ("5000", "5 km")]
    DEFAULT_RADIUS = 500
    near_place = forms.CharField(
        label=_("Near"), required=False, max_length=100,
        help_text=_("A report's reference (TT-000123) or a locality. Addresses cannot be looked up: give the "
                    "latitude and longitude instead, or click on the staff map."),
    )
    near_latitude = forms.DecimalField(
        label=_("Latitude of the centre"), required=False, max_digits=9, decimal_places=6,
        validators=LATITUDE_VALIDATORS, widget=forms.NumberInput(attrs={"step": "any"}),
    )
    near_longitude = forms.DecimalField(
        label=_("Longitude of the centre"), required=False, max_digits=9, decimal_places=6,
        validators=LONGITUDE_VALIDATORS, widget=forms.NumberInput(attrs={"step": "any"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=[("", _("Any distance")), *RADII], coerce=int, required=False,
        help_text=_("Only reports with a map point are found near a place, nearest first."),
    )

    def __init__(self, data=None, *, user=None, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user

    @property
    def near(self):
        """(latitude, longitude, metres) of the radius search, or None; sets ``near_error`` when the centre is unknown."""
        values = self.values
        self.near_error = ""
        if "near_latitude" in values and "near_longitude" in values:
            centre = values["near_latitude"], values["near_longitude"]
        elif values.get("near_place", "").strip():
            centre = self._centre_of(values["near_place"].strip())
            if centre is None:
                self.near_error = _("No report or locality called “%(place)s” was found, so the search is not limited "
                                    "to a place. Addresses cannot be looked up: give the latitude and longitude or "
                                    "click on the staff map.") % {"place": values["near_place"].strip()}
                return None
        else:
            return None
        return (*centre, values.get("radius") or self.DEFAULT_RADIUS)

    @staticmethod
    def _centre_of(place):
        reference = re.fullmatch(r"(?:TT-?)?0*(\d{1,9})", place, re.IGNORECASE)
        if reference:
            report = Report.objects.filter(pk=int(reference.group(1)), latitude__isnull=False).first()
            return (report.latitude, report.longitude) if report else None
        locality = Locality.objects.filter(Q(name__iexact=place) | Q(slug__iexact=place)).first()
        return (locality.latitude, locality.longitude) if locality else None

    def listed(self, reports):
        """The filtered reports in the staff lists' order: nearest first near a place, else new first, then newest."""
        reports = self.filter(reports)
        if self.near:
            return reports
        return reports.order_by(Case(When(status=Status.NEW, then=Value(0)), default=Value(1)), "-created_at", "-pk")

    def filter(self, reports):
        reports = super().filter(reports)
        values = self.values
        if near := self.near:
            reports = reports.near(*near)
        if values.get("q", "").strip():
            reports = reports.search(values["q"])
        if values.get("reopened"):
            reports = reports.reopened()
        if values.get("overdue"):
            reports = reports.past_answer_deadline()
        if values.get("handled") == self.MINE and self.user is not None:
            reports = reports.open().handled_by(self.user)
        elif values.get("handled") == self.NOBODY:
            reports = reports.filter(handler__isnull=True)
        return reports
