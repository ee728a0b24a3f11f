from django.urls import path  # noqa: F401

from governance.views import agreement, decisions, meetings

app_name = "governance"

urlpatterns = []

# --- meetings ---
urlpatterns += [
    path("samverkan/", agreement.agreement, name="agreement"),
    path("beslut/", decisions.public_decisions, name="public_decisions"),
    path("styrning/moten/", meetings.meeting_list, name="meeting_list"),
    path("styrning/moten/nytt/", meetings.meeting_create, name="meeting_create"),
    path("styrning/moten/<int:pk>.ics", meetings.meeting_ics, name="meeting_ics"),
    path("styrning/moten/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("styrning/moten/<int:pk>/andra/", meetings.meeting_edit, name="meeting_edit"),
    path("styrning/moten/<int:pk>/dagordning/ny/", meetings.agenda_item_create, name="agenda_item_create"),
    path("styrning/moten/<int:pk>/dagordning/<int:item_pk>/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path("styrning/moten/<int:pk>/dagordning/<int:item_pk>/flytta/", meetings.agenda_item_move, name="agenda_item_move"),
    path("styrning/moten/<int:pk>/narvaro/", meetings.meeting_attendance, name="meeting_attendance"),
    path("styrning/moten/<int:pk>/protokoll/", meetings.minutes, name="minutes"),
    path("styrning/moten/<int:pk>/protokoll/skriv/", meetings.minutes_edit, name="minutes_edit"),
    path("styrning/moten/<int:pk>/protokoll/rattelse/", meetings.minutes_correct, name="minutes_correct"),
    path("styrning/moten/<int:pk>/status/<str:action>/", meetings.meeting_transition, name="meeting_transition"),
    path("styrning/moten/<int:pk>/skicka-dagordning/", meetings.meeting_send_agenda, name="meeting_send_agenda"),
    path("styrning/moten/<int:pk>/beslut/nytt/", decisions.decision_create, name="decision_create"),
    path("styrning/grupper/<slug:slug>.ics", meetings.group_ics, name="group_ics"),
    path("styrning/beslut/", decisions.decision_list, name="decision_list"),
    path("styrning/beslut/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("styrning/beslut/<int:pk>/andra/", decisions.decision_edit, name="decision_edit"),
]
