from django.urls import path

from dialog.views import activities, answering, builder, feedback, public_activities, results

app_name = "dialog"

urlpatterns = []

# --- Survey builder (feature/surveys) ---
urlpatterns += [
    path("samordning/enkater/", builder.survey_list, name="survey_list"),
    path("samordning/enkater/ny/", builder.survey_create, name="survey_create"),
    path("samordning/enkater/<int:pk>/", builder.survey_edit, name="survey_edit"),
    path("samordning/enkater/<int:pk>/kopiera/", builder.survey_copy, name="survey_copy"),
    path("samordning/enkater/<int:pk>/forhandsvisning/", builder.survey_preview, name="survey_preview"),
    path("samordning/enkater/<int:pk>/publicera/", builder.survey_publish, name="survey_publish"),
    path("samordning/enkater/<int:pk>/inbjudningar/", builder.survey_invitations, name="invitations"),
    path("samordning/enkater/<int:pk>/sidor/ny/", builder.page_add, name="page_add"),
    path("samordning/enkater/sidor/<int:pk>/", builder.page_edit, name="page_edit"),
    path("samordning/enkater/sidor/<int:pk>/ta-bort/", builder.page_delete, name="page_delete"),
    path("samordning/enkater/sidor/<int:pk>/ny-fraga/", builder.question_add, name="question_add"),
    path("samordning/enkater/fragor/<int:pk>/", builder.question_edit, name="question_edit"),
    path("samordning/enkater/fragor/<int:pk>/ta-bort/", builder.question_delete, name="question_delete"),
    path("samordning/enkater/fragor/<int:pk>/flytta/<str:direction>/", builder.question_move, name="question_move"),
]

# --- answering: residents and staff answer surveys ---
urlpatterns += [
    path("enkater/", answering.survey_index, name="survey_index"),
    path("enkater/otrygga-platser.geojson", answering.insecurity_geojson, name="insecurity_geojson"),
    path("enkater/<int:pk>/", answering.answer, name="answer"),
    path("enkater/<int:pk>/tack/", answering.thanks, name="thanks"),
    path("enkat/inbjudan/<str:token>/", answering.invitation, name="invitation"),
]

# --- feedback: Tyck till and dialogue activities ---
urlpatterns += [
    path("tyck-till/", feedback.feedback_new, name="feedback"),
    path("tyck-till/tack/<uuid:submission_id>/", feedback.feedback_thanks, name="feedback_thanks"),
    path("tyck-till/svar/", feedback.answered, name="answered"),
    path("samordning/synpunkter/", feedback.feedback_queue, name="feedback_queue"),
    path("samordning/synpunkter/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("samordning/synpunkter/<int:pk>/kontakt/", feedback.feedback_contact, name="feedback_contact"),
    path("samordning/synpunkter/<int:pk>/<str:action>/", feedback.feedback_action, name="feedback_action"),
    path("dialog/", public_activities.public_activities, name="public_activities"),
    path("dialog/kalender.ics", public_activities.activities_calendar, name="activities_calendar"),
    path("dialog/<int:pk>/", public_activities.public_activity, name="public_activity"),
    path("samordning/dialog/", activities.activity_list, name="activity_list"),
    path("samordning/dialog/ny/", activities.activity_create, name="activity_create"),
    path("samordning/dialog/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("samordning/dialog/<int:pk>/andra/", activities.activity_edit, name="activity_edit"),
    path("samordning/dialog/iakttagelse/<int:pk>/rapport/", activities.concern_to_report, name="concern_to_report"),
]

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
