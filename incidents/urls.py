from django.urls import path

from incidents.views import exports, public

app_name = "incidents"

urlpatterns = [
    # Public map and list
    path("rapporter/", public.report_list, name="list"),
    path("rapporter/<int:pk>/", public.report_detail, name="detail"),
    path("karta/", public.report_map, name="map"),
    path("karta/rapporter.geojson", public.reports_geojson, name="geojson"),
    # Staff exports
    path("samordning/export.csv", exports.export_csv, name="export_csv"),
    path("samordning/export.geojson", exports.export_geojson, name="export_geojson"),
]
