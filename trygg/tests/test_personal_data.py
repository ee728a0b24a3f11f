"""The personal-data detector: what looks like personal data in a text that is about to be made public."""

import pytest
from django.utils import translation

from trygg.personal_data import Hint, find_personal_data


def found(text):
    return [(hint.kind, hint.text) for hint in find_personal_data(text)]


def test_the_neighbour_with_phone_and_street_address_is_found_three_times():
    assert found("Grannen Olle Berg (070-123 45 67) på Kyrkvägen 4 kastar skräp.") == [
        (Hint.NAME, "Olle Berg"),
        (Hint.PHONE, "070-123 45 67"),
        (Hint.ADDRESS, "Kyrkvägen 4"),
    ]


@pytest.mark.parametrize(
    "text, number",
    [
        ("Ring 070-123 45 67", "070-123 45 67"),
        ("Ring 0701234567 i kväll", "0701234567"),
        ("Ring +46 70 123 45 67", "+46 70 123 45 67"),
        ("Ring +46701234567", "+46701234567"),
        ("Ring 0046 70 123 45 67", "0046 70 123 45 67"),
        ("Kontoret 0304-123 45", "0304-123 45"),
        ("Kontoret 0304-60 00 00.", "0304-60 00 00"),
        ("Kontoret 08-123 456 78", "08-123 456 78"),
        ("Ring 070-123 45 67 2026", "070-123 45 67"),
        ("Ring 070/123 45 67", "070/123 45 67"),
        ("Ring 0304 - 123 45", "0304 - 123 45"),
    ],
)
def test_swedish_phone_numbers_are_found(text, number):
    assert found(text) == [(Hint.PHONE, number)]


@pytest.mark.parametrize(
    "text, address",
    [
        ("Han bor på anna.svensson@example.org.", "anna.svensson@example.org"),
        ("Mejla Olle_B+tips@post.tjorn.se", "Olle_B+tips@post.tjorn.se"),
    ],
)
def test_email_addresses_are_found(text, address):
    assert found(text) == [(Hint.EMAIL, address)]


@pytest.mark.parametrize(
    "text, number",
    [
        ("Personnummer 850709-1234", "850709-1234"),
        ("Personnummer 19850709-1234", "19850709-1234"),
        ("Personnummer 198507091234", "198507091234"),
        ("Född 121212+1212", "121212+1212"),
        ("Samordningsnummer 850769-1234", "850769-1234"),
    ],
)
def test_personal_identity_numbers_are_found(text, number):
    assert found(text) == [(Hint.IDENTITY_NUMBER, number)]


@pytest.mark.parametrize(
    "text, address",
    [
        ("Det brinner vid Storgatan 12B.", "Storgatan 12B"),
        ("Det brinner vid Storgatan 12 B.", "Storgatan 12 B"),
        ("Utanför kyrkvägen 4", "kyrkvägen 4"),
        ("Vid Hamnplan 3", "Hamnplan 3"),
        ("I Sibräcka gränd 7", "Sibräcka gränd 7"),
        ("På Almstigen 21 bor", "Almstigen 21"),
    ],
)
def test_street_addresses_with_numbers_are_found(text, address):
    assert found(text) == [(Hint.ADDRESS, address)]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Det är grannen Olle som gör det", "Olle"),
        ("min granne Lisa Ek har sett dem", "Lisa Ek"),
        ("Grannarna Svensson bråkar", "Svensson"),
        ("Fru Andersson ringde", "Andersson"),
        ("Herr Karlsson vet mer", "Karlsson"),
        ("Killen heter Kalle Nilsson", "Kalle Nilsson"),
    ],
)
def test_names_after_neighbour_or_title_are_found(text, name):
    assert found(text) == [(Hint.NAME, name)]


@pytest.mark.parametrize(
    "text",
    [
        "Mörk gångväg utan belysning vid skolan.",
        "Det hände 2026 klockan 22 vid busskuren.",
        "Klotter den 2026-05-19 kl 22.30, cirka 12 000 kronor i skador.",
        "Postnummer 471 31 Skärhamn, sträcka 150 m.",
        "Lampan har varit trasig i 3 veckor, sedan 19/5.",
        "Grannen har sett mopeder på gatan.",
        "Storgatan är mörk och vägen 4 km bort saknar belysning.",
        "Ring 112 vid fara, eller 114 14 till polisen.",
        "",
    ],
)
def test_ordinary_texts_have_no_hints(text):
    assert found(text) == []


def test_each_hint_has_a_readable_label_and_the_same_find_is_listed_once():
    hints = find_personal_data("Ring 070-123 45 67 eller 070-123 45 67.")
    assert len(hints) == 1
    with translation.override("en"):
        assert str(hints[0].label) == "phone number"
        assert str(hints[0]) == "phone number “070-123 45 67”"


@pytest.mark.parametrize(
    "text, number",
    [
        ("ring (0304) 123 45", "(0304) 123 45"),
        ("ring +46 (0)70 123 45 67", "+46 (0)70 123 45 67"),
        ("(070-123 45 67)", "070-123 45 67"),
    ],
)
def test_phone_numbers_in_brackets_are_found_without_the_sentence_brackets(text, number):
    assert found(text) == [(Hint.PHONE, number)]


def test_a_case_number_starting_with_two_zeros_is_not_a_phone_number():
    assert found("Ärende 0001234567") == []
