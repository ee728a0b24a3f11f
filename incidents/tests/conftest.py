"""Fixtures for the incidents tests: localities, categories and a report factory."""

from decimal import Decimal

import pytest

from incidents.categories import ensure_default_categories
from incidents.models import Category, Locality, Report, ReportEvent, Status

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
