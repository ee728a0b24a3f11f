from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.picture import CUSTOM, MONTH, QUARTER, TERTIAL, WEEK, YEAR, Period
from incidents.models import Kind, Locality
from trygg.forms import DateField

MAX_CUSTOM_DAYS = 3 * 366


class PictureFilterForm(forms.Form):
    """The problem picture's GET form: which period, and optionally one locality and one kind."""

    period = forms.ChoiceField(
        label=_("Period"), required=False,
        choices=[(MONTH, _("Month")), (WEEK, _("Week")), (QUARTER, _("Quarter")),
                 (TERTIAL, _("Tertial (four months)")), (YEAR, _("Year")), (CUSTOM, _("Custom"))],
    )
    date_from = DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a month, quarter or year: any day in it. Empty: the last full one."),
    )
    date_to = DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a custom period."),
    )
    locality = forms.ChoiceField(label=_("Locality"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])

    def __init__(self, *args, localities=None, **kwargs):
        """`localities`: all localities, read once and shared with the picture."""
        super().__init__(*args, **kwargs)
        self.localities = list(Locality.objects.order_by("name") if localities is None else localities)
        self.fields["locality"].choices = [("", _("All localities"))] + [
            (locality.slug, locality.name) for locality in self.localities
        ]

    def clean_locality(self):
        slug = self.cleaned_data["locality"]
        return next((locality for locality in self.localities if locality.slug == slug), None)

    def clean(self):
        data = super().clean()
        if data.get("period") == CUSTOM:
            start, end = data.get("date_from"), data.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("A custom period needs both a start and an end date."))
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."))
            if (end - start).days >= MAX_CUSTOM_DAYS:
                raise forms.ValidationError(_("A custom period may be at most three years long."))
        return data

    def selected_period(self, today=None):
        data = self.cleaned_data
        kind = data.get("period") or MONTH
        if kind == CUSTOM:
            return Period(data["date_from"], data["date_to"], CUSTOM)
        if data.get("date_from"):
            return Period.containing(kind, data["date_from"])
        return Period.last_full(kind, today or timezone.localdate())
