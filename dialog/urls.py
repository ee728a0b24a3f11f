from django.urls import path  # noqa: F401

from dialog.views import results

app_name = "dialog"

urlpatterns = []

# --- Results ---
urlpatterns += [
    path("samordning/enkater/<int:pk>/resultat/", results.results, name="results"),
    path("samordning/enkater/<int:pk>/resultat/diagram/<int:question_pk>.svg", results.results_chart,
         name="results_chart"),
    path("samordning/enkater/<int:pk>/resultat/trygghetsindex.svg", results.results_index_chart,
         name="results_index_chart"),
    path("samordning/enkater/<int:pk>/resultat/fritext/", results.free_text, name="free_text"),
    path("samordning/enkater/<int:pk>/resultat/svar.csv", results.results_csv, name="results_csv"),
    path("samordning/enkater/<int:pk>/resultat/publicera/", results.publish, name="results_publish"),
    path("enkater/<int:pk>/resultat/", results.public_results, name="public_results"),
    path("enkater/<int:pk>/resultat/diagram/<int:question_pk>.svg", results.public_results_chart,
         name="public_results_chart"),
    path("enkater/<int:pk>/resultat/trygghetsindex.svg", results.public_results_index_chart,
         name="public_results_index_chart"),
]
