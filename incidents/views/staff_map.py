"""The staff map: every report, unpublished included, at its exact point (coordinators and police).

It takes the queue's filters and its search near a place. The page lists the reports as well, which is
what works without JavaScript; static/js/staff_map.js draws the map from the GeoJSON endpoint. Neither
shows contact details or what the reporter wrote: a report's own page does, for those allowed.
The GeoJSON carries exact points of unpublished reports, so it is private: never kept in a shared cache.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

from incidents.filters import StaffReportFilterForm
from incidents.maps import default_bbox
from incidents.models import Report
from incidents.templatetags.geo_tags import distance

# The map and its list show at most this many reports (nearest or newest first); the queue pages through all.
MAX_REPORTS = 2000


def mapped_reports(request):
    form = StaffReportFilterForm(request.GET, user=request.user)
    reports = form.listed(Report.objects.filter(latitude__isnull=False).select_related("category", "locality"))
    return form, reports


@permission_required("incidents.view_report", raise_exception=True)
@require_safe
def staff_map(request):
    form, reports = mapped_reports(request)
    total = reports.count()
    query = request.GET.copy()
    query.pop("sida", None)
    query = query.urlencode()
    west, south, east, north = default_bbox()
    near = form.near
    return render(request, "incidents/staff_map.html", {
        "filter_form": form,
        "reports": reports[:MAX_REPORTS],
        "total": total,
        "truncated": total > MAX_REPORTS,
        "max_reports": MAX_REPORTS,
        "filter_query": query,
        "geojson_url": reverse("incidents:staff_geojson") + (f"?{query}" if query else ""),
        "bounds": json.dumps([[south, west], [north, east]]),
        "centre": json.dumps([float(near[0]), float(near[1]), near[2]]) if near else "",
        "tiles_url": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
    })


@permission_required("incidents.view_report", raise_exception=True)
@require_safe
@cache_control(private=True, no_cache=True)
@vary_on_cookie
def staff_geojson(request):
    form, reports = mapped_reports(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r.longitude), float(r.latitude)]},
            "properties": {
                "reference": r.reference,
                "status": r.get_status_display(),
                "published": r.is_public,
                "category": r.category.name,
                "received": r.created_at.date().isoformat(),
                "url": reverse("incidents:moderate", args=[r.pk]),
                **({"distance": distance(r.distance)} if form.near else {}),
            },
        }
        for r in reports[:MAX_REPORTS]
    ]
    body = {"type": "FeatureCollection", "features": features}
    if len(features) == MAX_REPORTS:
        body["note"] = _("Only the first %(count)d reports are shown: narrow the filters.") % {"count": MAX_REPORTS}
    return HttpResponse(json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                        content_type="application/geo+json")
