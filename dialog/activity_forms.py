"""Forms for dialogue activities: the activity, its participants by group, its concerns and the list's filters."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import ActivityKind, Concern, DialogueActivity, ParticipantGroup
from incidents.forms import COORDINATE_STEP, CategoryField
from incidents.models import Category, Locality, in_service_area
from trygg.forms import FilterForm
from trygg.geo import outside_message
from trygg.localized import mark_languages

COORDINATE_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def clean_point(form, data):
    """Both coordinates or neither, rounded, inside the area the portal covers."""
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if "latitude" in form.errors or "longitude" in form.errors:
        return data
    if (latitude is None) != (longitude is None):
        form.add_error("latitude", _("Give both latitude and longitude, or neither."))
    elif latitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not in_service_area(latitude, longitude):
            form.add_error(
                "latitude",
                outside_message(latitude, longitude),
            )
        else:
            data["latitude"], data["longitude"] = latitude.quantize(COORDINATE_STEP), longitude.quantize(COORDINATE_STEP)
    return data


class ActivityForm(forms.ModelForm):
    class Meta:
        model = DialogueActivity
        fields = [
            "kind", "walk_phase", "part_of", "title", "title_en", "date", "locality", "place", "latitude", "longitude",
            "organisers", "notes", "is_public", "starts_at", "ends_at", "public_description", "public_description_en", "accessibility",
            "contact", "signup_limit", "public_summary", "public_follow_up",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "public_description": forms.Textarea(attrs={"rows": 3}),
            "public_description_en": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "public_follow_up": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "latitude": COORDINATE_WIDGET,
            "longitude": COORDINATE_WIDGET,
        }
        help_texts = {
            "walk_phase": _("Only for safety walks: log each phase as its own activity."),
            "organisers": _("For example: Tjörns kommun, Polisen and Skärhamns företagarförening."),
            "notes": _("Internal notes. Do not write personal details about anyone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)
        walks = DialogueActivity.objects.filter(kind=ActivityKind.SAFETY_WALK, part_of__isnull=True)
        if self.instance.pk:
            walks = walks.exclude(pk=self.instance.pk)
        self.fields["part_of"].queryset = walks.select_related("locality")
        self.fields["part_of"].empty_label = _("None: this is the first phase, or not a safety walk")
        self.fields["locality"].empty_label = _("Choose a locality")
        self.fields["latitude"].required = self.fields["longitude"].required = False

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate() + timedelta(days=365):
            raise forms.ValidationError(_("The date is more than a year ahead."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("kind") != ActivityKind.SAFETY_WALK:
            if data.get("walk_phase"):
                self.add_error("walk_phase", _("Only safety walks have phases."))
            if data.get("part_of"):
                self.add_error("part_of", _("Only the phases of a safety walk belong to another activity."))
        elif data.get("part_of") and self.instance.pk and self.instance.parts.exists():
            self.add_error("part_of", _("This activity has phases of its own, so it cannot be part of another."))
        return clean_point(self, data)


class SignUpForm(forms.Form):
    """A resident's sign-up: a name, an e-mail address and consent to store them until after the activity."""

    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    consent = forms.BooleanField(
        label=_("I agree that my name and e-mail address are stored so the organisers can reach me about the "
                "activity. They are deleted after the activity."),
        error_messages={"required": _("Tick the box to agree, or contact the organisers instead.")},
    )


class ParticipantsForm(forms.Form):
    """One number per group; empty or 0 means nobody from that group."""

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = {}
        if activity is not None and activity.pk:
            counts = {p.group: p.count for p in activity.participants.all()}
        for group, label in ParticipantGroup.choices:
            self.fields[group] = forms.IntegerField(
                label=label, min_value=0, max_value=100_000, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.initial.setdefault(group, counts.get(group))

    def counts(self):
        return {group: self.cleaned_data.get(group) or 0 for group in ParticipantGroup.values}


class ConcernForm(forms.ModelForm):
    category = CategoryField(
        label=_("Category (optional)"), queryset=Category.objects.active(), required=False,
        empty_label=_("No category"),
    )

    class Meta:
        model = Concern
        fields = ["text", "category", "latitude", "longitude"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "latitude": COORDINATE_WIDGET,
            "longitude": COORDINATE_WIDGET,
        }
        labels = {"latitude": _("Latitude (optional)"), "longitude": _("Longitude (optional)")}

    def clean(self):
        return clean_point(self, super().clean())


# absolute_max caps the forms built from a posted TOTAL_FORMS (Django's default would build 1,100).
ConcernFormSet = forms.inlineformset_factory(
    DialogueActivity, Concern, form=ConcernForm, extra=3, can_delete=True, max_num=100, absolute_max=100,
    validate_max=True,
)


class ActivityFilterForm(FilterForm):
    """GET filters of the list; invalid values are ignored, never an error page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False)
    locality = forms.ModelChoiceField(
        label=_("Locality"), queryset=Locality.objects.all(), required=False, empty_label=_("All localities")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def filter(self, activities):
        values = self.values
        if "kind" in values:
            activities = activities.filter(kind=values["kind"])
        if "locality" in values:
            activities = activities.filter(locality=values["locality"])
        if "year" in values:
            activities = activities.filter(date__year=values["year"])
        return activities
