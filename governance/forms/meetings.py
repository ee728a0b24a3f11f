"""Forms for meetings, their agenda, attendance, minutes and decisions."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dialog.models import Feedback, Survey
from governance.models import AgendaItem, Decision, Group, Meeting
from incidents.filters import StaffReportFilterForm
from incidents.models import Organisation
from trygg.forms import DateTimeField, FilterForm
from trygg.localized import mark_languages

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def clean_incident_filter(value):
    """A query string of the incidents list; every key and value must be one the list's filter accepts."""
    value = (value or "").strip().lstrip("?")
    if not value:
        return ""
    data = QueryDict(value)
    form = StaffReportFilterForm(data)
    unknown = sorted(set(data) - set(form.fields))
    if unknown:
        raise forms.ValidationError(
            _("Unknown filter: %(names)s. Copy the query string from the incidents list."), params={"names": ", ".join(unknown)}
        )
    if not form.is_valid():
        bad = ", ".join(str(form.fields[name].label) for name in form.errors)
        raise forms.ValidationError(_("Invalid filter value for: %(names)s."), params={"names": bad})
    return data.urlencode()


class SurveyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class FeedbackChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.public_question or obj.text
        return f"#{obj.pk} {obj.get_topic_display()}: {text[:60]}"


class DecisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.starts_at:%Y-%m-%d} {obj.decided_by}: {obj.text[:60]}"


class MeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["group", "title", "starts_at", "ends_at", "place", "video_link"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}
        field_classes = {"starts_at": DateTimeField, "ends_at": DateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class AgendaItemForm(forms.ModelForm):
    surveys = SurveyChoiceField(label=_("Surveys"), queryset=Survey.objects.all(), required=False)
    feedback = FeedbackChoiceField(label=_("Feedback"), queryset=Feedback.objects.all(), required=False)
    earlier_decisions = DecisionChoiceField(
        label=_("Earlier decisions"), queryset=Decision.objects.select_related("meeting", "decided_by"), required=False
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title", "presenter", "duration_minutes", "incident_filter", "situation_reports", "surveys", "feedback",
            "earlier_decisions",
        ]
        help_texts = {
            "incident_filter": _("The query string of a filtered incidents list, e.g. kind=disorder&locality=3."),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier_decisions"].queryset = self.fields["earlier_decisions"].queryset.exclude(meeting=meeting)

    def clean_incident_filter(self):
        return clean_incident_filter(self.cleaned_data.get("incident_filter"))


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Present"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(m.user_id), f"{m.user} ({m.get_role_display()}, {m.organisation_name or m.get_organisation_display()})")
            for m in members
        ]


class MinutesForm(forms.Form):
    """One text area per agenda item."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title, widget=forms.Textarea(attrs={"rows": 4}), required=False, initial=item.minutes
            )

    def minutes_by_item(self):
        return [(item, self.cleaned_data[f"item_{item.pk}"]) for item in self.items]


class CorrectionForm(MinutesForm):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, content, **kwargs):
        super().__init__(*args, items=items, **kwargs)
        approved = {entry.get("pk"): entry.get("minutes", "") for entry in content}
        for item in self.items:
            self.fields[f"item_{item.pk}"].initial = approved.get(item.pk, "")
        self.order_fields(["reason"])


class DecisionForm(forms.ModelForm):
    surveys = SurveyChoiceField(label=_("Surveys"), queryset=Survey.objects.all(), required=False)
    feedback = FeedbackChoiceField(label=_("Feedback"), queryset=Feedback.objects.all(), required=False)

    class Meta:
        model = Decision
        fields = [
            "agenda_item", "text", "text_en", "rationale", "rationale_en", "decided_by", "responsible_organisation", "responsible_person",
            "is_public", "incident_filter", "situation_reports", "surveys", "feedback",
        ]
        help_texts = {"rationale": _("Shown on the public page too when the decision is public.")}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].empty_label = None
        if not self.instance.pk:
            self.fields["decided_by"].initial = meeting.group_id
        self.fields["responsible_person"].queryset = get_user_model().objects.filter(
            memberships__group=meeting.group
        ).distinct()

    def clean_incident_filter(self):
        return clean_incident_filter(self.cleaned_data.get("incident_filter"))


class DecisionFilterForm(FilterForm):
    """GET filters of the decision log; invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.all(), required=False, empty_label=_("All groups"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    responsible = forms.ChoiceField(
        label=_("Responsible party"), choices=[("", _("All parties")), *Organisation.choices], required=False
    )
    public = forms.ChoiceField(
        label=_("Public"), choices=[("", _("All")), ("yes", _("Public")), ("no", _("Internal"))], required=False
    )

    def filter(self, decisions):
        values = self.values
        if "q" in values:
            decisions = decisions.filter(Q(text__icontains=values["q"]) | Q(rationale__icontains=values["q"]))
        if "group" in values:
            decisions = decisions.filter(decided_by=values["group"])
        if "year" in values:
            decisions = decisions.filter(meeting__starts_at__year=values["year"])
        if "responsible" in values:
            decisions = decisions.filter(responsible_organisation=values["responsible"])
        if "public" in values:
            decisions = decisions.filter(is_public=values["public"] == "yes")
        return decisions


class MeetingFilterForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.all(), required=False, empty_label=_("All groups"))
