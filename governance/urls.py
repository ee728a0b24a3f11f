from django.urls import path

from governance.views import measures, promises

app_name = "governance"

urlpatterns = []

# --- measures ---
urlpatterns += [
    path("styrning/atgarder/", measures.measure_list, name="measure_list"),
    path("styrning/atgarder/ny/", measures.measure_create, name="measure_create"),
    path("styrning/atgarder/karta.geojson", measures.measures_geojson, name="measures_geojson"),
    path("styrning/atgarder/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("styrning/atgarder/<int:pk>/andra/", measures.measure_edit, name="measure_edit"),
    path("styrning/atgarder/<int:pk>/lagesrapport/", measures.measure_add_progress, name="measure_add_progress"),
    path("styrning/atgarder/<int:pk>/delmal/", measures.measure_add_milestone, name="measure_add_milestone"),
    path(
        "styrning/atgarder/<int:pk>/delmal/<int:milestone_pk>/klar/", measures.milestone_done, name="milestone_done"
    ),
    path("medborgarloften/", promises.promises, name="promises"),
    path("styrning/medborgarloften/ny/", promises.promise_create, name="promise_create"),
    path("styrning/medborgarloften/<int:pk>/andra/", promises.promise_edit, name="promise_edit"),
    path("styrning/handlingsplan/", promises.action_plan_current, name="action_plan_current"),
    path("styrning/handlingsplan/<int:year>/", promises.action_plan, name="action_plan"),
]
