from django.urls import path

from incidents.views import reporting

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
]
