"""Fixtures for the incidents tests: localities, categories and a report factory."""

import time
import uuid
from decimal import Decimal

import pytest
from django.core import signing

from incidents.categories import ensure_default_categories
from incidents.forms import FORM_STARTED_SALT
from incidents.models import Category, Locality, Open311Key, Report, ReportEvent, Status

SKARHAMN = (Decimal("57.988000"), Decimal("11.548000"))
MYGGENAS = (Decimal("58.070000"), Decimal("11.755000"))


@pytest.fixture
def localities(db):
    return {
        "skarhamn": Locality.objects.create(
            name="Skärhamn", slug="skarhamn", municipality="Tjörns kommun",
            latitude=SKARHAMN[0], longitude=SKARHAMN[1], population=3400,
        ),
        "myggenas": Locality.objects.create(
            name="Myggenäs", slug="myggenas", municipality="Tjörns kommun",
            latitude=MYGGENAS[0], longitude=MYGGENAS[1], population=1000,
        ),
    }


@pytest.fixture
def categories(db):
    """The standard categories (live_server tests flush the migration's rows)."""
    ensure_default_categories(Category)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def make_report(localities, categories):
    """Create a report directly; keyword arguments override the defaults."""

    def make(**fields):
        fields.setdefault("category", categories["belysning"])
        fields.setdefault("kind", fields["category"].kind)
        fields.setdefault("description", "Mörk gångväg utan belysning vid skolan.")
        if "latitude" not in fields and "locality" not in fields:
            fields["latitude"], fields["longitude"] = SKARHAMN
        status = fields.pop("status", Status.NEW)
        report = Report(**fields)
        report.status = status
        if status != Status.NEW and not report.public_description:
            report.public_description = report.description
        report.save()
        report.record(ReportEvent.Action.CREATED)
        return report

    return make


@pytest.fixture
def form_data(categories, localities):
    """A valid report form post (an unsafe place with a map point)."""
    return {
        "kind": "unsafe_place",
        "category": categories["belysning"].pk,
        "description": "Mörk gångväg vid skolan, ingen belysning.",
        "latitude": "57.990000",
        "longitude": "11.550000",
        "locality": "",
        "place_description": "",
        "occurred_on": "",
        "time_of_day": "evening",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "form_started": signing.dumps(time.time() - 60, salt=FORM_STARTED_SALT),
        "submission_id": str(uuid.uuid4()),
    }


@pytest.fixture
def secret(db):
    """The api_key of a system that sends reports through Open311."""
    return Open311Key.create_key("FixaMinGata")[1]


def valid_post(secret, **overrides):
    """A valid Open311 service request; None in overrides leaves a parameter out."""
    data = {
        "api_key": secret,
        "service_code": "belysning",
        "lat": "57.988123",
        "long": "11.548456",
        "description": "Lampan vid busshållplatsen är trasig.",
        "email": "boende@example.org",
        "first_name": "Anna",
        "last_name": "Svensson",
        "phone": "0701234567",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
