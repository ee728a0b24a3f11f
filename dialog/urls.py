from django.urls import path  # noqa: F401

from dialog.views import answering

app_name = "dialog"

urlpatterns = []

# --- answering: residents and staff answer surveys ---
urlpatterns += [
    path("enkater/", answering.survey_index, name="survey_index"),
    path("enkater/otrygga-platser.geojson", answering.insecurity_geojson, name="insecurity_geojson"),
    path("enkater/<int:pk>/", answering.answer, name="answer"),
    path("enkater/<int:pk>/tack/", answering.thanks, name="thanks"),
    path("enkat/inbjudan/<str:token>/", answering.invitation, name="invitation"),
]
