"""The public map's data: which reports fall in a view, grid cells for wide views, groups at shared points.

Every position here is a report's *public* point (``public_latitude`` and
``public_longitude``), which the category's precision has already moved to a
grid cell or locality centre: exact points never leave the database.
"""

import math
import secrets
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db.models import Avg, Count, F, FloatField, IntegerField, Sum, Window
from django.db.models.functions import Cast, Floor, RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No view of the map ever gets more features than this.
MAX_FEATURES = 2000
# From this zoom level on, reports are shown one by one (when few enough), grouped where they share a point.
INDIVIDUAL_ZOOM = 15
DEFAULT_ZOOM = 11
# A group of reports at one public point lists this many (the newest) in its popup; the list has them all.
POINT_REPORTS = 10
# An aggregation cell is about this many screen pixels wide (a tile is 256).
CELL_PIXELS = 64
# The cached map views carry this version in their key (see map_cache_version).
MAP_VERSION_KEY = "map:version"


def map_cache_version():
    """The version of the public points that the cached map views (the GeoJSON) are built from.

    Deleting keys by pattern is not possible in every cache backend (and clearing the
    whole cache would take the rate limits with it), so a change that moves public
    points takes a new version instead: every view is then computed anew.
    """
    store = caches["aggregates"]
    version = store.get(MAP_VERSION_KEY)
    if version is None:
        store.add(MAP_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = store.get(MAP_VERSION_KEY)
    return version


def empty_map_caches():
    """Forget every cached map view: public points have moved."""
    caches["aggregates"].set(MAP_VERSION_KEY, secrets.token_hex(8), timeout=None)


def default_bbox():
    """The service area as west,south,east,north (settings.MAP_BOUNDS is south,west,north,east)."""
    south, west, north, east = settings.MAP_BOUNDS
    return (west, south, east, north)


class BBoxField(forms.Field):
    default_error_messages = {
        "invalid": _("Give the area as four numbers: west,south,east,north."),
        "range": _("The area must lie within longitude −180 to 180 and latitude −90 to 90."),
        "order": _("West must be less than east and south less than north."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parts = str(value).split(",")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        if west >= east or south >= north:
            raise forms.ValidationError(self.error_messages["order"], code="order")
        return (west, south, east, north)


class MapViewForm(forms.Form):
    """The part of the map a browser shows: bbox=west,south,east,north and zoom 0–20."""

    bbox = BBoxField(required=False)
    zoom = forms.IntegerField(min_value=0, max_value=20, required=False)

    def clean_bbox(self):
        return self.cleaned_data["bbox"] or default_bbox()

    def clean_zoom(self):
        zoom = self.cleaned_data["zoom"]
        return DEFAULT_ZOOM if zoom is None else zoom

    def error_text(self):
        return " ".join(f"{name}: {error}" for name, errors in self.errors.items() for error in errors)


def cell_size(zoom, bbox):
    """(latitude step, longitude step) in degrees of the aggregation grid.

    The grid is fixed for each zoom level (its edges do not move while the map
    pans), and is made coarser when the view would hold more than MAX_FEATURES
    cells, so that a cell count is never cut off.
    """
    south, _west, north, _east = settings.MAP_BOUNDS
    lon_step = 360 / 2**zoom * CELL_PIXELS / 256
    # Roughly square cells in the portal's own latitudes.
    lat_step = lon_step * math.cos(math.radians((south + north) / 2))
    west, south, east, north = bbox
    while (math.floor(east / lon_step) - math.floor(west / lon_step) + 1) * (
        math.floor(north / lat_step) - math.floor(south / lat_step) + 1
    ) > MAX_FEATURES:
        lon_step *= 2
        lat_step *= 2
    return lat_step, lon_step


def in_bbox(reports, bbox):
    west, south, east, north = bbox
    return reports.filter(
        public_latitude__isnull=False,
        public_longitude__isnull=False,
        public_latitude__range=(south, north),
        public_longitude__range=(west, east),
    )


def point(longitude, latitude):
    return {"type": "Point", "coordinates": [round(float(longitude), 6), round(float(latitude), 6)]}


def cell_features(reports, zoom, bbox):
    """One feature per grid cell that holds reports, at the mean public point of its reports."""
    lat_step, lon_step = cell_size(zoom, bbox)
    latitude = Cast("public_latitude", FloatField())
    longitude = Cast("public_longitude", FloatField())
    cells = (
        reports.order_by()
        .annotate(
            cell_y=Cast(Floor(latitude / lat_step), IntegerField()),
            cell_x=Cast(Floor(longitude / lon_step), IntegerField()),
        )
        .values("cell_y", "cell_x")
        .annotate(count=Count("pk"), mean_latitude=Avg(latitude), mean_longitude=Avg(longitude))
        .order_by("-count", "cell_y", "cell_x")[:MAX_FEATURES]
    )
    return [
        {
            "type": "Feature",
            "geometry": point(cell["mean_longitude"], cell["mean_latitude"]),
            "properties": {"count": cell["count"], "cell": True},
        }
        for cell in cells
    ]


def report_properties(report):
    """A report's public fields on the map."""
    return {
        "id": report.pk,
        "reference": report.reference,
        "category": report.category.name,
        "kind": report.kind,
        "status": report.status,
        "url": reverse("incidents:detail", args=[report.pk]),
    }


def point_text(latitude, longitude):
    """A public point as the list's ``point`` filter takes it: "latitude,longitude" with six decimals."""
    return f"{latitude:.6f},{longitude:.6f}"


def point_features(reports, list_query=""):
    """One feature per public point: a report alone there, or a group of the reports that share it.

    Reports of a category shown at locality precision (or in the 250 m grid) share one public
    point: drawn one by one they would lie on top of each other, at any zoom. A group says how
    many it holds and carries the newest POINT_REPORTS of them for its popup, and a link to the
    public list filtered to the point (with the map's other filters) for all of them.
    Returns None when the view holds more than MAX_FEATURES points (then it is shown in cells).
    """
    at_point = [F("public_latitude"), F("public_longitude")]
    ranked = (
        reports.select_related("category")
        .only("pk", "kind", "status", "public_latitude", "public_longitude", "category__name_sv", "category__name_en")
        .annotate(
            at_point=Window(Count("pk"), partition_by=at_point),
            rank=Window(RowNumber(), partition_by=at_point, order_by=[F("created_at").desc(), F("pk").desc()]),
        )
        .filter(rank__lte=POINT_REPORTS)
        .order_by("public_latitude", "public_longitude", "rank")
    )
    groups = {}
    for report in ranked[: (MAX_FEATURES + 1) * POINT_REPORTS]:
        groups.setdefault((report.public_latitude, report.public_longitude), []).append(report)
        if len(groups) > MAX_FEATURES:
            return None
    return grouped_point_features(groups, {point: group[0].at_point for point, group in groups.items()}, list_query)


def grouped_point_features(groups, counts, list_query=""):
    """Features of public points: {(latitude, longitude): its newest reports} with counts {(latitude, longitude): n}."""
    features = []
    for (latitude, longitude), group in groups.items():
        count = counts[(latitude, longitude)]
        if count == 1:
            properties = report_properties(group[0])
        else:
            query = "&".join(part for part in (list_query, urlencode({"point": point_text(latitude, longitude)})) if part)
            properties = {
                "count": count,
                "group": True,
                "reports": [report_properties(report) for report in group],
                "list_url": f"{reverse('incidents:list')}?{query}",
            }
        features.append({"type": "Feature", "geometry": point(longitude, latitude), "properties": properties})
    return features


def rolled_up_cell_features(bbox, zoom, kind=None, category=None):
    """cell_features() added up from the map's cells kept by the database (incidents.map_cells).

    The view's grid cells are sums of whole CELL_ZOOM cells; the cells the box touches count.
    """
    from incidents.map_cells import steps
    from incidents.models import PublicCellCount

    lat_step, lon_step = cell_size(zoom, bbox)
    base_lat, base_lon = steps()
    factor = round(lon_step / base_lon)  # a power of two: the view's cell is factor × factor of these
    west, south, east, north = bbox
    rows = PublicCellCount.objects.filter(
        cell_y__gte=math.floor(south / base_lat), cell_y__lte=math.floor(north / base_lat),
        cell_x__gte=math.floor(west / base_lon), cell_x__lte=math.floor(east / base_lon), reports__gt=0,
    )
    if kind:
        rows = rows.filter(kind=kind)
    if category is not None:
        rows = rows.filter(category=category)
    cells = {}
    for y, x, n, latitude_sum, longitude_sum in rows.values_list(
        "cell_y", "cell_x", "reports", "latitude_sum", "longitude_sum"
    ):
        cell = cells.setdefault((y // factor, x // factor), [0, 0, 0])
        cell[0] += n
        cell[1] += latitude_sum
        cell[2] += longitude_sum
    return summed_cell_features(cells)


def summed_cell_features(cells):
    """Features of cells {(cell_y, cell_x): [reports, latitude sum, longitude sum]}, the fullest first, as cell_features()."""
    ordered = sorted(cells.items(), key=lambda item: (-item[1][0], item[0][0], item[0][1]))[:MAX_FEATURES]
    return [
        {
            "type": "Feature",
            "geometry": point(longitude_sum / n, latitude_sum / n),
            "properties": {"count": n, "cell": True},
        }
        for _cell, (n, latitude_sum, longitude_sum) in ordered
    ]


def kept_close_features(bbox, zoom, kind=None, category=None, list_query=""):
    """map_features() for a close view (zoom ≥ INDIVIDUAL_ZOOM) from the public points the database keeps.

    incidents.PublicPointCount holds the view's points and how many public reports each has: at
    most MAX_FEATURES of them are shown one by one (the newest POINT_REPORTS reports of each read
    from the reports, point by point), more are added up into the view's cells. Both are what
    counting the reports in the box gives.
    """
    from incidents.models import PublicPointCount

    west, south, east, north = bbox
    rows = PublicPointCount.objects.filter(
        latitude__range=(south, north), longitude__range=(west, east), reports__gt=0,
    )
    if kind:
        rows = rows.filter(kind=kind)
    if category is not None:
        rows = rows.filter(category=category)
    at_points = (rows.values("latitude", "longitude").annotate(n=Sum("reports")).order_by("latitude", "longitude")
                 .values_list("latitude", "longitude", "n"))
    # One query: the points, or one more than may be shown, which says there are too many.
    points = list(at_points[: MAX_FEATURES + 1]) if zoom >= INDIVIDUAL_ZOOM else []
    if zoom >= INDIVIDUAL_ZOOM and len(points) <= MAX_FEATURES:
        counts = {(latitude, longitude): n for latitude, longitude, n in points}
        groups = newest_reports_at(counts, kind=kind, category=category)
        return grouped_point_features(groups, counts, list_query)
    return kept_cells(rows, bbox, zoom, kind=kind, category=category)


def kept_cells(points, bbox, zoom, kind=None, category=None):
    """cell_features() of a close view from the fine cells wholly inside its box and the points on its edges.

    `points` is the view's PublicPointCount rows. A view's cell is made of whole fine cells
    (incidents.map_cells.FINE_ZOOM, as the zoom-14 cells make the wider views'). The fine cells
    wholly inside the box count whole (their points all lie in it: floor is monotonic); the points
    of the cells on its edges are counted one by one, against the box itself, so the cells are
    exactly those of counting the reports in the box.
    """
    from incidents.map_cells import FINE_ZOOM, steps
    from incidents.models import PublicFineCellCount

    lat_step, lon_step = cell_size(zoom, bbox)
    fine_lat, fine_lon = steps(FINE_ZOOM)
    factor = round(lon_step / fine_lon)  # a power of two: the view's cell is factor × factor fine cells
    west, south, east, north = bbox
    if factor < 1:  # closer than the fine grid: add the points up
        factor, fine_lat, fine_lon = 1, lat_step, lon_step
        y0, y1, x0, x1 = 1, 0, 1, 0
    else:
        y0, y1 = math.floor(south / fine_lat) + 1, math.floor(north / fine_lat) - 1
        x0, x1 = math.floor(west / fine_lon) + 1, math.floor(east / fine_lon) - 1
    cells = {}

    def add(y, x, n, latitude_sum, longitude_sum):
        cell = cells.setdefault((y // factor, x // factor), [0, 0.0, 0.0])
        cell[0] += n
        cell[1] += float(latitude_sum)
        cell[2] += float(longitude_sum)

    inside = y0 <= y1 and x0 <= x1
    if inside:
        rows = PublicFineCellCount.objects.filter(cell_y__range=(y0, y1), cell_x__range=(x0, x1), reports__gt=0)
        if kind:
            rows = rows.filter(kind=kind)
        if category is not None:
            rows = rows.filter(category=category)
        for row in rows.values_list("cell_y", "cell_x", "reports", "latitude_sum", "longitude_sum"):
            add(*row)
    latitude = Cast("latitude", FloatField())
    longitude = Cast("longitude", FloatField())
    points = points.annotate(
        cell_y=Cast(Floor(latitude / fine_lat), IntegerField()),
        cell_x=Cast(Floor(longitude / fine_lon), IntegerField()),
    )
    if inside:
        # The edges, each a narrow range of the indexes (a cell wider than asked; the cell decides).
        edges = [
            points.filter(latitude__lte=(y0 + 1) * fine_lat, cell_y__lt=y0),
            points.filter(latitude__gte=y1 * fine_lat, cell_y__gt=y1),
            points.filter(longitude__lte=(x0 + 1) * fine_lon, cell_x__lt=x0, cell_y__range=(y0, y1)),
            points.filter(longitude__gte=x1 * fine_lon, cell_x__gt=x1, cell_y__range=(y0, y1)),
        ]
    else:
        edges = [points]
    for edge in edges:
        for row in (
            edge.values("cell_y", "cell_x")
            .annotate(n=Sum("reports"), latitude_sum=Sum(F("reports") * latitude),
                      longitude_sum=Sum(F("reports") * longitude))
            .order_by()
            .values_list("cell_y", "cell_x", "n", "latitude_sum", "longitude_sum")
        ):
            add(*row)
    return summed_cell_features(cells)


def newest_reports_at(points, kind=None, category=None):
    """{(latitude, longitude): the newest POINT_REPORTS public reports there} for the public points `points`.

    One index lookup per point (a lateral join) instead of ranking every report in the view.
    """
    from incidents.map_cells import on_the_map
    from incidents.models import Report

    if not points:
        return {}
    filters, params = "", [[p[0] for p in points], [p[1] for p in points]]
    if kind:
        filters += " AND r.kind = %s"
        params.append(kind)
    if category is not None:
        filters += " AND r.category_id = %s"
        params.append(getattr(category, "pk", category))
    params.append(POINT_REPORTS)
    ids = Report.objects.raw(
        f"""SELECT newest.id FROM unnest(%s::numeric[], %s::numeric[]) AS p(latitude, longitude)
        CROSS JOIN LATERAL (
          SELECT r.id FROM incidents_report r
          WHERE r.public_latitude = p.latitude AND r.public_longitude = p.longitude AND {on_the_map("r")}{filters}
          ORDER BY r.created_at DESC, r.id DESC LIMIT %s
        ) newest""",
        params,
    )
    reports = (
        Report.objects.filter(pk__in=[report.pk for report in ids])
        .select_related("category")
        .only("pk", "kind", "status", "created_at", "public_latitude", "public_longitude",
              "category__name_sv", "category__name_en")
        .order_by("public_latitude", "public_longitude", "-created_at", "-pk")
    )
    groups = {}
    for report in reports:
        groups.setdefault((report.public_latitude, report.public_longitude), []).append(report)
    return groups


def view_features(form, bbox, zoom, list_query=""):
    """The public map's features for a view with the filters of `form` (incidents.filters.ReportFilterForm).

    Views filtered at most by kind and category read what the database keeps (incidents.map_cells):
    wide ones add up its cells, close ones (zoom ≥ INDIVIDUAL_ZOOM) read its points; any other view
    counts the public reports in it.
    """
    from incidents import map_cells
    from incidents.models import Report

    values = form.values
    if map_cells.available() and set(values) <= {"kind", "category"}:
        kind, category = values.get("kind"), values.get("category")
        if zoom <= map_cells.CELL_ZOOM:
            return rolled_up_cell_features(bbox, zoom, kind=kind, category=category)
        return kept_close_features(bbox, zoom, kind=kind, category=category, list_query=list_query)
    return map_features(form.filter(Report.objects.public()), bbox, zoom, list_query=list_query)


def map_features(reports, bbox, zoom, list_query=""):
    """The features for a map view: grid cells when wide or crowded, public points (one or a group) when close.

    ``list_query`` is the map's filters as a query string, kept in a group's link to the list.
    """
    reports = in_bbox(reports, bbox)
    features = point_features(reports, list_query) if zoom >= INDIVIDUAL_ZOOM else None
    return cell_features(reports, zoom, bbox) if features is None else features
