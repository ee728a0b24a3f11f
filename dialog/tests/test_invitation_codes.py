"""Representative rounds: an invitation-only survey is answered with a code from a letter, one answer per code."""

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dialog.invitations import CODE_ALPHABET, CODE_LENGTH, create_codes
from dialog.models import Channel, Invitation, Response
from dialog.tests.test_answering import EN, answer_template, template_survey  # noqa: F401
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def round_survey(template_survey):  # noqa: F811
    template_survey.invitation_only = True
    template_survey.save()
    return template_survey


def answer_url(survey):
    return reverse("dialog:answer", args=[survey.pk])


def enter_code(client, survey, code):
    return client.post(answer_url(survey), {"kod": code}, **EN)


def test_invitation_only_survey_asks_for_the_code_from_the_letter(client, round_survey):
    page = client.get(answer_url(round_survey), **EN).content.decode()
    assert "invitation code" in page
    assert 'name="kod"' in page
    assert "Page 1 of 5" not in page


def test_valid_code_leads_to_the_survey_and_is_used_once(client, round_survey, localities):
    code = create_codes(round_survey, 1)[0].token
    response = enter_code(client, round_survey, f" {code.lower()[:4]} {code.lower()[4:]} ")
    assert response.status_code == 302
    assert response["Location"] == reverse("dialog:invitation", args=[code])
    assert answer_template(client, round_survey, localities, url=response["Location"]).status_code == 302
    stored = Response.objects.get()
    assert stored.channel == Channel.INVITATION
    assert client.get(response["Location"], **EN).status_code == 410
    # A used code is refused at the door too.
    page = enter_code(Client(), round_survey, code).content.decode()
    assert "already been used" in page


def test_code_answers_are_not_limited_by_the_address(round_survey, localities, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1, 3600)]}
    for invitation in create_codes(round_survey, 3):
        url = reverse("dialog:invitation", args=[invitation.token])
        assert answer_template(Client(REMOTE_ADDR="10.1.2.3"), round_survey, localities, url=url).status_code == 302
    assert Response.objects.count() == 3


def test_wrong_code_is_explained_and_guessing_is_limited(client, round_survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_code": [(2, 3600)]}
    response = enter_code(client, round_survey, "WRONG")
    assert response.status_code == 200
    assert "no such invitation code" in response.content.decode()
    enter_code(client, round_survey, "WRONG2")
    response = enter_code(client, round_survey, "WRONG3")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_code_of_another_survey_is_not_accepted(client, round_survey, localities):
    from dialog.tests.test_answering import make_survey, publish

    other = publish(make_survey("Annan"))
    code = create_codes(other, 1)[0].token
    assert "no such invitation code" in enter_code(client, round_survey, code).content.decode()


def test_codes_are_short_and_easy_to_type(round_survey):
    codes = [invitation.token for invitation in create_codes(round_survey, 50)]
    assert len(set(codes)) == 50
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("O0I1L") & set(CODE_ALPHABET)


def test_codes_command_tops_up_to_the_count_and_prints_unused_codes(round_survey):
    out = io.StringIO()
    call_command("survey_codes", round_survey.pk, 3, stdout=out)
    call_command("survey_codes", round_survey.pk, 3, stdout=out)
    assert Invitation.objects.filter(survey=round_survey).count() == 3
    out = io.StringIO()
    call_command("survey_codes", round_survey.pk, 3, stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["code", "url"]
    assert len(rows) == 4
    assert rows[1][1].endswith(reverse("dialog:invitation", args=[rows[1][0]]))


def test_resending_invitations_mails_no_code(round_survey, mailoutbox, django_capture_on_commit_callbacks):
    from dialog.invitations import invite, resend_unused

    create_codes(round_survey, 2)
    with django_capture_on_commit_callbacks(execute=True):
        invite(round_survey, ["anna@example.org"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_unused(round_survey) == 1
    assert [message.to for message in mailoutbox] == [["anna@example.org"]]


@pytest.mark.parametrize("code", ["", "x" * 500, "\x00", "' OR 1=1 --", "ÅÄÖ"])
def test_odd_codes_get_a_clear_message(client, round_survey, code):
    response = enter_code(client, round_survey, code)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "alert" in response.content.decode()


def test_survey_list_says_a_round_needs_the_code_from_the_letter(client, round_survey):
    page = client.get(reverse("dialog:survey_index"), **EN).content.decode()
    assert "invitation code from a letter" in page
    assert "anyone can answer it" not in page
