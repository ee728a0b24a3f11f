"""Content that staff write, in the reader's language: Swedish always, English when someone wrote it.

Staff write surveys, promises, measures, decisions and activities in Swedish; each such text may have
an optional English version in a field of the same name ending in ``_en`` (``title`` and ``title_en``).
A few models name both languages (``Category.name_sv`` and ``name_en``); then ``<field>_sv`` is the
Swedish text.

In English mode the English version is shown when there is one. When there is none, the Swedish text
is shown instead and marked ``lang="sv"``, so that screen readers switch voice (WCAG 3.1.2): the
template tag ``{% localized obj "title" %}`` (trygg.templatetags.localized) renders it as
``<span lang="sv">…</span>``, escaped. In Swedish mode the Swedish text is always shown.

Nothing that counts or groups may use these texts: survey results group by ids and codes.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

SOURCE_LANGUAGE = "sv"


def english_wanted():
    return (get_language() or SOURCE_LANGUAGE).split("-")[0] == "en"


def _get(obj, name, default=None):
    if isinstance(obj, Mapping):  # rows from .values() and cached figures
        return obj.get(name, default)
    return getattr(obj, name, default)


def swedish_text(obj, field):
    """The Swedish text of ``field`` on ``obj`` (``<field>_sv`` where a model names both languages)."""
    if _get(obj, f"{field}_sv") is not None:
        return _get(obj, f"{field}_sv") or ""
    return _get(obj, field) or ""


@dataclass(frozen=True)
class LocalizedText:
    """A text in the active language; ``lang`` is "sv" when English was wanted but only Swedish exists."""

    text: str
    lang: str = ""

    @property
    def fell_back(self):
        return bool(self.lang)

    @property
    def lang_attr(self):
        """` lang="sv"` for the element that holds a fallback, else nothing (for blocks: <div{{ t.lang_attr }}>)."""
        return format_html(' lang="{}"', self.lang) if self.lang else ""

    def __str__(self):
        return self.text

    def __eq__(self, other):
        """Equal to another LocalizedText with the same text and language, and to the plain text itself."""
        if isinstance(other, str):
            return self.text == other
        if isinstance(other, LocalizedText):
            return (self.text, self.lang) == (other.text, other.lang)
        return NotImplemented

    def __hash__(self):
        return hash(self.text)

    def __bool__(self):
        return bool(self.text)

    def __html__(self):
        """The escaped text, wrapped in <span lang="sv"> when it fell back (for inline places and form labels)."""
        if self.lang and self.text:
            return format_html('<span lang="{}">{}</span>', self.lang, self.text)
        return conditional_escape(self.text)


def localized(obj, field):
    """The text of ``field`` on ``obj`` in the active language, as a LocalizedText."""
    if obj is None:
        return LocalizedText("")
    swedish = swedish_text(obj, field)
    if not english_wanted():
        return LocalizedText(swedish)
    english = _get(obj, f"{field}_en", "") or ""
    if english.strip():
        return LocalizedText(english)
    return LocalizedText(swedish, lang=SOURCE_LANGUAGE if swedish else "")


def localized_text(obj, field):
    """The plain text in the active language, for places no lang attribute can reach (titles, attributes, mail)."""
    return localized(obj, field).text


def localized_html(obj, field):
    """Safe HTML for an inline place: the escaped text, marked <span lang="sv"> when it fell back."""
    return mark_safe(localized(obj, field).__html__())


def mark_languages(form):
    """Mark the inputs of a staff form with the language they hold: <field> Swedish, <field>_en English.

    Browsers then check spelling in the right language and screen readers read the text aloud in it.
    """
    for name, field in form.fields.items():
        if name.endswith("_en") and name[:-3] in form.fields:
            field.widget.attrs.setdefault("lang", "en")
            form.fields[name[:-3]].widget.attrs.setdefault("lang", SOURCE_LANGUAGE)
