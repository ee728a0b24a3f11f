"""Forms for feedback (Tyck till): the public form, the coordinators' actions and the queue's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog.models import FeedbackStatus, FeedbackTopic, Theme
from incidents.forms import CategoryField, SpamProtectedForm
from incidents.models import Category, Kind, Locality
from trygg.forms import FilterForm, require_consent_for_contact
from trygg.personal_data import PersonalDataCheck


class FeedbackForm(SpamProtectedForm):
    """Feedback, a question or a proposal from anyone, with optional contact details."""

    topic = forms.ChoiceField(label=_("What is it about?"), choices=FeedbackTopic.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Do not write names or other personal details about anyone."),
    )
    locality = forms.ModelChoiceField(
        label=_("Locality (optional)"), queryset=Locality.objects.all(), required=False,
        empty_label=_("Choose a locality"),
    )
    contact_name = forms.CharField(
        label=_("Name"), max_length=200, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a receipt, and the answer if we answer you by email."),
    )
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent_given = forms.BooleanField(
        label=_("I agree that the municipality and the Police may use my contact details to answer me."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        require_consent_for_contact(self, data)
        return data

    def feedback_fields(self):
        """The cleaned values as Feedback fields."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("topic", "text", "locality", "contact_name", "contact_email", "contact_phone",
                         "consent_given", "submission_id")
        }
        fields["contact_email"] = fields["contact_email"].lower()
        return fields


# --- The coordinators' actions: one small form each. ---


class AnswerPubliclyForm(PersonalDataCheck, forms.Form):
    checked_fields = ["public_question", "answer"]

    public_question = forms.CharField(
        label=_("Public version of the question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the public list of answers. Remove names and other personal data."),
    )
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class AnswerPrivatelyForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by email to the person who wrote. It is not shown in public."),
    )


class ThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_themes = forms.CharField(
        label=_("New themes"), max_length=300, required=False,
        help_text=_("Separate several themes with commas."),
    )

    def __init__(self, *args, can_add_themes=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_add_themes = can_add_themes

    def clean_new_themes(self):
        names = {name.strip() for name in self.cleaned_data["new_themes"].split(",") if name.strip()}
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("A theme can be at most 100 characters long."))
        new = [name for name in sorted(names) if not Theme.objects.filter(name__iexact=name).exists()]
        if new and not self.can_add_themes:
            raise forms.ValidationError(_("You may not create new themes; choose among the existing ones."))
        return sorted(names)

    def chosen_themes(self):
        """The ticked themes and the named ones, created when new."""
        themes = list(self.cleaned_data["themes"])
        for name in self.cleaned_data["new_themes"]:
            theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
            themes.append(theme)
        return themes


class FeedbackToReportForm(forms.Form):
    category = CategoryField(
        label=_("Category of the report"),
        queryset=Category.objects.active().filter(kind=Kind.UNSAFE_PLACE),
        empty_label=_("Choose a category"),
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback

    def clean(self):
        data = super().clean()
        if self.feedback.locality_id is None:
            raise forms.ValidationError(
                _("The feedback has no locality, so the report would have no place. Add a report by hand instead.")
            )
        return data


class FeedbackFilterForm(FilterForm):
    """GET filters of the queue; invalid values are ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *FeedbackStatus.choices], required=False
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("All topics")), *FeedbackTopic.choices], required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All themes")
    )
    flagged = forms.BooleanField(label=_("Only flagged for the working group"), required=False)

    def filter(self, feedback):
        values = self.values
        if "status" in values:
            feedback = feedback.filter(status=values["status"])
        if "topic" in values:
            feedback = feedback.filter(topic=values["topic"])
        if "theme" in values:
            feedback = feedback.filter(themes=values["theme"])
        if values.get("flagged"):
            feedback = feedback.filter(flagged_for_working_group=True)
        return feedback


class AnsweredFilterForm(FilterForm):
    """The public Q&A page's topic filter (a plain GET form); an unknown topic shows every answer."""

    amne = forms.ChoiceField(label=_("Topic"), choices=[("", _("All topics")), *FeedbackTopic.choices], required=False)

    def filter(self, feedback):
        topic = self.values.get("amne")
        return feedback.filter(topic=topic) if topic else feedback
