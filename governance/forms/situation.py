from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Rhythm
from trygg.forms import DateField


class FreezeForm(forms.Form):
    rhythm = forms.ChoiceField(label=_("Kind of situation report"), choices=Rhythm.choices)
    day = DateField(
        label=_("A day in the period"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The week, month, four months or year that holds this day is frozen."),
    )
    analysis = forms.CharField(label=_("Analysis"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    priorities = forms.CharField(
        label=_("Priority problems"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, as: problem | the evidence behind it."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A situation report describes a period that has begun."))
        return day

    def clean_priorities(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["priorities"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, evidence = line.partition("|")
            if not title.strip() or len(title.strip()) > 200:
                raise forms.ValidationError(
                    _("Line %(number)s: write the problem (at most 200 characters) before the |."),
                    params={"number": number},
                )
            rows.append((title.strip(), evidence.strip()))
        return rows
