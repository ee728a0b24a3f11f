"""Template tags for content staff write in Swedish with an optional English version (trygg.localized).

    {% load localized %}
    {% localized promise "title" %}                 inline: <span lang="sv">…</span> when it fell back
    {% localized promise "text" as text %}          a LocalizedText for blocks:
    <div{{ text.lang_attr }}>{{ text.text|linebreaks }}</div>
    {{ survey|localized_text:"title" }}              plain text, for <title> and attributes
"""

from django import template

from trygg.localized import localized as localize
from trygg.localized import localized_html, localized_text as plain_text

register = template.Library()


@register.simple_tag(name="localized")
def localized_tag(obj, field):
    """The escaped text in the active language, or a LocalizedText when used with ``as``."""
    return localize(obj, field)


@register.filter
def localized_text(obj, field):
    return plain_text(obj, field)


@register.filter
def localized_inline(obj, field):
    return localized_html(obj, field)
