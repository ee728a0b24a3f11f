"""The public list, detail page and map of published reports.

Only ``Report.objects.public()`` is ever shown, at the public point the
category's precision gives; contact details, the reporter's own description
and the free-text place description never appear here.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from incidents.filters import ReportFilterForm
from incidents.forms import FollowForm
from incidents.maps import MapViewForm, default_bbox, map_cache_version, view_features
from incidents.models import Precision, Report, Source

REPORTS_PER_PAGE = 25
# "I have seen this too" is counted once per browser: a signed cookie lists the reports it confirmed.
SEEN_COOKIE = "sett"
SEEN_COOKIE_SALT = "incidents.seen-too"


def public_reports():
    return Report.objects.public().select_related("category", "locality").order_by("-created_at", "-pk")


def filter_query(form, leave_out=()):
    """The valid filters as a query string, for links that keep them (pages, map ↔ list)."""
    values = {name: getattr(value, "pk", value) for name, value in form.values.items() if name not in leave_out}
    return urlencode(values)


class CachedCountPaginator(Paginator):
    """A paginator whose total is counted once per settings.PUBLIC_CACHE_SECONDS for each filter.

    Counting a million published reports takes longer than the rest of the page together.
    """

    def __init__(self, object_list, per_page, count_key):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        key = f"list-count:v1:{hashlib.sha256(self.count_key.encode()).hexdigest()}"
        return caches["aggregates"].get_or_set(key, self.count_in_database, settings.PUBLIC_CACHE_SECONDS)

    def count_in_database(self):
        return super().count


@login_not_required
@require_safe
def report_list(request):
    form = ReportFilterForm(request.GET)
    reports = form.filter(public_reports())
    page = CachedCountPaginator(reports, REPORTS_PER_PAGE, filter_query(form)).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filter_query": filter_query(form),
        # Reached from a group of reports at one point on the map: the way back to every place.
        "at_point": "point" in form.values,
        "all_places_query": filter_query(form, leave_out=["point"]),
    }
    return render(request, "incidents/report_list.html", context)


def public_precision(report):
    """How exactly the report is shown in public (the rule of Report.place_public_point)."""
    if report.source == Source.POLICE or report.latitude is None:
        return Precision.LOCALITY
    return report.category.public_precision


def public_status_history(report):
    """(date, status label) of each change to a public status; no actors, no reasons."""
    return [(event.created_at, event.new_status_label) for event in report.events.public_status_changes()]


def seen_reports(request):
    """The reports this browser has said it has seen too (a signed cookie; forged or missing: none)."""
    value = request.get_signed_cookie(SEEN_COOKIE, default="", salt=SEEN_COOKIE_SALT)
    return [int(pk) for pk in value.split(",") if pk.isdigit()]


def detail_context(request, report, follow_form=None):
    precision = public_precision(report)
    return {
        "report": report,
        "precision": precision,
        "exact_point": precision == Precision.EXACT and report.public_latitude is not None,
        "history": public_status_history(report),
        "seen_count": report.seen_count,
        "seen_by_this_browser": report.pk in seen_reports(request),
        "follow_form": follow_form or FollowForm(),
    }


@login_not_required
@require_safe
def report_detail(request, pk):
    report = get_object_or_404(public_reports(), pk=pk)
    return render(request, "incidents/report_detail.html", detail_context(request, report))


@login_not_required
@require_safe
def report_map(request):
    form = ReportFilterForm(request.GET)
    query = filter_query(form)
    west, south, east, north = default_bbox()
    context = {
        "form": form,
        "filter_query": query,
        "geojson_url": reverse("incidents:geojson") + (f"?{query}" if query else ""),
        "bounds": json.dumps([[south, west], [north, east]]),
        "tiles_url": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "detail_url_template": reverse("incidents:detail", args=[0]).replace("/0/", "/{id}/"),
        "report_count": form.filter(Report.objects.public()).count(),
    }
    return render(request, "incidents/report_map.html", context)


@login_not_required
@require_safe
def reports_geojson(request):
    """Published reports in the view as GeoJSON: grid cells when wide, reports when close."""
    view = MapViewForm(request.GET)
    if not view.is_valid():
        return HttpResponse(
            json.dumps({"error": view.error_text()}, ensure_ascii=False),
            content_type="application/json",
            status=400,
        )
    # Over a million reports a wide view's grid takes a while to count: every view (filters, area,
    # zoom and language) is reused for as long as browsers may keep it anyway.
    query = urlencode(sorted(request.GET.items()))
    key = f"map:v1:{map_cache_version()}:{get_language()}:{hashlib.sha256(query.encode()).hexdigest()}"

    def feature_collection():
        form = ReportFilterForm(request.GET)
        features = view_features(
            form, view.cleaned_data["bbox"], view.cleaned_data["zoom"], list_query=filter_query(form)
        )
        return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                          ensure_ascii=False)

    body = caches["aggregates"].get_or_set(key, feature_collection, settings.PUBLIC_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response
