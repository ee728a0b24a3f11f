"""Dates read the same in both languages: 12 September 2026 is never "09/12/2026"."""

import datetime

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

SEPTEMBER_12 = datetime.date(2026, 9, 12)


def render(text, language, **context):
    with translation.override(language):
        return Template(text).render(Context(context))


def test_english_short_dates_put_the_day_first_with_the_month_in_words():
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', "en", d=SEPTEMBER_12) == "12 Sep 2026"
    assert render('{{ d|date:"DATE_FORMAT" }}', "en", d=SEPTEMBER_12) == "12 September 2026"
    moment = datetime.datetime(2026, 9, 12, 18, 5)
    assert render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', "en", d=moment) == "12 Sep 2026 18:05"


def test_swedish_short_dates_stay_iso():
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', "sv", d=SEPTEMBER_12) == "2026-09-12"
    with translation.override("sv"):
        assert date_format(SEPTEMBER_12, "DATE_FORMAT") == "12 september 2026"


def test_english_forms_accept_iso_dates_as_date_inputs_send_them():
    from django import forms

    class DayForm(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = DayForm({"day": "2026-09-12"})
        assert form.is_valid() and form.cleaned_data["day"] == SEPTEMBER_12
