from django.urls import path

from incidents.views import public

app_name = "incidents"

urlpatterns = [
    # Public map and list
    path("rapporter/", public.report_list, name="list"),
    path("rapporter/<int:pk>/", public.report_detail, name="detail"),
    path("karta/", public.report_map, name="map"),
    path("karta/rapporter.geojson", public.reports_geojson, name="geojson"),
]
