"""Forms for meetings, their agenda, attendance, minutes, documents and decisions."""

import os

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Feedback, Survey
from governance.models import AgendaItem, Decision, Group, Meeting, MeetingDocument
from incidents.filters import StaffReportFilterForm
from incidents.models import Organisation
from trygg import roles
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


MAX_ADJUSTERS = 2
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF, ZIP, OLE = (b"%PDF-",), (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# Extension: (the content type the portal serves it with, the first bytes its content must start with).
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", PDF),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".ppt": ("application/vnd.ms-powerpoint", OLE),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def current_members():
    today = timezone.localdate()
    return get_user_model().objects.filter(
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today), memberships__starts_on__lte=today,
        is_active=True,
    ).distinct().order_by("first_name", "last_name", "email")


class MeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["group", "title", "starts_at", "ends_at", "place", "video_link", "secretary", "adjusters"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET, "adjusters": forms.CheckboxSelectMultiple}
        field_classes = {"starts_at": DateTimeField, "ends_at": DateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        members = current_members()
        self.fields["secretary"].queryset = get_user_model().objects.filter(
            Q(pk__in=members.values("pk")) | Q(groups__name=roles.COORDINATOR), is_active=True
        ).distinct().order_by("first_name", "last_name", "email")
        self.fields["adjusters"].queryset = members
        self.fields["adjusters"].help_text = _("One or two members of the meeting's group. Without adjusters a "
                                               "coordinator approves the minutes directly.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        adjusters, group = list(cleaned.get("adjusters") or []), cleaned.get("group")
        if len(adjusters) > MAX_ADJUSTERS:
            self.add_error("adjusters", _("Choose one or two adjusters."))
        if group and adjusters:
            on = timezone.localdate(starts) if starts else timezone.localdate()
            in_group = set(group.current_members(on=on).values_list("user_id", flat=True))
            outside = [str(user) for user in adjusters if user.pk not in in_group]
            if outside:
                self.add_error("adjusters", _("Adjusters are members of the meeting's group: %(names)s is not.")
                               % {"names": ", ".join(outside)})
        secretary = cleaned.get("secretary")
        if secretary and secretary in adjusters:
            self.add_error("adjusters", _("The secretary does not adjust their own minutes."))
        return cleaned


class DocumentForm(forms.ModelForm):
    """A file for a meeting: PDF, Office or OpenDocument, or an image; checked by its content, not its name."""

    class Meta:
        model = MeetingDocument
        fields = ["title", "file", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG, at most %(mb)d MB.") % {
            "mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(DOCUMENT_TYPES))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in DOCUMENT_TYPES:
            raise forms.ValidationError(_("Attach a PDF, Office, OpenDocument or image file."))
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)})
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        content_type, signatures = DOCUMENT_TYPES[extension]
        if not any(head.startswith(signature) for signature in signatures):
            raise forms.ValidationError(_("The file's content does not match its type (%(ext)s).") % {"ext": extension})
        self.content_type = content_type
        return upload

    def save(self, commit=True):
        document = super().save(commit=False)
        document.original_name = os.path.basename(self.cleaned_data["file"].name)[:200]
        document.content_type = self.content_type
        document.size = self.cleaned_data["file"].size
        if commit:
            document.save()
        return document


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
