from django.urls import path

from governance.views import (
    adjustment,
    agreement,
    cycle,
    decisions,
    documents,
    feeds,
    measures,
    meetings,
    picture,
    promises,
    situation,
)

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
    path("styrning/moten/<int:pk>/protokoll/till-justering/", adjustment.minutes_send_for_adjustment,
         name="minutes_send_for_adjustment"),
    path("styrning/moten/<int:pk>/protokoll/justera/", adjustment.minutes_adjust, name="minutes_adjust"),
    path("styrning/moten/<int:pk>/protokoll/ta-tillbaka/", adjustment.minutes_withdraw, name="minutes_withdraw"),
    path("styrning/moten/<int:pk>/dokument/", documents.document_upload, name="meeting_document_upload"),
    path("styrning/moten/<int:pk>/dokument/<int:document_pk>/", documents.document_download, name="meeting_document"),
    path("styrning/moten/<int:pk>/dokument/<int:document_pk>/radera/", documents.document_delete,
         name="meeting_document_delete"),
    path("styrning/moten/<int:pk>/status/<str:action>/", meetings.meeting_transition, name="meeting_transition"),
    path("styrning/moten/<int:pk>/skicka-dagordning/", meetings.meeting_send_agenda, name="meeting_send_agenda"),
    path("styrning/moten/<int:pk>/beslut/nytt/", decisions.decision_create, name="decision_create"),
    path("styrning/grupper/<slug:slug>.ics", meetings.group_ics, name="group_ics"),
    path("styrning/grupper/<slug:slug>/prenumeration/", feeds.calendar_feed, name="calendar_feed"),
    path("kalender/<str:token>.ics", feeds.calendar_feed_ics, name="calendar_feed_ics"),
    path("beslut/protokoll/<int:pk>/", adjustment.public_minutes, name="public_minutes"),
    path("beslut/protokoll/<int:pk>/dokument/<int:document_pk>/", documents.public_document,
         name="public_minutes_document"),
    path("styrning/beslut/", decisions.decision_list, name="decision_list"),
    path("styrning/beslut/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("styrning/beslut/<int:pk>/andra/", decisions.decision_edit, name="decision_edit"),
]

# --- the yearly cycle ---
urlpatterns += [
    path("styrning/arshjul/", cycle.cycle, name="cycle"),
]

# --- picture ---
urlpatterns += [
    path("styrning/problembild/", picture.steering_picture, name="picture"),
    path("styrning/problembild/trend.svg", picture.picture_trend_svg, name="picture_trend_svg"),
    path("styrning/problembild/brannpunkter.svg", picture.picture_hotspots_svg, name="picture_hotspots_svg"),
    path("problembild/", picture.public_picture, name="public_picture"),
    path("problembild/brannpunkter.svg", picture.public_picture_hotspots_svg, name="public_picture_hotspots_svg"),
    path("problembild/trend.svg", picture.public_picture_trend_svg, name="public_picture_trend_svg"),
]

# --- situation reports (lägesbilder) ---
urlpatterns += [
    path("styrning/lagesbilder/", situation.situation_reports, name="situation_reports"),
    path("styrning/lagesbilder/ny/", situation.situation_report_create, name="situation_report_create"),
    path("styrning/lagesbilder/<int:pk>/", situation.situation_report, name="situation_report"),
    path("styrning/lagesbilder/<int:pk>/lagesbild.pdf", situation.situation_report_pdf, name="situation_report_pdf"),
]
