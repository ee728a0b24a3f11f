"""The hostile-input corpus against every API, filter and address (the forms: test_hostile_input).

Same checks as there (trygg.tests.test_hostile_input.Checker); in a file of its own so that
the test runner's workers take the forms and the APIs side by side.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from trygg.tests import hostile
from trygg.tests.test_hostile_input import (  # noqa: F401 - world is a fixture
    API_PARAMETERS,
    EVERY_PARAMETER,
    HOSTILE_PATHS,
    Checker,
    log_in,
    pytestmark,
    world,
)


# Exports act on a POST whose filters are in the query string (a GET only shows the button).
POSTED_WITH_FILTERS = {"incidents:export_csv", "incidents:export_geojson"}


def test_every_api_and_filter_survives_the_corpus(client, world):
    checker = Checker(client)
    for role, name, arguments, parameters in API_PARAMETERS:
        log_in(client, role)
        url = reverse(name, args=arguments() if arguments else None)
        for parameter, payloads in parameters.items():
            for payload in [*payloads, *EVERY_PARAMETER]:
                what = f"{role} GET {url} {parameter}={payload[:40]!r}"
                checker.get(what, url, {parameter: payload})
                if name in POSTED_WITH_FILTERS:
                    checker.post(what.replace("GET", "POST"), f"{url}?{urlencode({parameter: payload})}", {})
    for role, path in HOSTILE_PATHS:
        log_in(client, role)
        checker.get(f"{role} GET {path}", path)
    assert not checker.problems, "\n".join(checker.problems[:60])


def test_a_nul_character_in_the_address_is_a_bad_request(client, world):
    assert client.get("/rapport/%00/").status_code == 400
    assert client.get("/open311/v2/tokens/abc%00.json").status_code == 400


OPEN311_POST = {
    "service_code": hostile.CHOICES,
    "lat": hostile.NUMBERS,
    "long": hostile.NUMBERS,
    "address_string": hostile.TEXT,
    "description": hostile.TEXT,
    "email": hostile.MARKUP[:2],
    "first_name": hostile.TEXT,
    "phone": hostile.MARKUP[:2],
    "media_url": hostile.URLS,
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_post_survives_the_corpus(client, world, fmt):
    checker = Checker(client)
    url = reverse("open311:requests", args=[fmt])
    valid = {"api_key": world["api_key"], "service_code": "belysning", "lat": "57.988", "long": "11.548",
             "description": "Hostile test text"}
    for parameter, payloads in OPEN311_POST.items():
        for payload in [*payloads, *EVERY_PARAMETER]:
            checker.post(f"POST {url} {parameter}={payload[:40]!r}", url, {**valid, parameter: payload})
    for label, file_name, content, content_type in hostile.hostile_files():
        checker.post(f"POST {url} media: {label}", url, {**valid, "media": hostile.upload(file_name, content,
                                                                                         content_type)})
    assert checker.statuses[201], "no request was accepted: the corpus never reached the database"
    assert not checker.problems, "\n".join(checker.problems[:60])
