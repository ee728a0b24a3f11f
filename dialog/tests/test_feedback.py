"""Feedback (Tyck till): the public form, the public answers and the coordinators' actions."""

import time
import uuid

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext, override

from dialog.models import Feedback, FeedbackStatus, FeedbackTopic, Theme
from incidents.forms import FORM_STARTED_SALT
from incidents.models import Kind, Report, ReportEvent, Source, Status

pytestmark = pytest.mark.django_db


def sv(text):
    """The text as the portal shows it in Swedish (the English msgid until it is translated)."""
    with override("sv"):
        return gettext(text)


@pytest.fixture
def form_data(localities):
    return {
        "topic": FeedbackTopic.SAFETY,
        "text": "Det är mörkt och otryggt vid busstationen på kvällarna. Kan kommunen sätta upp fler lampor?",
        "locality": localities["skarhamn"].pk,
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "form_started": signing.dumps(time.time() - 60, salt=FORM_STARTED_SALT),
        "submission_id": str(uuid.uuid4()),
    }


def post(client, data, **extra):
    return client.post(reverse("dialog:feedback"), data, **extra)


@pytest.fixture
def make_feedback(localities):
    def make(**fields):
        fields.setdefault("topic", FeedbackTopic.QUESTION)
        fields.setdefault("text", "Varför är det så mörkt vid hamnen? Jag heter Kalle Svensson.")
        fields.setdefault("locality", localities["skarhamn"])
        return Feedback.objects.create(**fields)

    return make


def act(client, feedback, action, data=None, **extra):
    return client.post(reverse("dialog:feedback_action", args=[feedback.pk, action]), data or {}, **extra)


# --- Sending feedback ---


def test_the_form_says_it_is_not_an_emergency_channel(client):
    page = client.get(reverse("dialog:feedback")).content.decode()
    assert "112" in page and "114 14" in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_anyone_sends_feedback_and_sees_what_happens_next(client, form_data):
    response = post(client, form_data)
    feedback = Feedback.objects.get()
    assert response["Location"] == reverse("dialog:feedback_thanks", args=[feedback.submission_id])
    assert feedback.status == FeedbackStatus.NEW
    assert feedback.locality.name == "Skärhamn"
    page = client.get(response["Location"]).content.decode()
    assert sv("What happens next") in page
    assert feedback.text not in page


def test_feedback_needs_a_topic_and_a_text(client, form_data):
    form_data.update(topic="", text="")
    response = post(client, form_data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Feedback.objects.exists()


def test_unknown_thank_you_page_is_404(client):
    assert client.get(reverse("dialog:feedback_thanks", args=[uuid.uuid4()])).status_code == 404


def test_honeypot_filled_stores_nothing(client, form_data):
    form_data["website"] = "http://spam.example"
    assert post(client, form_data).status_code == 200
    assert not Feedback.objects.exists()


def test_feedback_sent_too_quickly_stores_nothing(client, form_data):
    form_data["form_started"] = signing.dumps(time.time(), salt=FORM_STARTED_SALT)
    assert "för snabbt" in post(client, form_data).content.decode()
    assert not Feedback.objects.exists()


def test_tampered_form_timestamp_is_refused(client, form_data):
    form_data["form_started"] = "12345"
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Feedback.objects.exists()


def test_replayed_submission_stores_one_feedback_and_shows_the_same_thank_you_page(client, form_data):
    client.get(reverse("dialog:feedback"))  # the browser's CSRF cookie, which a repeat is recognised by
    first = post(client, form_data)
    second = post(client, form_data)
    assert Feedback.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_feedback_shares_the_report_rate_limit_and_answers_429(client, form_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": [(2, 3600)]}
    for _number in range(2):
        form_data["submission_id"] = str(uuid.uuid4())
        assert post(client, form_data).status_code == 302
    form_data["submission_id"] = str(uuid.uuid4())
    assert post(client, form_data).status_code == 429
    assert Feedback.objects.count() == 2


def test_contact_details_need_consent(client, form_data):
    form_data["contact_email"] = "anna@example.org"
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Feedback.objects.exists()
    form_data["consent_given"] = "on"
    post(client, form_data)
    feedback = Feedback.objects.get()
    assert feedback.contact_email == "anna@example.org" and feedback.consent_given


def test_writer_with_email_gets_a_receipt(client, form_data, mailoutbox, django_capture_on_commit_callbacks):
    form_data.update(contact_email="Anna@Example.org", consent_given="on")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    feedback = Feedback.objects.get()
    assert feedback.reference in mailoutbox[0].body


def test_receipt_to_an_unverified_address_never_echoes_the_submitted_text_or_links(
    client, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    form_data.update(
        text="Ditt konto är spärrat. Logga in på https://evil.example/bank och www.evil.example nu!",
        contact_name="Banken https://evil.example/namn",
        contact_email="victim@example.org",
        consent_given="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data)
    mail = mailoutbox[0]
    html = mail.alternatives[0][0]
    for part in (mail.subject, mail.body, html):
        assert "evil.example" not in part and "spärrat" not in part and "Banken" not in part
    assert Feedback.objects.get().reference in mail.body
    assert settings.PORTAL_BASE_URL in mail.body
    links = [word for word in (mail.body + " " + html).replace('"', " ").split() if "://" in word]
    assert links and all(link.startswith(settings.PORTAL_BASE_URL) for link in links)


def test_answer_mail_does_not_quote_the_submitted_text(
    client, coordinator, make_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = make_feedback(text="Klicka på https://evil.example/", contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, feedback, "answer-privately", {"private-answer": "Vi har pratat med fastighetsägaren."})
    mail = mailoutbox[0]
    assert "evil.example" not in mail.body and "evil.example" not in mail.alternatives[0][0]
    assert feedback.reference in mail.body


def test_feedback_stores_no_ip_address_or_user_agent(client, form_data):
    post(client, form_data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="UniqueAgent/9.9")
    feedback = Feedback.objects.get()
    stored = " ".join(str(getattr(feedback, field.attname)) for field in Feedback._meta.fields)
    assert "203.0.113.77" not in stored and "UniqueAgent" not in stored


# --- The public list of answers ---


def test_public_list_shows_only_publicly_answered_feedback_and_never_the_original_or_contact(client, make_feedback):
    public = make_feedback(
        text="Varför är det så mörkt vid hamnen? /Kalle Svensson", contact_name="Kalle Svensson",
        contact_email="kalle@example.org", contact_phone="0701234567", consent_given=True,
        public_question="Varför är det så mörkt vid hamnen?", answer="Kommunen byter armaturerna i vår.",
        status=FeedbackStatus.ANSWERED_PUBLICLY,
    )
    make_feedback(text="Privat fråga om min granne", answer="Privat svar", status=FeedbackStatus.ANSWERED_PRIVATELY)
    make_feedback(text="Ny obesvarad synpunkt")
    make_feedback(text="Stängd synpunkt", status=FeedbackStatus.CLOSED)
    page = client.get(reverse("dialog:answered")).content.decode()
    assert public.public_question in page and public.answer in page and "Skärhamn" in page
    for private in ("Kalle Svensson", "kalle@example.org", "0701234567", "Privat", "obesvarad", "Stängd synpunkt"):
        assert private not in page


def test_public_list_is_paged_ten_at_a_time_so_a_phone_page_stays_short(client, make_feedback):
    for number in range(23):
        make_feedback(public_question=f"Fråga {number}", answer="Svar", status=FeedbackStatus.ANSWERED_PUBLICLY)
    first = client.get(reverse("dialog:answered")).content.decode()
    third = client.get(reverse("dialog:answered"), {"sida": 3}).content.decode()
    assert first.count("<article") == 10 and third.count("<article") == 3
    assert 'aria-current="page"' in first and 'aria-label="' in first
    assert client.get(reverse("dialog:answered"), {"sida": "x"}).status_code == 200


def test_public_list_is_filtered_by_topic_with_a_plain_get_form(client, make_feedback):
    make_feedback(
        public_question="Mörkt vid hamnen", answer="Svar", topic=FeedbackTopic.SAFETY,
        status=FeedbackStatus.ANSWERED_PUBLICLY,
    )
    make_feedback(
        public_question="Förslag om cykelbana", answer="Svar", topic=FeedbackTopic.PROPOSAL,
        status=FeedbackStatus.ANSWERED_PUBLICLY,
    )
    url = reverse("dialog:answered")
    page = client.get(url, {"amne": "proposal"}).content.decode()
    assert "Förslag om cykelbana" in page and "Mörkt vid hamnen" not in page
    assert '<form method="get"' in page and 'name="amne"' in page and "<label" in page
    everything = client.get(url, {"amne": "nonsense"})
    assert everything.status_code == 200
    assert "Förslag om cykelbana" in everything.content.decode() and "Mörkt vid hamnen" in everything.content.decode()


def test_public_list_pages_keep_the_topic_filter(client, make_feedback):
    for number in range(12):
        make_feedback(
            public_question=f"Fråga {number}", answer="Svar", topic=FeedbackTopic.QUESTION,
            status=FeedbackStatus.ANSWERED_PUBLICLY,
        )
    page = client.get(reverse("dialog:answered"), {"amne": "question"}).content.decode()
    assert "?amne=question&amp;sida=2" in page


# --- The queue and the detail page ---


def test_queue_filters_by_status_topic_theme_and_flag(client, coordinator, make_feedback):
    theme = Theme.objects.create(name="Belysning")
    tagged = make_feedback(text="Taggad om belysning", topic=FeedbackTopic.PROPOSAL, flagged_for_working_group=True)
    tagged.themes.add(theme)
    make_feedback(text="Besvarad fråga", status=FeedbackStatus.CLOSED)
    client.force_login(coordinator)
    url = reverse("dialog:feedback_queue")
    assert "Besvarad fråga" in client.get(url).content.decode()
    for query in ({"theme": theme.pk}, {"topic": "proposal"}, {"status": "new"}, {"flagged": "on"}):
        page = client.get(url, query).content.decode()
        assert "Taggad om belysning" in page and "Besvarad fråga" not in page, query
    assert client.get(url, {"status": "nonsense", "theme": "x"}).status_code == 200


def test_coordinator_sees_contact_details_and_working_group_does_not(
    client, coordinator, working_group_member, make_feedback
):
    feedback = make_feedback(contact_name="Kalle Svensson", contact_email="kalle@example.org", consent_given=True)
    url = reverse("dialog:feedback_detail", args=[feedback.pk])
    contact_url = reverse("dialog:feedback_contact", args=[feedback.pk])
    client.force_login(coordinator)
    assert contact_url in client.get(url).content.decode()
    assert "kalle@example.org" in client.post(contact_url).content.decode()
    client.force_login(working_group_member)
    assert client.post(contact_url).status_code == 403
    page = client.get(url).content.decode()
    assert feedback.text in page
    assert "kalle@example.org" not in page and "Kalle Svensson" not in page.replace(feedback.text, "")
    assert 'action="' + reverse("dialog:feedback_action", args=[feedback.pk, "close"]) not in page


# --- Coordinator actions ---


def test_coordinator_answers_publicly_and_the_writer_gets_the_answer(
    client, coordinator, make_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, feedback, "answer-publicly", {
            "public-public_question": "Varför är det så mörkt vid hamnen?",
            "public-answer": "Nya lampor kommer i vår.",
        })
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PUBLICLY
    assert feedback.answered_by == coordinator and feedback.answered_at is not None
    assert len(mailoutbox) == 1 and "Nya lampor kommer i vår." in mailoutbox[0].body
    page = client.get(reverse("dialog:answered")).content.decode()
    assert "Varför är det så mörkt vid hamnen?" in page and "Kalle Svensson" not in page


def test_public_answer_needs_a_public_question_and_an_answer(client, coordinator, make_feedback):
    feedback = make_feedback()
    client.force_login(coordinator)
    response = act(client, feedback, "answer-publicly", {"public-public_question": "", "public-answer": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW


def test_coordinator_answers_privately_by_email(
    client, coordinator, make_feedback, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, feedback, "answer-privately", {"private-answer": "Vi har pratat med fastighetsägaren."})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PRIVATELY
    assert mailoutbox[0].to == ["kalle@example.org"]
    assert "Vi har pratat med fastighetsägaren." in mailoutbox[0].body
    assert "Vi har pratat" not in client.get(reverse("dialog:answered")).content.decode()


def test_private_answer_is_refused_without_an_email_address(client, coordinator, make_feedback, mailoutbox):
    feedback = make_feedback()
    client.force_login(coordinator)
    response = act(client, feedback, "answer-privately", {"private-answer": "Svar"}, follow=True)
    assert sv("This feedback has no email address, so it cannot be answered by email.") in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW and not mailoutbox


def test_coordinator_tags_existing_and_new_themes(client, coordinator, make_feedback):
    lighting = Theme.objects.create(name="Belysning")
    feedback = make_feedback()
    client.force_login(coordinator)
    act(client, feedback, "themes", {"themes-themes": [lighting.pk], "themes-new_themes": "Hamnen, belysning"})
    assert sorted(theme.name for theme in feedback.themes.all()) == ["Belysning", "Hamnen"]
    act(client, feedback, "themes", {"themes-new_themes": ""})
    assert not feedback.themes.exists()


def test_coordinator_flags_for_the_working_group_and_closes(client, coordinator, make_feedback):
    feedback = make_feedback()
    client.force_login(coordinator)
    act(client, feedback, "flag")
    feedback.refresh_from_db()
    assert feedback.flagged_for_working_group
    act(client, feedback, "flag")
    feedback.refresh_from_db()
    assert not feedback.flagged_for_working_group
    act(client, feedback, "close")
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.CLOSED


def test_unknown_action_is_404(client, coordinator, make_feedback):
    client.force_login(coordinator)
    assert act(client, make_feedback(), "delete").status_code == 404


def test_feedback_becomes_an_unsafe_place_report_once(client, coordinator, make_feedback, categories):
    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    act(client, feedback, "report", {"report-category": categories["belysning"].pk})
    feedback.refresh_from_db()
    report = feedback.report
    assert report.kind == Kind.UNSAFE_PLACE and report.category.code == "belysning"
    assert report.status == Status.NEW and report.source == Source.RESIDENT
    assert report.description == feedback.text and report.locality == feedback.locality
    assert report.contact_email == ""
    assert report.events.filter(action=ReportEvent.Action.NOTE, actor=coordinator).exists()
    response = act(client, feedback, "report", {"report-category": categories["belysning"].pk}, follow=True)
    assert Report.objects.count() == 1
    assert sv("This feedback has already been turned into a report.") in response.content.decode()


def test_feedback_without_locality_cannot_become_a_report(client, coordinator, make_feedback, categories):
    feedback = make_feedback(locality=None)
    client.force_login(coordinator)
    response = act(client, feedback, "report", {"report-category": categories["belysning"].pk})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Report.objects.exists()


def test_feedback_report_category_must_be_an_unsafe_place(client, coordinator, make_feedback, categories):
    feedback = make_feedback()
    client.force_login(coordinator)
    response = act(client, feedback, "report", {"report-category": categories["inbrott"].pk})
    assert "error-summary" in response.content.decode()
    assert not Report.objects.exists()


def test_feedback_is_stored_and_answered_when_the_mail_server_is_down(
    client, form_data, settings, django_capture_on_commit_callbacks, caplog
):
    from trygg.testing.mail import SMTP_DOWN

    settings.EMAIL_BACKEND = SMTP_DOWN
    form_data.update(contact_email="anna@example.org", consent_given="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data)
    assert response.status_code == 302
    assert Feedback.objects.get().contact_email == "anna@example.org"
    assert "Connection refused" in caplog.text


def test_private_answer_is_saved_when_the_mail_server_is_down(
    client, coordinator, make_feedback, settings, django_capture_on_commit_callbacks
):
    from trygg.testing.mail import SMTP_DOWN

    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    settings.EMAIL_BACKEND = SMTP_DOWN
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, feedback, "answer-privately", {"private-answer": "Vi har pratat med fastighetsägaren."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PRIVATELY


def test_two_identical_submissions_arriving_together_store_one_and_answer_both(client, form_data, monkeypatch):
    """The second send passed the replay check before the first was stored: the unique id catches it."""
    from dialog.feedback_forms import FeedbackForm

    client.get(reverse("dialog:feedback"))  # the browser's CSRF cookie, which a repeat is recognised by
    first = post(client, form_data)
    monkeypatch.setattr(FeedbackForm, "earlier_submission", staticmethod(lambda queryset, data, browser: None))
    second = post(client, form_data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Feedback.objects.count() == 1
