"""Forms of the survey builder: settings, pages, questions with their options and items, invitations.

Once a survey has complete responses its structure is locked (Survey.is_locked): the forms disable the
structural fields (Django ignores posted values for disabled fields) and refuse changed option or item
codes and values, so only wording and the closing date can change.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dialog.models import Audience, MatrixItem, Option, Question, QuestionType, Survey, SurveyPage
from trygg.dates import unambiguous_local
from trygg.forms import DateTimeField
from trygg.localized import mark_languages

SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
CODE_MAX_LENGTH = 50
LABEL_MAX_LENGTH = 200
SMALLINT_RANGE = range(-32768, 32768)
SCALE_TYPES = (QuestionType.SCALE, QuestionType.MATRIX)
CONDITION_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE)
MAX_INVITATIONS = 2000


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def make_code(text, taken):
    """A slug from text that is not in taken: "Hur trygg är du?" -> "hur-trygg-ar-du"."""
    base = slugify(text)[:CODE_MAX_LENGTH].strip("-") or "x"
    code, n = base, 1
    while code in taken:
        n += 1
        suffix = f"-{n}"
        code = base[: CODE_MAX_LENGTH - len(suffix)] + suffix
    return code


def parse_lines(text, *, with_value):
    """Parse "code | label | value" lines (value only when with_value) into (code, label, value) tuples.

    A line with only a label gets a code made from the label. Raises ValidationError naming each bad line.
    """
    rows, errors, seen = [], [], set()
    max_parts = 3 if with_value else 2
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > max_parts:
            errors.append(_("Line %(line)d has too many parts.") % {"line": number})
            continue
        if len(parts) == 1:
            code, label, value = make_code(parts[0], seen), parts[0], ""
        else:
            code, label, value = parts[0], parts[1], parts[2] if len(parts) == 3 else ""
        if not SLUG.match(code) or len(code) > CODE_MAX_LENGTH:
            errors.append(
                _("Line %(line)d: the code “%(code)s” may have at most 50 letters a–z, digits, hyphens and underscores.")
                % {"line": number, "code": code}
            )
        elif code in seen:
            errors.append(_("Line %(line)d: the code “%(code)s” is used twice.") % {"line": number, "code": code})
        seen.add(code)
        if not label or len(label) > LABEL_MAX_LENGTH:
            errors.append(_("Line %(line)d: write a label of at most 200 characters.") % {"line": number})
        if value:
            try:
                value = int(value)
            except ValueError:
                value = None
            if value is None or value not in SMALLINT_RANGE:
                errors.append(_("Line %(line)d: the value must be a whole number or empty.") % {"line": number})
        else:
            value = None
        rows.append((code, label, value))
    if errors:
        raise ValidationError(errors)
    return rows


def parse_english_lines(text, codes):
    """Parse "code | English label" lines into {code: label}; each code must be one of ``codes``."""
    english, errors = {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, bar, label = (part.strip() for part in line.partition("|"))
        if not bar or not label or len(label) > LABEL_MAX_LENGTH:
            errors.append(_("Line %(line)d: write “code | English label”, at most 200 characters.") % {"line": number})
        elif code not in codes:
            errors.append(_("Line %(line)d: there is no “%(code)s” in the Swedish version.") % {"line": number, "code": code})
        elif code in english:
            errors.append(_("Line %(line)d: the code “%(code)s” is used twice.") % {"line": number, "code": code})
        else:
            english[code] = label
    if errors:
        raise ValidationError(errors)
    return english


def format_lines(rows):
    return "\n".join(" | ".join(str(part) for part in row if part is not None) for row in rows)


def keep_locked_values(form, cleaned):
    """Disabled (locked) fields keep the instance's exact values (a datetime widget would drop microseconds)."""
    for name, field in form.fields.items():
        if field.disabled and name in cleaned:
            cleaned[name] = getattr(form.instance, name)


# --- The survey's settings ---


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "title_en", "round_label", "introduction", "introduction_en", "audience", "opens_at",
                  "closes_at", "is_anonymous", "invitation_only", "series"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "introduction_en": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "opens_at": DateTimeLocalInput,
            "closes_at": DateTimeLocalInput,
        }
        field_classes = {"opens_at": DateTimeField, "closes_at": DateTimeField}
        help_texts = {"is_anonymous": _("No answer is linked to a person.")}

    # Still editable when the survey has answers: wording and the closing date.
    EDITABLE_WHEN_LOCKED = {"title", "title_en", "round_label", "introduction", "introduction_en", "closes_at"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)
        self.locked = bool(self.instance.pk) and self.instance.is_locked
        if self.locked:
            for name, field in self.fields.items():
                if name not in self.EDITABLE_WHEN_LOCKED:
                    field.disabled = True

    def clean(self):
        cleaned = super().clean()
        keep_locked_values(self, cleaned)
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned


class SurveyCreateForm(SurveyForm):
    BLANK, TEMPLATE = "blank", "trygghetsmatning"
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[(TEMPLATE, _("The template Trygghetsmätning (the standard safety survey)")),
                 (BLANK, _("A blank survey"))],
        initial=TEMPLATE,
        widget=forms.RadioSelect,
    )

    class Meta(SurveyForm.Meta):
        fields = ["title", "title_en", "round_label", "audience", "opens_at", "closes_at"]

    field_order = ["start", "title", "title_en", "round_label", "audience", "opens_at", "closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the template's title.")
        self.fields["title_en"].help_text = _("Leave both titles empty to use the template's titles.")
        now = unambiguous_local(timezone.now().replace(second=0, microsecond=0))
        self.initial.setdefault("opens_at", now)
        self.initial.setdefault("closes_at", now + timezone.timedelta(days=30))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title"):
            if cleaned.get("start") == self.BLANK:
                self.add_error("title", _("Give the survey a title."))
            else:
                cleaned["title"] = "Trygghetsmätning"
        return cleaned


# --- Pages ---


class PageForm(forms.ModelForm):
    class Meta:
        model = SurveyPage
        fields = ["heading", "heading_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)


# --- Questions ---


class OptionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.question.text} → {obj.label}"


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Answer options"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For single choice, multiple choice, scale and matrix questions. One option per line, as "
            "“code | label | value”. The value is a whole number that orders a scale (1 = best); leave it "
            "out for “don't know”. A line with only a label gets a code made from it."
        ),
    )
    items_text = forms.CharField(
        label=_("Matrix items"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For matrix questions: the things rated on the scale, one per line, as “code | label”."),
    )
    options_text_en = forms.CharField(
        label=_("English version of the answer options (optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One line per option, as “code | English label”. An option without a line is shown in Swedish."),
    )
    items_text_en = forms.CharField(
        label=_("English version of the matrix items (optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One line per item, as “code | English label”. An item without a line is shown in Swedish."),
    )

    class Meta:
        model = Question
        fields = ["page", "type", "text", "text_en", "help_text", "help_text_en", "required", "options_text",
                  "options_text_en", "items_text", "items_text_en", "min_value", "max_value", "show_if_option", "code"]
        field_classes = {"show_if_option": OptionChoiceField}
        labels = {"page": _("Page")}
        help_texts = {
            "min_value": _("For number questions."),
            "max_value": _("For number questions."),
            "code": _("Stable identity across rounds, e.g. trygg-kvall. Leave empty to make one from the question."),
        }

    STRUCTURE = ["page", "type", "required", "min_value", "max_value", "show_if_option", "code"]

    def __init__(self, *args, survey, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        mark_languages(self)  # also the option and item lines: options_text and options_text_en
        self.survey = survey
        self.locked = survey.is_locked
        question = self.instance
        self.fields["page"].queryset = survey.pages.all()
        self.fields["page"].empty_label = None
        self.fields["code"].required = False
        self.fields["type"].widget = forms.RadioSelect(choices=QuestionType.choices)
        current_page = question.page if question.pk else page
        if not question.pk:
            self.initial["page"] = page.pk
        else:
            self.initial["options_text"] = format_lines(question.options.values_list("code", "label", "value"))
            self.initial["items_text"] = format_lines(question.items.values_list("code", "label"))
            self.initial["options_text_en"] = format_lines(
                question.options.exclude(label_en="").values_list("code", "label_en")
            )
            self.initial["items_text_en"] = format_lines(question.items.exclude(label_en="").values_list("code", "label_en"))
        show_if = self.fields["show_if_option"]
        show_if.queryset = survey.earlier_options(current_page, question if question.pk else None)
        show_if.required = False
        show_if.empty_label = _("Always show the question")
        show_if.help_text = _("Only answers to earlier single choice, multiple choice and scale questions.")
        if self.locked:
            for name in self.STRUCTURE:
                self.fields[name].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"]
        others = self.survey.questions.exclude(pk=self.instance.pk)
        if code and others.filter(code=code).exists():
            raise ValidationError(_("Another question in this survey already has this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        keep_locked_values(self, cleaned)
        type_ = cleaned.get("type")
        if not type_:
            return cleaned
        if not cleaned.get("code") and "code" not in self.errors and cleaned.get("text"):
            taken = set(self.survey.questions.exclude(pk=self.instance.pk).values_list("code", flat=True))
            cleaned["code"] = make_code(cleaned["text"], taken)
        self._clean_options(cleaned, type_)
        self._clean_items(cleaned, type_)
        if type_ == QuestionType.NUMBER:
            low, high = cleaned.get("min_value"), cleaned.get("max_value")
            if low is not None and high is not None and low > high:
                self.add_error("max_value", _("The highest number must not be lower than the lowest."))
        else:
            cleaned["min_value"] = cleaned["max_value"] = None
        condition, page = cleaned.get("show_if_option"), cleaned.get("page")
        if condition and page and not self.locked:
            earlier = self.survey.earlier_options(page, self.instance if self.instance.pk else None)
            if not earlier.filter(pk=condition.pk).exists():
                self.add_error("show_if_option", _("Choose an answer to an earlier question."))
        if self.instance.pk and not self.locked:
            self._clean_dependents(type_, page)
        return cleaned

    def _clean_dependents(self, type_, page):
        """Questions shown only after an answer to this one must still follow it and find that answer."""
        dependents = Question.objects.filter(show_if_option__question=self.instance).select_related("page")
        for dependent in dependents:
            if type_ not in CONDITION_TYPES:
                self.add_error("type", _("“%(question)s” is shown only after an answer to this question.")
                               % {"question": dependent.text})
            elif page and page.pk != self.instance.page_id and (dependent.page.order, dependent.page_id) <= (
                page.order, page.pk
            ):
                self.add_error("page", _("“%(question)s” depends on this question and must come after it.")
                               % {"question": dependent.text})

    def _clean_options(self, cleaned, type_):
        if "options_text" in self.errors:
            return
        try:
            rows = parse_lines(cleaned.get("options_text", ""), with_value=True)
        except ValidationError as error:
            self.add_error("options_text", error)
            return
        if type_ not in (QuestionType.SINGLE, QuestionType.MULTIPLE, *SCALE_TYPES):
            if rows:
                self.add_error("options_text", _("This type of question has no answer options."))
            rows = []
        elif len(rows) < 2:
            self.add_error("options_text", _("Give at least two answer options."))
        elif type_ in SCALE_TYPES and sum(value is not None for _code, _label, value in rows) < 2:
            self.add_error("options_text", _("A scale needs at least two options with a value."))
        if self.instance.pk and not self.errors.get("options_text"):
            existing = list(self.instance.options.values_list("code", "value"))
            if self.locked and [(code, value) for code, _label, value in rows] != existing:
                self.add_error("options_text", Survey.LOCKED_MESSAGE)
            removed = {code for code, _value in existing} - {code for code, _label, _value in rows}
            dependents = Question.objects.filter(show_if_option__question=self.instance,
                                                 show_if_option__code__in=removed)
            for dependent in dependents:
                self.add_error("options_text", _("“%(question)s” is shown only after an option you removed.")
                               % {"question": dependent.text})
        cleaned["options"] = rows
        cleaned["options_en"] = self._clean_english("options_text_en", rows)

    def _clean_items(self, cleaned, type_):
        if "items_text" in self.errors:
            return
        try:
            rows = parse_lines(cleaned.get("items_text", ""), with_value=False)
        except ValidationError as error:
            self.add_error("items_text", error)
            return
        if type_ != QuestionType.MATRIX:
            if rows:
                self.add_error("items_text", _("Only matrix questions have items."))
            rows = []
        elif not rows:
            self.add_error("items_text", _("Give at least one item to rate."))
        if self.locked and self.instance.pk and not self.errors.get("items_text"):
            if [code for code, _label, _value in rows] != list(self.instance.items.values_list("code", flat=True)):
                self.add_error("items_text", Survey.LOCKED_MESSAGE)
        cleaned["items"] = rows
        cleaned["items_en"] = self._clean_english("items_text_en", rows)

    def _clean_english(self, name, rows):
        """{code: English label} from "code | English label" lines; every code must be one of rows."""
        if name in self.errors:
            return {}
        try:
            english = parse_english_lines(self.cleaned_data.get(name, ""), {row[0] for row in rows})
        except ValidationError as error:
            self.add_error(name, error)
            return {}
        return english

    @transaction.atomic
    def save(self):
        question = super().save(commit=False)
        question.survey = self.survey
        question.code = self.cleaned_data["code"]
        if not question.pk or "page" in self.changed_data:
            last = question.page.questions.exclude(pk=question.pk).aggregate(last=Max("order"))["last"]
            question.order = 0 if last is None else last + 1
        question.save()
        options_en, items_en = self.cleaned_data.get("options_en", {}), self.cleaned_data.get("items_en", {})
        sync(question.options, Option, question, self.cleaned_data["options"],
             lambda row: {"label": row[1], "label_en": options_en.get(row[0], ""), "value": row[2]})
        sync(question.items, MatrixItem, question, self.cleaned_data["items"],
             lambda row: {"label": row[1], "label_en": items_en.get(row[0], "")})
        return question


def sync(related, model, question, rows, fields):
    """Make the question's options or items match rows, keeping existing rows (and their links) by code."""
    existing = {obj.code: obj for obj in related.all()}
    related.exclude(code__in=[row[0] for row in rows]).delete()
    for order, row in enumerate(rows):
        obj = existing.get(row[0]) or model(question=question, code=row[0])
        obj.order = order
        for name, value in fields(row).items():
            setattr(obj, name, value)
        obj.save()


# --- Invitations ---


def invitation_refusal(survey):
    """Why invitations cannot be sent for the survey now, or None."""
    if survey.audience == Audience.PUBLIC:
        return _("Invitations are only for surveys to staff.")
    if not survey.is_published:
        return _("Publish the survey before sending invitations.")
    if survey.closes_at <= timezone.now():
        return _("The survey is closed.")
    return None


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        required=False,
        max_length=200000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste the addresses, separated by new lines, commas or semicolons."),
    )
    all_staff = forms.BooleanField(label=_("Also invite every user in the role Personal"), required=False)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_emails(self):
        addresses, bad = [], []
        for word in re.split(r"[\s,;]+", self.cleaned_data["emails"]):
            word = word.strip("<>\"'")
            if not word:
                continue
            try:
                validate_email(word)
            except ValidationError:
                bad.append(word)
            else:
                addresses.append(word.lower())
        if bad:
            raise ValidationError(_("These are not email addresses: %(addresses)s") % {"addresses": ", ".join(bad)})
        if len(addresses) > MAX_INVITATIONS:
            raise ValidationError(_("Send at most 2000 invitations at a time."))
        return list(dict.fromkeys(addresses))

    def clean(self):
        cleaned = super().clean()
        if refusal := invitation_refusal(self.survey):
            raise ValidationError(refusal)
        if not self.errors and not cleaned.get("emails") and not cleaned.get("all_staff"):
            raise ValidationError(_("Give at least one email address or choose the role Personal."))
        return cleaned
