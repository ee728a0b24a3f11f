"""Forms of the results pages: publishing a summary and tagging free-text answers with themes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog.models import Survey, Theme
from trygg.localized import mark_languages

THEME_NAME_LENGTH = Theme._meta.get_field("name").max_length


class PublishResultsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["results_published", "public_summary", "public_summary_en"]
        help_texts = {
            "results_published": _(
                "The public page shows the summary and the tables and charts, without free-text answers "
                "and without any group with fewer than five answers."
            ),
        }
        widgets = {
            "public_summary": forms.Textarea(attrs={"rows": 5}),
            "public_summary_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("results_published") and not cleaned.get("public_summary", "").strip():
            self.add_error("public_summary", _("Write a short summary before you publish the results."))
        return cleaned


class AnswerThemesForm(forms.Form):
    """The themes of one free-text answer; new themes may be named (comma-separated)."""

    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    new_themes = forms.CharField(
        label=_("New themes"), required=False, max_length=500,
        help_text=_("Separate several themes with commas."),
    )

    def __init__(self, *args, theme_choices=(), can_add_themes=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices
        self.can_add_themes = can_add_themes
        if not can_add_themes:
            del self.fields["new_themes"]

    def clean_new_themes(self):
        names = []
        for name in self.cleaned_data["new_themes"].split(","):
            name = " ".join(name.split())
            if not name:
                continue
            if len(name) > THEME_NAME_LENGTH:
                raise forms.ValidationError(
                    _("A theme name can be at most %(length)d characters."), params={"length": THEME_NAME_LENGTH}
                )
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        return names

    def save(self, answer):
        """Set the answer's themes: the ticked ones plus the new ones (existing names are reused)."""
        themes = list(Theme.objects.filter(pk__in=self.cleaned_data["themes"]))
        for name in self.cleaned_data.get("new_themes", []):
            theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
            themes.append(theme)
        answer.themes.set(themes)
        return themes
