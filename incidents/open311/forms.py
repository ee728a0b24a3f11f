"""Validation of Open311 parameters: the searches (GET) and a new service request (POST)."""

import re
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from incidents.models import Category, Locality, in_service_area
from incidents.photos import MAX_PHOTOS, validate_photo
from trygg.geo import outside_message

# Without dates, searches cover the last 90 days; no answer holds more than 1,000 items.
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
STATUSES = {"open", "closed"}
COORDINATE_QUANTUM = Decimal("0.000001")  # the six decimals the database keeps

# "+01:00" sent unencoded in a query string arrives as " 01:00".
UNENCODED_PLUS = re.compile(r"(T\d{1,2}:\d{1,2}(?::\d{1,2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$")


class W3CDateTimeField(forms.Field):
    """A W3C date-time (2026-05-01T14:30:00+02:00, …Z) or a date; times without a zone are local.

    A date alone means the start of that day, or its end for an end date.
    """

    default_error_messages = {
        "invalid": _("Give a W3C date and time with time zone, e.g. 2026-05-01T14:30:00+02:00."),
    }

    def __init__(self, *, end_of_day=False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > 40:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        value = UNENCODED_PLUS.sub(r"\1+\2", value)
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                day = parse_date(value)
                if day is None:
                    raise ValueError(value)
                parsed = datetime.combine(day, time.max if self.end_of_day else time.min)
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            parsed.astimezone(dt_timezone.utc)  # out of range once in UTC?
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return parsed


class WindowForm(forms.Form):
    """start_date and end_date; without them the last 90 days."""

    start_date = W3CDateTimeField()
    end_date = W3CDateTimeField(end_of_day=True)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if "start_date" in self.errors or "end_date" in self.errors:
            return cleaned
        if end is None:
            end = timezone.now()
        if start is None:
            try:
                start = end - DEFAULT_WINDOW
            except OverflowError:
                raise ValidationError(self.fields["end_date"].error_messages["invalid"], code="invalid") from None
        if start > end:
            raise ValidationError(_("start_date must be before end_date."), code="order")
        cleaned["start_date"], cleaned["end_date"] = start, end
        return cleaned


def comma_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


class RequestSearchForm(WindowForm):
    """GET requests: service_request_id (then the rest is ignored), service_code, dates, status."""

    service_request_id = forms.CharField(required=False, max_length=20000)
    service_code = forms.CharField(required=False, max_length=5000)
    status = forms.CharField(required=False, max_length=100)

    def clean_service_request_id(self):
        ids = comma_list(self.cleaned_data["service_request_id"])
        if not all(item.isascii() and item.isdigit() and len(item) < 19 for item in ids):
            raise ValidationError(_("Give one or more numbers separated by commas."))
        return [int(item) for item in ids][:MAX_RESULTS]

    def clean_service_code(self):
        return comma_list(self.cleaned_data["service_code"])

    def clean_status(self):
        statuses = {item.lower() for item in comma_list(self.cleaned_data["status"])}
        if not statuses <= STATUSES:
            raise ValidationError(_("Give open, closed or both separated by a comma."))
        return statuses


def find_locality(text):
    """The locality whose name appears in the text as a word (the longest, if several)."""
    found = [
        locality
        for locality in Locality.objects.all()
        if re.search(rf"(?<!\w){re.escape(locality.name)}(?!\w)", text, flags=re.IGNORECASE)
    ]
    return max(found, key=lambda locality: len(locality.name), default=None)


class ServiceRequestForm(forms.Form):
    """POST requests: a new report from a system that forwards residents' reports.

    Field names are the specification's; `media` (up to three photos, as in
    the portal's own form) is this portal's documented extension.
    """

    service_code = forms.ModelChoiceField(
        queryset=Category.objects.active(),
        to_field_name="code",
        error_messages={"invalid_choice": _("Unknown service_code.")},
    )
    lat = forms.DecimalField(required=False, min_value=-90, max_value=90)
    long = forms.DecimalField(required=False, min_value=-180, max_value=180)
    address_string = forms.CharField(required=False, max_length=300)
    description = forms.CharField(max_length=4000)
    email = forms.EmailField(required=False, max_length=254)
    first_name = forms.CharField(required=False, max_length=100)
    last_name = forms.CharField(required=False, max_length=100)
    phone = forms.CharField(required=False, max_length=40)
    media_url = forms.URLField(required=False, max_length=900, assume_scheme="https")

    media = forms.FileField(required=False)

    def clean_media(self):
        """Every file sent as media (the field itself sees only the last one)."""
        uploads = self.files.getlist("media")
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("At most %(count)s photos."), params={"count": MAX_PHOTOS})
        for upload in uploads:
            validate_photo(upload)
        return uploads

    def clean(self):
        cleaned = super().clean()
        lat, long = cleaned.get("lat"), cleaned.get("long")
        if "lat" in self.errors or "long" in self.errors:
            return cleaned
        if (lat is None) != (long is None):
            raise ValidationError(_("Give both lat and long."), code="half_point")
        if lat is not None:
            if not in_service_area(lat, long):
                raise ValidationError(outside_message(lat, long), code="outside")
            cleaned["lat"], cleaned["long"] = lat.quantize(COORDINATE_QUANTUM), long.quantize(COORDINATE_QUANTUM)
            cleaned["locality"] = None
        elif cleaned.get("address_string"):
            cleaned["locality"] = find_locality(cleaned["address_string"])
            if cleaned["locality"] is None:
                raise ValidationError(
                    _("No locality of the municipality was found in address_string; send lat and long instead."),
                    code="unknown_address",
                )
        elif "address_string" not in self.errors:
            raise ValidationError(_("A location is required: lat and long, or address_string."), code="no_place")
        name = " ".join(filter(None, [cleaned.get("first_name"), cleaned.get("last_name")]))
        if len(name) > 200:
            raise ValidationError(_("first_name and last_name together are too long."), code="long_name")
        cleaned["contact_name"] = name
        return cleaned

    def report_fields(self):
        """The keyword arguments of submit_report for this request."""
        data = self.cleaned_data
        category = data["service_code"]
        return {
            "category": category,
            "kind": category.kind,
            "description": data["description"],
            "latitude": data["lat"],
            "longitude": data["long"],
            "locality": data["locality"],
            "place_description": data["address_string"],
            "contact_name": data["contact_name"],
            "contact_email": data["email"],
            "contact_phone": data["phone"],
            "photos": data["media"],
        }
