"""A resident's browser talks only to the portal (and the configured tile server)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EXTERNAL_IN_HTML = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)
EXTERNAL_IN_CSS = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?(?:https?:)?//", re.I)
EXTERNAL_IN_JS = re.compile(r"(?:import\s*\(|import\s+[^;]*from\s*|fetch\s*\(|src\s*=\s*)[\"'`](?:https?:)?//", re.I)


def files(pattern):
    for folder in ["templates", "static", "trygg", "incidents", "dialog", "governance"]:
        yield from (ROOT / folder).rglob(pattern)


def test_no_template_loads_anything_from_another_origin():
    offenders = [str(p) for p in files("*.html") if EXTERNAL_IN_HTML.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_stylesheet_loads_anything_from_another_origin():
    offenders = [str(p) for p in files("*.css") if EXTERNAL_IN_CSS.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_script_loads_anything_from_another_origin():
    offenders = [str(p) for p in files("*.js") if EXTERNAL_IN_JS.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_checks_catch_a_cdn_link():
    assert EXTERNAL_IN_HTML.search('<link rel="stylesheet" href="https://cdn.example/bootstrap.css">')
    assert EXTERNAL_IN_HTML.search('<script src="//cdn.example/x.js"></script>')
    assert EXTERNAL_IN_CSS.search("@import url('https://fonts.example/css');")
    assert not EXTERNAL_IN_HTML.search('<a href="https://www.digg.se/">Digg</a>')
