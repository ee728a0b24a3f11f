from django.urls import path

from dialog.views import activities, feedback

app_name = "dialog"

urlpatterns = [
    # --- feedback: Tyck till and dialogue activities ---
    path("tyck-till/", feedback.feedback_new, name="feedback"),
    path("tyck-till/tack/<uuid:submission_id>/", feedback.feedback_thanks, name="feedback_thanks"),
    path("tyck-till/svar/", feedback.answered, name="answered"),
    path("samordning/synpunkter/", feedback.feedback_queue, name="feedback_queue"),
    path("samordning/synpunkter/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("samordning/synpunkter/<int:pk>/<str:action>/", feedback.feedback_action, name="feedback_action"),
    path("samordning/dialog/", activities.activity_list, name="activity_list"),
    path("samordning/dialog/ny/", activities.activity_create, name="activity_create"),
    path("samordning/dialog/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("samordning/dialog/<int:pk>/andra/", activities.activity_edit, name="activity_edit"),
    path("samordning/dialog/iakttagelse/<int:pk>/rapport/", activities.concern_to_report, name="concern_to_report"),
    # --- end feedback ---
]
