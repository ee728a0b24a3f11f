"""Staff exports of reports: CSV for Swedish Excel and GeoJSON, filtered like the lists.

An export is a POST (the filters in the button's query string) and is logged.
Staff see the exact point and the reporter's own description, but the
reporter's contact details are never exported. Both exports stream, row by
row, so that a large export never sits whole in memory.
"""

import csv
import json
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.filters import StaffReportFilterForm
from incidents.models import Organisation, Report
from trygg.decorators import logged_on_post
from trygg.models import AuditEntry

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000


def exported_reports(request):
    # The filters travel in the query string of the export button's form.
    form = StaffReportFilterForm(request.GET)
    reports = Report.objects.select_related("category", "locality").order_by("-created_at", "-pk")
    return form.filter(reports).iterator(chunk_size=CHUNK_SIZE)


def local_time(value):
    return timezone.localtime(value, STOCKHOLM).strftime("%Y-%m-%d %H:%M") if value else ""


def responsible(report):
    if report.responsible_organisation == Organisation.OTHER and report.responsible_other:
        return report.responsible_other
    return report.get_responsible_organisation_display()


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def decimal_comma(value):
    """Coordinates as Swedish Excel reads numbers: with a decimal comma."""
    return "" if value is None else str(value).replace(".", ",")


def field_label(name):
    return capfirst(Report._meta.get_field(name).verbose_name)


def csv_header():
    return [
        _("Reference"),
        field_label("created_at"),
        field_label("kind"),
        field_label("category"),
        field_label("locality"),
        field_label("status"),
        field_label("source"),
        field_label("responsible_organisation"),
        field_label("public_description"),
        _("Original description"),
        field_label("latitude"),
        field_label("longitude"),
        field_label("time_of_day"),
        _("Occurred on"),
        field_label("public_response"),
    ]


def csv_row(report):
    text = [
        report.reference,
        local_time(report.created_at),
        report.get_kind_display(),
        report.category.name,
        report.locality.name if report.locality else "",
        report.get_status_display(),
        report.get_source_display(),
        responsible(report),
        report.public_description,
        report.description,
    ]
    numbers = [decimal_comma(report.latitude), decimal_comma(report.longitude)]
    more_text = [
        report.get_time_of_day_display(),
        report.occurred_on.isoformat() if report.occurred_on else "",
        report.public_response,
    ]
    return [safe_cell(v) for v in text] + numbers + [safe_cell(v) for v in more_text]


class Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(reports, language):
    """The lines of the CSV: a byte-order mark first, so Excel reads UTF-8; semicolons between cells."""
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    with translation.override(language):
        yield "\ufeff" + writer.writerow(csv_header())
        for report in reports:
            yield writer.writerow(csv_row(report))


def audit_export(request, extension):
    """Every export is in the audit trail, with the filters it used."""
    detail = f"{extension.upper()} {request.GET.urlencode()}".strip()
    AuditEntry.record(request.user, AuditEntry.Action.EXPORTED, model=Report, detail=detail)


def attachment(response, extension):
    name = f"rapporter-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("incidents.export_report", raise_exception=True)
@logged_on_post(title=gettext_lazy("Export reports"), button=gettext_lazy("CSV for Excel"))
def export_csv(request):
    audit_export(request, "csv")
    lines = csv_lines(exported_reports(request), translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return attachment(response, "csv")


def geojson_feature(report):
    if report.latitude is not None:
        geometry = {"type": "Point", "coordinates": [float(report.longitude), float(report.latitude)]}
    elif report.public_latitude is not None:
        geometry = {"type": "Point", "coordinates": [float(report.public_longitude), float(report.public_latitude)]}
    else:
        geometry = None
    return {
        "type": "Feature",
        "id": report.pk,
        "geometry": geometry,
        "properties": {
            "reference": report.reference,
            "received": report.created_at.isoformat(),
            "kind": report.kind,
            "category": report.category.code,
            "category_name": report.category.name,
            "locality": report.locality.name if report.locality else None,
            "status": report.status,
            "source": report.source,
            "responsible_organisation": report.responsible_organisation,
            "responsible_other": report.responsible_other,
            "public_description": report.public_description,
            "description": report.description,
            "time_of_day": report.time_of_day,
            "occurred_on": report.occurred_on.isoformat() if report.occurred_on else None,
            "public_response": report.public_response,
            "exact_point": report.latitude is not None,
        },
    }


def geojson_chunks(reports, language):
    yield '{"type":"FeatureCollection","features":['
    with translation.override(language):
        for index, report in enumerate(reports):
            prefix = "," if index else ""
            yield prefix + json.dumps(geojson_feature(report), separators=(",", ":"), ensure_ascii=False)
    yield "]}"


@permission_required("incidents.export_report", raise_exception=True)
@logged_on_post(title=gettext_lazy("Export reports"), button="GeoJSON")
def export_geojson(request):
    audit_export(request, "geojson")
    chunks = geojson_chunks(exported_reports(request), translation.get_language())
    response = StreamingHttpResponse(chunks, content_type="application/geo+json; charset=utf-8")
    return attachment(response, "geojson")
