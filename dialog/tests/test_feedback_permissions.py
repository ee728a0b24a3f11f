"""Every feedback and dialogue-activity URL × every role (and anonymous), for GET and POST."""

from datetime import date

import pytest
from django.urls import get_resolver, reverse

from dialog.models import ActivityKind, Concern, DialogueActivity, Feedback, FeedbackStatus, FeedbackTopic
from incidents.models import Report

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "staff_member", "coordinator", "working_group_member",
         "steering_group_member", "police", "admin_user"]
PUBLIC = {role: 200 for role in ROLES}
NOBODY_ELSE = {role: 403 for role in ROLES} | {"anonymous": 302}
READ_FEEDBACK = NOBODY_ELSE | {"coordinator": 200, "working_group_member": 200, "police": 200, "admin_user": 200}
HANDLE_FEEDBACK_POST_ONLY = NOBODY_ELSE | {"coordinator": 405, "admin_user": 405}
READ_ACTIVITIES = NOBODY_ELSE | {"coordinator": 200, "working_group_member": 200, "police": 200, "admin_user": 200}
EDIT_ACTIVITIES = NOBODY_ELSE | {"coordinator": 200, "admin_user": 200}
EDIT_ACTIVITIES_POST_ONLY = NOBODY_ELSE | {"coordinator": 405, "admin_user": 405}

#             url name            expected GET status per role
EXPECTED = {
    "feedback": PUBLIC,
    "feedback_thanks": PUBLIC,
    "answered": PUBLIC,
    "feedback_queue": READ_FEEDBACK,
    "feedback_detail": READ_FEEDBACK,
    "feedback_action": HANDLE_FEEDBACK_POST_ONLY,
    "activity_list": READ_ACTIVITIES,
    "activity_detail": READ_ACTIVITIES,
    "activity_create": EDIT_ACTIVITIES,
    "activity_edit": EDIT_ACTIVITIES,
    "concern_to_report": EDIT_ACTIVITIES_POST_ONLY,
}
MAY_HANDLE_FEEDBACK = {"coordinator", "admin_user"}
MAY_EDIT_ACTIVITIES = {"coordinator", "admin_user"}


def dialog_url_names():
    _prefix, resolver = get_resolver().namespace_dict["dialog"]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_feedback_and_activity_url_is_in_the_table():
    # Other dialog features (surveys) keep their own tables.
    assert set(EXPECTED) <= dialog_url_names()


@pytest.fixture
def objects(localities):
    feedback = Feedback.objects.create(
        topic=FeedbackTopic.QUESTION, text="Varför är det mörkt?", locality=localities["skarhamn"],
        submission_id="6d1c3a54-3f0e-4a8e-9d5e-0a4d2b0c9f11", contact_email="kalle@example.org", consent_given=True,
    )
    activity = DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, title="Trygghetsvandring", date=date(2026, 3, 1),
        locality=localities["skarhamn"], organisers="Kommunen",
    )
    concern = Concern.objects.create(activity=activity, text="Mörk gångväg")
    return {"feedback": feedback, "activity": activity, "concern": concern}


@pytest.fixture
def urls(objects):
    args = {
        "feedback_thanks": [objects["feedback"].submission_id],
        "feedback_detail": [objects["feedback"].pk],
        "feedback_action": [objects["feedback"].pk, "close"],
        "activity_detail": [objects["activity"].pk],
        "activity_edit": [objects["activity"].pk],
        "concern_to_report": [objects["concern"].pk],
    }
    return {name: reverse(f"dialog:{name}", args=args.get(name, [])) for name in EXPECTED}


def log_in(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_feedback_and_activity_url(request, client, urls, role):
    log_in(request, client, role)
    answers = {name: client.get(url).status_code for name, url in urls.items()}
    assert answers == {name: EXPECTED[name][role] for name in urls}


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_act_on_feedback(request, client, objects, categories, role):
    log_in(request, client, role)
    feedback = objects["feedback"]
    for action, data in [
        ("answer-publicly", {"public-public_question": "Fråga", "public-answer": "Svar"}),
        ("answer-privately", {"private-answer": "Svar"}),
        ("themes", {"themes-new_themes": "Belysning"}),
        ("flag", {}),
        ("report", {"report-category": categories["belysning"].pk}),
        ("close", {}),
    ]:
        response = client.post(reverse("dialog:feedback_action", args=[feedback.pk, action]), data)
        assert response.status_code == (302 if role in MAY_HANDLE_FEEDBACK or role == "anonymous" else 403), action
    feedback.refresh_from_db()
    if role in MAY_HANDLE_FEEDBACK:
        assert feedback.status == FeedbackStatus.CLOSED and feedback.report_id and feedback.themes.exists()
    else:
        assert feedback.status == FeedbackStatus.NEW and not feedback.report_id and not feedback.themes.exists()
        assert not feedback.flagged_for_working_group


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_log_activities_and_make_reports_of_concerns(request, client, objects, categories, role):
    log_in(request, client, role)
    activity, concern = objects["activity"], objects["concern"]
    data = {
        "kind": "citizen_dialogue", "title": "Ändrad", "date": "2026-03-01", "locality": activity.locality_id,
        "organisers": "Kommunen", "concerns-TOTAL_FORMS": "0", "concerns-INITIAL_FORMS": "0",
    }
    answers = [
        client.post(reverse("dialog:activity_create"), data).status_code,
        client.post(reverse("dialog:activity_edit", args=[activity.pk]), data).status_code,
        client.post(reverse("dialog:concern_to_report", args=[concern.pk])).status_code,
    ]
    activity.refresh_from_db()
    if role in MAY_EDIT_ACTIVITIES:
        assert answers == [302, 302, 302]
        assert DialogueActivity.objects.count() == 2 and activity.title == "Ändrad" and Report.objects.count() == 1
    else:
        assert answers == [302 if role == "anonymous" else 403] * 3
        assert DialogueActivity.objects.count() == 1 and activity.title == "Trygghetsvandring"
        assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["working_group_member", "police", "steering_group_member"])
def test_readers_see_no_edit_or_action_controls(request, client, urls, objects, role):
    log_in(request, client, role)
    for name in ("feedback_detail", "activity_detail", "activity_list"):
        page = client.get(urls[name]).content.decode()
        assert urls["feedback_action"] not in page
        assert urls["activity_edit"] not in page and urls["concern_to_report"] not in page
        assert "kalle@example.org" not in page
