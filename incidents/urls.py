from django.urls import path

from incidents.views import exports, following, moderation, police_import, public, reporting, staff_map

app_name = "incidents"

urlpatterns = [
    # Reporting
    path("rapportera/", reporting.report_start, name="report_start"),
    path("rapportera/ny/", reporting.report_new, name="report_new"),
    path("rapport/<str:token>/kvitto/", reporting.receipt, name="receipt"),
    path("rapport/<str:token>/", reporting.status, name="status"),
    path("rapport/<str:token>/aterkalla/", reporting.withdraw, name="withdraw"),
    path("rapport/<str:token>/ta-bort-kontakt/", reporting.remove_contact, name="remove_contact"),
    path("rapport/<str:token>/tillbaka/", reporting.reopen, name="reopen"),
    path("uppfoljning/<str:token>/", reporting.follow_up, name="follow_up"),
    path("mina-rapporter/", reporting.my_reports, name="my_reports"),
    # Moderation
    path("samordning/rapporter/", moderation.queue, name="queue"),
    path("samordning/rapporter/massatgard/", moderation.bulk, name="bulk"),
    path("samordning/rapporter/<int:pk>/", moderation.moderate, name="moderate"),
    path("samordning/rapporter/<int:pk>/kontakt/", moderation.contact, name="contact"),
    path("samordning/rapporter/<int:pk>/<str:action>/", moderation.moderate_action, name="moderate_action"),
    path("samordning/karta/", staff_map.staff_map, name="staff_map"),
    path("samordning/karta/rapporter.geojson", staff_map.staff_geojson, name="staff_geojson"),
    path("samordning/foto/<int:pk>/<str:size>/", moderation.photo, name="photo"),
    # Police events
    path("samordning/polisens-handelser/", police_import.police_import, name="police_import"),
    # Public map and list
    path("rapporter/", public.report_list, name="list"),
    path("rapporter/<int:pk>/", public.report_detail, name="detail"),
    path("rapporter/i-narheten/", following.nearby, name="nearby"),
    path("rapporter/<int:pk>/sett-aven/", following.seen_too, name="seen_too"),
    path("rapporter/<int:pk>/folj/", following.follow, name="follow"),
    path("folj/bekrafta/<str:token>/", following.follow_confirm, name="follow_confirm"),
    path("folj/avsluta/<str:token>/", following.unfollow, name="unfollow"),
    path("karta/", public.report_map, name="map"),
    path("karta/rapporter.geojson", public.reports_geojson, name="geojson"),
    # Staff exports
    path("samordning/export.csv", exports.export_csv, name="export_csv"),
    path("samordning/export.geojson", exports.export_geojson, name="export_geojson"),
]
