import pytest

from incidents.filters import ReportFilterForm, StaffReportFilterForm
from incidents.models import Report, Source, Status

pytestmark = pytest.mark.django_db


def test_filter_by_kind_category_and_locality(make_report, categories, localities):
    dark = make_report(category=categories["belysning"])
    graffiti = make_report(category=categories["klotter"], locality=localities["myggenas"], latitude=None)
    form = ReportFilterForm({"kind": "unsafe_place"})
    assert list(form.filter(Report.objects.all())) == [dark]
    form = ReportFilterForm({"locality": localities["myggenas"].pk})
    assert list(form.filter(Report.objects.all())) == [graffiti]


def test_invalid_filter_values_are_ignored_not_errors(make_report):
    report = make_report()
    form = ReportFilterForm({"kind": "nonsense", "category": "999999", "date_from": "not-a-date"})
    assert list(form.filter(Report.objects.all())) == [report]


def test_staff_filter_by_status_and_source(make_report):
    make_report(status=Status.PUBLISHED)
    police = make_report(source=Source.POLICE, status=Status.PUBLISHED)
    form = StaffReportFilterForm({"source": "police", "status": "published"})
    assert list(form.filter(Report.objects.all())) == [police]
