import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "accessibility", "easy_read", "privacy", "login", "register", "password_reset"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_open_to_anonymous_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_home_page_is_in_swedish_by_default(client):
    response = client.get(reverse("home"))
    assert '<html lang="sv">' in response.content.decode()
    assert "Hoppa till huvudinnehållet" in response.content.decode()


def test_language_switch_turns_the_portal_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Skip to main content" in page


@pytest.mark.parametrize("name", ["home", "accessibility", "login"])
def test_every_page_has_footer_with_contact_and_accessibility_link(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "Kroksdalsvägen 1" in page
    assert "471 80 Skärhamn" in page
    assert reverse("accessibility") in page
    assert "112" in page and "114 14" in page


@pytest.mark.parametrize("page", ["accessibility", "easy_read", "privacy"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_content_pages_exist_in_both_languages(client, page, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert response.content.decode().count("<h1>") == 1


def test_contact_block_comes_from_settings(client, settings):
    settings.PORTAL = {**settings.PORTAL, "CONTACT_ADDRESS": ["Stora torget 1", "444 30 Stenungsund"]}
    page = client.get(reverse("home")).content.decode()
    assert "444 30 Stenungsund" in page
    assert "Kroksdalsvägen" not in page


def test_unknown_page_gives_friendly_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
