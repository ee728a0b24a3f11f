"""Forms for measures, their progress reports and milestones, citizen promises."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    FINISHED_STATUSES, CitizenPromise, Measure, MeasureProgress, MeasureStatus, Milestone, PriorityProblem,
    ProgressMode,
)
from incidents.forms import REFERENCE_PATTERN
from incidents.models import Organisation, Report
from trygg import roles
from trygg.forms import FilterForm
from trygg.localized import mark_languages

DATE = {"type": "date"}


def responsible_people():
    """People who may be responsible for a measure: members of a staff role, and admins."""
    staff_roles = [roles.COORDINATOR, roles.WORKING_GROUP, roles.STEERING_GROUP, roles.POLICE]
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=staff_roles) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class ProblemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, problem):
        return _("%(title)s (situation report %(period)s)") % {
            "title": problem.title, "period": f"{problem.report.period_start:%Y-%m-%d} – {problem.report.period_end:%Y-%m-%d}",
        }


class MeasureForm(forms.ModelForm):
    # The version the editor started from: a save from an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # What the measure answers (saved by Measure.save_new / save_edit, not by the ModelForm).
    report_references = forms.CharField(
        label=_("Reports it answers"), required=False, max_length=2000,
        help_text=_("References such as TT-000123, separated by commas or spaces."),
    )
    problems = ProblemChoiceField(
        label=_("Priority problems it answers"), queryset=PriorityProblem.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The priority problems of the situation reports that the measure is meant to solve."),
    )

    class Meta:
        model = Measure
        fields = [
            "title", "title_en", "description", "description_en", "kind", "category", "locality", "latitude", "longitude", "radius_metres", "when",
            "owner_organisation", "responsible_person", "starts_on", "due_on", "completed_on", "status",
            "progress_mode", "decision", "evidence", "incident_filter", "evaluation", "control_locality_near", "control_locality_far",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs=DATE),
            "due_on": forms.DateInput(attrs=DATE),
            "completed_on": forms.DateInput(attrs=DATE),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)
        self.user = user
        self.fields["responsible_person"].queryset = responsible_people()
        self.fields["decision"].queryset = self.fields["decision"].queryset.select_related("meeting")
        self.fields["evaluation"].help_text = _("Did it work? Written when the effect has been followed up.")
        self.fields["version"].initial = self.instance.version
        self.fields["progress_mode"].required = False  # left out: the measure keeps how it tells its progress
        self.fields["latitude"].help_text = _(
            "Mark the place on the map or type it. Without a point the measure is shown at its locality."
        )
        self.fields["problems"].queryset = PriorityProblem.objects.select_related("report").order_by(
            "-report__period_start", "-report__version", "order", "pk"
        )
        if self.instance.pk:
            self.initial.setdefault(
                "report_references", " ".join(report.reference for report in self.instance.reports.order_by("pk"))
            )
            self.initial.setdefault("problems", list(self.instance.problems.values_list("pk", flat=True)))
        self.fields["control_locality_near"].help_text = _(
            "For the effect follow-up: a neighbouring locality to compare with. By default the measure is "
            "compared with the rest of Tjörn."
        )
        self.fields["control_locality_far"].help_text = _(
            "For the effect follow-up: a distant locality to compare with, unlikely to be affected by the measure."
        )
        if not self.instance.pk and not self.is_bound and not self.user.has_perm("governance.change_measure"):
            # Working-group members and police liaisons start from their own organisation and themselves.
            own = roles.organisations_of(self.user)
            if len(own) == 1:
                self.initial.setdefault("owner_organisation", own.pop())
            self.initial.setdefault("responsible_person", self.user.pk)

    def clean_report_references(self):
        """The reports behind the references, in the order given; every reference must name a report."""
        words = [word for word in re.split(r"[\s,;]+", self.cleaned_data["report_references"]) if word]
        numbers, malformed = [], []
        for word in words:
            match = REFERENCE_PATTERN.match(word)
            if match:
                numbers.append(int(match[1]))
            else:
                malformed.append(word)
        if malformed:
            raise forms.ValidationError(_("Not a report reference: %(words)s. Write references such as TT-000123.")
                                        % {"words": ", ".join(malformed)})
        reports = Report.objects.in_bulk(numbers)
        missing = [f"TT-{number:06d}" for number in numbers if number not in reports]
        if missing:
            raise forms.ValidationError(_("There is no report with the reference %(references)s.")
                                        % {"references": ", ".join(missing)})
        return list(dict.fromkeys(reports[number] for number in numbers))

    @property
    def links(self):
        """What the measure answers, for Measure.save_new and save_edit."""
        return {"reports": self.cleaned_data["report_references"], "problems": self.cleaned_data["problems"]}

    def clean_progress_mode(self):
        return self.cleaned_data.get("progress_mode") or self.instance.progress_mode or ProgressMode.PERCENT

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The due date cannot be before the start date."))
        completed_on = cleaned.get("completed_on")
        if completed_on and starts_on and completed_on < starts_on:
            self.add_error("completed_on", _("The measure cannot be completed before it starts."))
        if cleaned.get("status") in (MeasureStatus.DONE, MeasureStatus.EVALUATED) and not completed_on:
            cleaned["completed_on"] = timezone.localdate()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if cleaned.get("radius_metres") and cleaned.get("latitude") is None:
            self.add_error("radius_metres", _("An area needs a point: give latitude and longitude."))
        near, far = cleaned.get("control_locality_near"), cleaned.get("control_locality_far")
        if near and far and near == far:
            self.add_error("control_locality_far", _("Choose two different control localities."))
        has_circle = cleaned.get("radius_metres") and cleaned.get("latitude") is not None
        for name, control in (("control_locality_near", near), ("control_locality_far", far)):
            if control and not has_circle and control == cleaned.get("locality"):
                self.add_error(name, _("The measure's own locality cannot be its control."))
        owner = cleaned.get("owner_organisation")
        if owner:
            # Whoever saves a measure must be able to edit it afterwards: its owner or its responsible person.
            responsible = cleaned.get("responsible_person")
            probe = Measure(owner_organisation=owner, responsible_person_id=responsible.pk if responsible else None)
            if not probe.can_edit(self.user):
                self.add_error("owner_organisation", _(
                    "You could not edit the measure any more with this owner. Choose your own organisation "
                    "or make yourself the responsible person."
                ) if self.instance.pk else _(
                    "You may create measures that your organisation owns or that you are responsible for."
                ))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The submitted version is what the conflict check compares with.
        if "version" in self.cleaned_data:
            self.instance.version = self.cleaned_data["version"]


class ProgressForm(forms.ModelForm):
    class Meta:
        model = MeasureProgress
        fields = ["date", "text", "percent"]
        widgets = {"date": forms.DateInput(attrs=DATE), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["date"].initial = timezone.localdate
        if measure.progress_mode == ProgressMode.MILESTONES:
            del self.fields["percent"]  # the milestones tell the progress; a typed percentage would contradict them
            return
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100})
        self.fields["percent"].validators.append(MaxValueValidator(100))
        self.fields["percent"].help_text = _("From 0 to 100: how much of the measure is done.")

    def clean_percent(self):
        percent = self.cleaned_data.get("percent")
        if percent is not None and percent < 100 and self.measure.status in FINISHED_STATUSES:
            raise forms.ValidationError(_(
                "The measure is “%(status)s”, so its progress is 100 %%. Change its status first if it is not done."
            ) % {"status": self.measure.get_status_display()})
        return percent


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean(self):
        cleaned = super().clean()
        if self.measure.status in FINISHED_STATUSES and self.measure.progress_mode == ProgressMode.MILESTONES:
            # A new open milestone would bring a carried-out measure below 100 %.
            raise forms.ValidationError(_(
                "The measure is “%(status)s”, so all its milestones are done. Change its status first to add one."
            ) % {"status": self.measure.get_status_display()})
        return cleaned


class MeasureFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + MeasureStatus.choices, required=False,
        help_text=_("Where the measure stands: planned, ongoing, carried out, evaluated or cancelled."),
    )
    owner = forms.ChoiceField(
        label=_("Owner"), choices=[("", _("All"))] + Organisation.choices, required=False,
        help_text=_("The organisation that owns the measure and answers for it."),
    )
    locality = forms.ModelChoiceField(
        label=_("Locality"), queryset=None, required=False, empty_label=_("All"),
        help_text=_("The locality where the measure is carried out."),
    )
    editable = forms.BooleanField(
        label=_("Only those I can edit"), required=False,
        help_text=_("Measures your organisation owns or you are responsible for."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from incidents.models import Locality

        self.user = user
        self.fields["locality"].queryset = Locality.objects.all()

    def filter(self, measures):
        values = self.values
        if "status" in values:
            measures = measures.filter(status=values["status"])
        if "owner" in values:
            measures = measures.filter(owner_organisation=values["owner"])
        if "locality" in values:
            measures = measures.filter(locality=values["locality"])
        if values.get("editable") and self.user is not None:
            measures = measures.editable_by(self.user)
        return measures

    def summary(self):
        """What the list shows, in one sentence (filter values that did not validate are left out, as in filter())."""
        values = self.values
        conditions = []
        if "status" in values:
            conditions.append(_("with status “%(status)s”") % {"status": MeasureStatus(values["status"]).label})
        if "owner" in values:
            conditions.append(_("owned by %(owner)s") % {"owner": Organisation(values["owner"]).label})
        if "locality" in values:
            conditions.append(_("in %(locality)s") % {"locality": values["locality"].name})
        if values.get("editable") and self.user is not None:
            conditions.append(str(_("that you can edit")))
        if not conditions:
            return str(_("Showing all measures."))
        return _("Showing measures %(conditions)s.") % {"conditions": ", ".join(str(c) for c in conditions)}


class CitizenPromiseForm(forms.ModelForm):
    class Meta:
        model = CitizenPromise
        fields = [
            "year", "title", "title_en", "text", "text_en", "starts_on", "ends_on", "status", "progress_text",
            "progress_text_en", "evidence", "evidence_en", "activities_promised", "activities_delivered", "measures",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE),
            "ends_on": forms.DateInput(attrs=DATE),
            "text": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "progress_text": forms.Textarea(attrs={"rows": 3}),
            "progress_text_en": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "evidence_en": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The promise cannot end before it starts."))
        return cleaned
