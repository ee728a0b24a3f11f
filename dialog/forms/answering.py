"""The form of one survey page, built from its questions.

Every field is optional at field level; required questions and conditions are
judged per question in ``clean`` so that a follow-up on the same page is only
checked (and kept) when its trigger was chosen.
"""

from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dialog.answering import CHOICE_TYPES, chosen_option_ids, condition_met, is_answered
from dialog.models import QuestionType
from incidents.models import Locality, in_service_area
from trygg.geo import outside_message
from trygg.localized import localized_html

TEXT_MAX_LENGTH = 2000
PLACE_MAX_LENGTH = 300
COORDINATE_STEP = Decimal("0.000001")

CHOICE_ERRORS = {
    "invalid_choice": _("Choose one of the options given."),
    "invalid_list": _("Choose one of the options given."),
}


class FlexibleDecimalField(forms.DecimalField):
    """A decimal that also accepts a comma as the decimal sign (3,5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace(" ", "")
        return super().to_python(value)


def coordinate_field(label):
    return FlexibleDecimalField(
        label=label, required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def bootstrap_class(widget):
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def option_choices(question):
    return [(option.pk, localized_html(option, "label")) for option in question.options.all()]


class QuestionBlock:
    """One question as the page template renders it: its bound fields, errors and condition."""

    def __init__(self, form, question):
        self.form = form
        self.question = question
        self.names = form.field_names[question.pk]

    @property
    def fields(self):
        return [self.form[name] for name in self.names]

    @property
    def field(self):
        return self.form[self.names[0]]

    @property
    def items(self):
        """Matrix rows: (item, bound field)."""
        return list(zip(self.question.items.all(), self.fields))

    @property
    def map_fields(self):
        return dict(zip(("latitude", "longitude", "locality", "place"), self.fields))

    @property
    def errors(self):
        return [error for name in self.names for error in self.form.errors.get(name, [])]

    @property
    def conditional_hint(self):
        """The trigger of a follow-up on the same page, for the hint "Answer only if …"."""
        if self.question.show_if_option_id and not self.form.flow.depends_on_earlier_page(self.question):
            return self.question.show_if_option
        return None

    @property
    def error_summary(self):
        """(anchor id, text) of each error, linking to the first control of its field."""
        entries = []
        for name in self.names:
            bound = self.form[name]
            for error in self.form.errors.get(name, []):
                anchor = bound.auto_id
                if isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                    anchor = f"{anchor}_0"
                label = localized_html(self.question, "text")
                if self.question.type == QuestionType.MATRIX:
                    label = format_html("{} – {}", label, bound.label)
                entries.append((anchor, format_html("{}: {}", label, error)))
        return entries


class SurveyPageForm(forms.Form):
    """Base of the per-page form classes made by ``page_form_class``."""

    questions = []  # set on each generated class
    field_names = {}

    def __init__(self, *args, flow, earlier_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.flow = flow
        self.earlier_answers = earlier_answers or {}
        self.blocks = [QuestionBlock(self, question) for question in self.questions]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", bootstrap_class(field.widget))

    def clean(self):
        data = super().clean()
        answers = {}
        for question in self.questions:
            value = self.question_value(question, data)
            if value is not None:
                answers[str(question.pk)] = value
        chosen = chosen_option_ids({**self.earlier_answers, **answers})
        for question in self.questions:
            names = self.field_names[question.pk]
            if not condition_met(question, chosen):
                # A follow-up whose trigger was not chosen: its answer (and any error in it) is ignored.
                answers.pop(str(question.pk), None)
                for name in names:
                    self._errors.pop(name, None)
                continue
            if any(name in self._errors for name in names):
                continue
            if question.required and not is_answered(question, answers.get(str(question.pk))):
                self.add_error(self.required_field_name(question, answers), self.required_message(question))
        self.answers = answers
        return data

    def question_value(self, question, data):
        """The JSON-ready answer to one question, or None when it was left empty or has errors."""
        names = self.field_names[question.pk]
        if any(name in self._errors for name in names):
            return None
        if question.type == QuestionType.MATRIX:
            rows = zip(question.items.all(), names)
            chosen = {str(item.pk): data[name] for item, name in rows if data.get(name) is not None}
            return chosen or None
        if question.type == QuestionType.MAP_POINT:
            return self.map_value(question, names, data)
        value = data.get(names[0])
        if value in (None, "", []):
            return None
        if question.type == QuestionType.NUMBER:
            return str(value)
        if question.type == QuestionType.LOCALITY:
            return value.pk
        if question.type == QuestionType.MULTIPLE:
            return sorted(value)
        return value

    def map_value(self, question, names, data):
        lat_name, lon_name, locality_name, place_name = names
        latitude, longitude = data.get(lat_name), data.get(lon_name)
        locality, place = data.get(locality_name), data.get(place_name, "")
        if (latitude is None) != (longitude is None):
            self.add_error(lat_name, _("Give both latitude and longitude, or neither."))
            return None
        if latitude is not None:
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not in_service_area(latitude, longitude):
                self.add_error(lat_name, outside_message(latitude, longitude))
                return None
            latitude, longitude = latitude.quantize(COORDINATE_STEP), longitude.quantize(COORDINATE_STEP)
        elif place and not locality:
            self.add_error(locality_name, _("Choose the locality where the place is."))
            return None
        if latitude is None and locality is None:
            return None
        return {
            "latitude": str(latitude) if latitude is not None else None,
            "longitude": str(longitude) if longitude is not None else None,
            "locality": locality.pk if locality else None,
            "place": place,
        }

    def required_field_name(self, question, answers):
        names = self.field_names[question.pk]
        if question.type == QuestionType.MAP_POINT:
            return names[2]  # the locality, the way to answer without the map
        if question.type == QuestionType.MATRIX:
            given = answers.get(str(question.pk)) or {}
            return next(name for item, name in zip(question.items.all(), names) if str(item.pk) not in given)
        return names[0]

    def required_message(self, question):
        if question.type == QuestionType.MAP_POINT:
            return _("Mark the place on the map or choose a locality.")
        if question.type == QuestionType.MATRIX:
            return _("Answer every row of this question.")
        return _("This question must be answered.")


def question_fields(question):
    """The form fields of one question, by name."""
    fields = _question_fields(question)
    if question.help_text and question.type not in (QuestionType.MATRIX, QuestionType.MAP_POINT):
        for field in fields.values():
            field.help_text = localized_html(question, "help_text")
    return fields


def _question_fields(question):
    prefix = f"q{question.pk}"
    kind = question.type
    if kind in CHOICE_TYPES:
        return {prefix: forms.TypedChoiceField(
            label=localized_html(question, "text"), choices=option_choices(question), coerce=int, empty_value=None, required=False,
            widget=forms.RadioSelect, error_messages=CHOICE_ERRORS,
        )}
    if kind == QuestionType.MULTIPLE:
        return {prefix: forms.TypedMultipleChoiceField(
            label=localized_html(question, "text"), choices=option_choices(question), coerce=int, empty_value=None, required=False,
            widget=forms.CheckboxSelectMultiple, error_messages=CHOICE_ERRORS,
        )}
    if kind == QuestionType.MATRIX:
        return {
            f"{prefix}_i{item.pk}": forms.TypedChoiceField(
                label=localized_html(item, "label"), choices=option_choices(question), coerce=int, empty_value=None, required=False,
                widget=forms.RadioSelect, error_messages=CHOICE_ERRORS,
            )
            for item in question.items.all()
        }
    if kind == QuestionType.TEXT:
        return {prefix: forms.CharField(
            label=localized_html(question, "text"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        )}
    if kind == QuestionType.NUMBER:
        return {prefix: FlexibleDecimalField(
            label=localized_html(question, "text"), required=False, min_value=question.min_value, max_value=question.max_value,
            max_digits=12, decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )}
    if kind == QuestionType.LOCALITY:
        return {prefix: forms.ModelChoiceField(
            label=localized_html(question, "text"), queryset=Locality.objects.all(), required=False, empty_label=_("Choose a locality"),
        )}
    if kind == QuestionType.MAP_POINT:
        return {
            f"{prefix}_latitude": coordinate_field(_("Latitude")),
            f"{prefix}_longitude": coordinate_field(_("Longitude")),
            f"{prefix}_locality": forms.ModelChoiceField(
                label=_("Locality"), queryset=Locality.objects.all(), required=False,
                empty_label=_("Choose a locality"),
            ),
            f"{prefix}_place": forms.CharField(
                label=_("Describe the place"), max_length=PLACE_MAX_LENGTH, required=False,
                help_text=_("For example: the footpath between the school and the bus stop."),
            ),
        }
    return {}


def page_form_class(questions):
    """A form class with the fields of these questions (one page of a survey)."""
    fields, names = {}, {}
    for question in questions:
        own = question_fields(question)
        fields.update(own)
        names[question.pk] = list(own)
    return type("SurveyPageForm", (SurveyPageForm,), {**fields, "questions": list(questions), "field_names": names})


def initial_from_answers(questions, answers):
    """Form initial values from a draft's answers, so a page shows what was answered before."""
    initial = {}
    for question in questions:
        value = answers.get(str(question.pk))
        if value is None:
            continue
        prefix = f"q{question.pk}"
        if question.type == QuestionType.MATRIX:
            initial.update({f"{prefix}_i{item_pk}": option_pk for item_pk, option_pk in value.items()})
        elif question.type == QuestionType.MAP_POINT:
            initial.update({
                f"{prefix}_latitude": value.get("latitude") or "",
                f"{prefix}_longitude": value.get("longitude") or "",
                f"{prefix}_locality": value.get("locality"),
                f"{prefix}_place": value.get("place", ""),
            })
        else:
            initial[prefix] = value
    return initial


class InvitationCodeForm(forms.Form):
    """The code from the letter of a representative round; cleaned_data["invitation"] is its unused invitation."""

    kod = forms.CharField(
        label=_("Invitation code"), max_length=40,
        help_text=_("The code in your letter, for example ABCD 23EFGH. Spaces and small letters do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_kod(self):
        from dialog.invitations import clean_code

        invitation = self.survey.invitations.filter(email="", token=clean_code(self.cleaned_data["kod"])).first()
        if invitation is None:
            raise forms.ValidationError(_("There is no such invitation code for this survey. Check the code in your letter."))
        if invitation.used_at is not None:
            raise forms.ValidationError(_("This code has already been used: each code gives one answer."))
        self.cleaned_data["invitation"] = invitation
        return invitation.token
