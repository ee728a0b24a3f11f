"""Swedish is complete: every string the code and templates use has a Swedish translation."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["trygg", "incidents", "dialog", "governance", "templates"]


def catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def strings_in_source():
    """Literal msgids of {% translate %} in templates and gettext calls in Python."""
    found = set()
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix == ".html" or path.suffix == ".txt":
                found.update(re.findall(r'\{% (?:translate|trans) "([^"]+)"', path.read_text(encoding="utf-8")))
            elif path.suffix == ".py" and "tests" not in path.parts and "migrations" not in path.parts:
                found.update(re.findall(r'\b_\(\s*"([^"\\]+)"\s*\)', path.read_text(encoding="utf-8")))
    return found


def test_catalogues_exist_for_swedish_and_english():
    assert len(catalogue("sv")) > 50
    assert len(catalogue("en")) == len(catalogue("sv"))


def test_every_string_has_a_swedish_translation():
    sv = catalogue("sv")
    missing = [entry.msgid for entry in sv if not entry.obsolete and (not entry.translated() or entry.fuzzy)]
    assert missing == [], f"Missing or fuzzy Swedish translations: {missing[:20]}"


def test_every_string_in_code_and_templates_is_in_the_catalogue():
    msgids = {entry.msgid for entry in catalogue("sv")}
    missing = sorted(strings_in_source() - msgids)
    assert missing == [], f"Run makemessages; not in the catalogue: {missing[:20]}"
