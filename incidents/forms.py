import re
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.choice_lists import cached_object
from incidents.models import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    NEARBY_SHOWN,
    Category,
    Kind,
    Locality,
    Organisation,
    PendingPhoto,
    RejectReason,
    Report,
    SafetyFollowUp,
    Status,
    TimeOfDay,
    in_service_area,
)
from incidents.photos import MAX_PHOTOS, check_photo_header, keep_photo, pending_upload
from incidents.submissions import browser_submission_id
from trygg.forms import require_consent_for_contact
from trygg.geo import outside_message
from trygg.personal_data import PersonalDataCheck

FORM_STARTED_SALT = "incidents.report-form-started"
COORDINATE_STEP = Decimal("0.000001")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """The chosen files (at most MAX_PHOTOS); each is checked by the form, which keeps the accepted ones."""
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(_("You can attach at most 3 photos."))
        return uploads


class TokenListField(forms.Field):
    """Several values of one name (hidden inputs or checkboxes the template writes), as a list of strings."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return list(dict.fromkeys(str(item) for item in (value or []) if item))


class CachedModelChoiceField(forms.ModelChoiceField):
    """Checks the chosen pk against a list kept in memory (incidents/choice_lists.py), not a query per send.

    ``cached_as`` names the list; a pk it does not hold is looked up in the database as before.
    """

    def __init__(self, *args, cached_as, **kwargs):
        super().__init__(*args, **kwargs)
        self.cached_as = cached_as

    def to_python(self, value):
        if value in self.empty_values or self.to_field_name or isinstance(value, self.queryset.model):
            return super().to_python(value)
        try:
            pk = self.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            pk = None
        obj = cached_object(self.cached_as, self.queryset, pk) if pk is not None else None
        return obj if obj is not None else super().to_python(value)


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class KindCategorySelect(forms.Select):
    """Each option says its kind (data-kind), for js/category_filter.js to show only the chosen kind's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class KindGroupedChoices(ModelChoiceIterator):
    """The empty choice, then the categories in one group per kind, in the order of Kind."""

    def __iter__(self):
        choices = list(super().__iter__())
        by_kind = {kind: [] for kind in Kind.values}
        for value, label in choices:
            instance = getattr(value, "instance", None)
            if instance is not None:
                by_kind.setdefault(instance.kind, []).append((value, label))
        yield from [(value, label) for value, label in choices if getattr(value, "instance", None) is None]
        labels = dict(Kind.choices)
        yield from [(labels.get(kind, kind), options) for kind, options in by_kind.items() if options]


class KindGroupedCategoryField(CachedModelChoiceField, CategoryField):
    """Categories grouped by kind (<optgroup>), so that one of another kind is hard to choose by mistake."""

    iterator = KindGroupedChoices

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", KindCategorySelect(attrs={"data-category-filter": "kind"}))
        super().__init__(*args, **kwargs)


class SpamProtectedForm(forms.Form):
    """Anti-abuse for public forms: a field people never see, the time the form was shown and a submission id.

    The submission id is new for every rendered form, so a double-click or a
    retried request can be answered with what the first send stored. It is
    stored bound to the browser that sent it (``browser``, see
    incidents/submissions.py): another browser sending the same id finds nothing.
    """

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput)
    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    ANTI_ABUSE_FIELDS = ("website", "form_started", "submission_id")

    def __init__(self, *args, browser=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.browser = browser
        # After the form's own fields, as when they were declared in each form.
        for name in self.ANTI_ABUSE_FIELDS:
            self.fields[name] = self.fields.pop(name)
        if not self.is_bound:
            self.initial["form_started"] = signing.dumps(timezone.now().timestamp(), salt=FORM_STARTED_SALT)
            self.initial["submission_id"] = uuid.uuid4()

    @staticmethod
    def earlier_submission(queryset, data, browser):
        """What an earlier send of this very form by this very browser stored, if any."""
        if not browser:
            return None
        try:
            sent_id = uuid.UUID(str(data.get("submission_id")))
        except ValueError:
            return None
        return queryset.filter(submission_id=browser_submission_id(browser, sent_id)).first()

    def clean_submission_id(self):
        """The id to store: bound to the sending browser, so it finds nothing of anyone else's."""
        return browser_submission_id(self.browser, self.cleaned_data["submission_id"])

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean_form_started(self):
        try:
            started = signing.loads(self.cleaned_data["form_started"], salt=FORM_STARTED_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise forms.ValidationError(_("The form has expired. Please fill it in again.")) from None
        if timezone.now().timestamp() - float(started) < settings.REPORT_MIN_FILL_SECONDS:
            raise forms.ValidationError(_("The form was sent too quickly. Check your answers and send it again."))
        return started


class ReportForm(SpamProtectedForm):
    """A resident's report. Coordinates, or a locality with a place description."""

    kind = forms.ChoiceField(label=_("What do you want to report?"), choices=Kind.choices, widget=forms.RadioSelect)
    category = KindGroupedCategoryField(
        label=_("Category"), queryset=Category.objects.active(), empty_label=_("Choose a category"),
        cached_as="active_categories",
    )
    description = forms.CharField(
        label=_("Describe what happened or what makes the place feel unsafe"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write names or other personal details about anyone."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    locality = CachedModelChoiceField(
        label=_("Locality"), queryset=Locality.objects.all(), required=False, empty_label=_("Choose a locality"),
        cached_as="localities",
    )
    place_description = forms.CharField(
        label=_("Describe the place"), max_length=300, required=False,
        help_text=_("For example: the footpath between the school and the bus stop."),
    )
    occurred_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When did it happen? For a place, when did you last notice the problem?"),
    )
    time_of_day = forms.ChoiceField(label=_("Time of day"), choices=TimeOfDay.choices, initial=TimeOfDay.UNKNOWN)
    is_ongoing = forms.BooleanField(label=_("The problem is still there (for places)"), required=False)
    photos = MultiplePhotoField(
        label=_("Photos (optional, at most 3, 10 MB each)"), required=False,
        help_text=_("Location and camera details are removed from photos before they are stored."),
    )
    # Photos accepted on an earlier send of this form that came back with errors (see keep_photos).
    kept_photos = TokenListField(required=False)
    remove_photos = TokenListField(required=False)
    contact_name = forms.CharField(label=_("Name"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a receipt and tell you when the status changes."),
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    consent_given = forms.BooleanField(
        label=_("I agree that the municipality and the Police may use my contact details to answer me about this report."),
        required=False,
    )
    confirm_not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_uploads = []  # the chosen files whose header says they are photos
        self.kept = []  # PendingPhotos of this browser that the resident still wants
        self.removed = []  # PendingPhotos of this browser that the resident removed

    def clean_photos(self):
        """Each file's header is checked (decoded only when stored); the accepted ones can be kept."""
        uploads = self.cleaned_data["photos"]
        errors = []
        for upload in uploads:
            try:
                check_photo_header(upload)
                self.accepted_uploads.append(upload)
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def clean_kept_photos(self):
        """Only the photos kept for this browser: a forged, expired or another browser's token is refused."""
        removed = set(self.fields["remove_photos"].clean(self["remove_photos"].value()))
        for token in self.cleaned_data["kept_photos"]:
            pending = PendingPhoto.objects.for_token(token, self.browser)
            if pending is None:
                raise forms.ValidationError(
                    _("A photo kept from your earlier attempt is no longer available. Choose it again if you want to attach it."),
                    code="kept_photo_gone",
                )
            (self.removed if token in removed else self.kept).append(pending)
        return self.kept

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        kind, category = data.get("kind"), data.get("category")
        if kind and category and category.kind != kind:
            self.add_error("category", _("Choose a category that belongs to what you are reporting."))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        elif latitude is not None:
            data["latitude"], data["longitude"] = latitude.quantize(COORDINATE_STEP), longitude.quantize(COORDINATE_STEP)
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not in_service_area(latitude, longitude):
                self.add_error("latitude", outside_message(latitude, longitude))
        elif not data.get("locality") and "locality" not in self.errors:
            self.add_error("locality", _("Mark the place on the map or choose a locality."))
        require_consent_for_contact(self, data)
        if "kept_photos" in self.errors:
            self.add_error("photos", self.errors.pop("kept_photos"))
        elif len(self.kept) + len(data.get("photos") or []) > MAX_PHOTOS:
            self.add_error("photos", _("You can attach at most 3 photos."))
        return data

    def all_photos(self):
        """What the report gets: the photos kept from an earlier send and the ones chosen now."""
        return [pending_upload(pending) for pending in self.kept] + self.cleaned_data["photos"]

    def keep_photos(self, store_new=True):
        """The form goes back to the resident unsent: keep the accepted photos so they need not be chosen again.

        Removed ones are deleted; newly accepted ones are stored for this browser
        (never without a browser to bind them to) up to MAX_PHOTOS, and the form
        the resident gets back names them by their tokens. With ``store_new``
        false (too many kept lately) the resident is told to choose them again.
        """
        for pending in self.removed:
            pending.delete()
        self.removed = []
        if self.accepted_uploads and not (store_new and self.browser):
            self.add_error("photos", _("The chosen photo could not be kept this time. Choose it again before you send."))
        elif self.browser:
            for upload in self.accepted_uploads[: max(0, MAX_PHOTOS - len(self.kept))]:
                try:
                    self.kept.append(keep_photo(upload, self.browser))
                except forms.ValidationError as error:  # its pixels cannot be decoded
                    self.add_error("photos", error)
        self.accepted_uploads = []
        self.data = self.data.copy()
        self.data.setlist("kept_photos", [pending.token for pending in self.kept])
        self.data.setlist("remove_photos", [])

    def discard_kept_photos(self):
        """After the report has been stored with them: the kept photos (and the removed ones) are no longer needed."""
        for pending in self.kept + self.removed:
            pending.delete()

    def report_fields(self):
        """The cleaned values as Report fields."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind", "category", "description", "latitude", "longitude", "locality", "place_description",
                "occurred_on", "time_of_day", "is_ongoing", "contact_name", "contact_email", "contact_phone",
                "consent_given",
            )
        }
        fields["contact_email"] = fields["contact_email"].lower()
        return fields


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, withdraw my report"))


class ReopenForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong again?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = SafetyFollowUp
        fields = ["answer", "comment"]
        labels = {"answer": _("Does the place feel safer now?"), "comment": _("Comment (optional)")}
        widgets = {"answer": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].choices = SafetyFollowUp.Answer.choices


# --- The public report page and "is it already reported?" ---


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We first send a mail with a link to confirm. Your address is never shown and is deleted "
                    "when you stop following or some time after the report is closed."),
    )


class NearbyForm(forms.Form):
    """Where to look for public reports already made: a point on the map, or a locality."""

    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    ort = forms.ModelChoiceField(
        label=_("Locality"), queryset=Locality.objects.all(), required=False, empty_label=_("Choose a locality")
    )

    def nearby(self):
        """The public reports near the point, else the latest ones in the locality; None when neither is given."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data["latitude"] is not None and data["longitude"] is not None:
            return list(Report.objects.nearby_public(data["latitude"], data["longitude"]))
        if data["ort"] is not None:
            return list(
                Report.objects.public().filter(locality=data["ort"]).select_related("category", "locality")
                .order_by("-created_at", "-pk")[:NEARBY_SHOWN]
            )
        return None


# --- Moderation: one small form per coordinator action. ---


class PublicTextForm(PersonalDataCheck, forms.Form):
    checked_fields = ["public_description"]

    public_description = forms.CharField(
        label=_("Public text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Remove names and other personal data. The original description stays internal."),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Explanation (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the reporter instead of the reason's standard text."),
    )


class StatusForm(forms.Form):
    """The moves allowed from the report's current status (rejection has its own form)."""

    status = forms.ChoiceField(
        label=_("New status"),
        error_messages={"invalid_choice": _("A report cannot change to that status from its current status.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the report is closed without being fixed. Shown to the reporter."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Status(status).label) for status in report.allowed_transitions() if status != Status.REJECTED
        ]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Status.CLOSED and not cleaned_data.get("reason", "").strip():
            self.add_error("reason", _("Say why the report is closed without being fixed."))
        return cleaned_data


class AssignForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Responsible organisation"), choices=Organisation.choices, widget=forms.RadioSelect
    )
    other = forms.CharField(label=_("Name of the other actor"), max_length=200, required=False)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("organisation") == Organisation.OTHER and not cleaned_data.get("other", "").strip():
            self.add_error("other", _("Name the other actor."))
        return cleaned_data


def report_handlers():
    """Who may handle reports: the coordinators (and administrators)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from trygg import roles

    return (
        get_user_model().objects.filter(Q(groups__name=roles.COORDINATOR) | Q(is_superuser=True), is_active=True)
        .distinct().order_by("first_name", "last_name", "email")
    )


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Handler"), queryset=None, required=False, empty_label=_("Nobody"),
        help_text=_("The coordinator who handles the report; it is then among their own reports in the queue."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = report_handlers()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by coordinators and police."),
    )


class ResponseForm(PersonalDataCheck, forms.Form):
    checked_fields = ["text"]

    text = forms.CharField(
        label=_("Public response"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown with the report in public and sent to the reporter with the next status change."),
    )


class MessageForm(forms.Form):
    """A private message to the reporter: only the reporter sees it, so no personal-data check."""

    text = forms.CharField(
        label=_("Message to the reporter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent now by e-mail and shown on the reporter's private status page. Never public."),
    )


REFERENCE_PATTERN = re.compile(r"^(?:TT-?)?0*(\d{1,9})$", re.IGNORECASE)


class MergeForm(forms.Form):
    """Merge this report into an original, given by reference ("TT-000123") or number."""

    original = forms.CharField(
        label=_("Original report"), max_length=20, help_text=_("Reference such as TT-000123, or its number.")
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_original(self):
        match = REFERENCE_PATTERN.match(self.cleaned_data["original"].strip())
        if not match:
            raise forms.ValidationError(_("Write a reference such as TT-000123."))
        original = Report.objects.filter(pk=int(match[1])).first()
        if original is None:
            raise forms.ValidationError(_("There is no report with this reference."))
        if original.pk == self.report.pk:
            raise forms.ValidationError(_("A report cannot be merged into itself."))
        if original.merged_into_id:
            raise forms.ValidationError(
                _("That report is itself merged into %(reference)s; merge into that one instead.")
                % {"reference": f"TT-{original.merged_into_id:06d}"}
            )
        if original.status in (Status.REJECTED, Status.WITHDRAWN):
            raise forms.ValidationError(_("A report cannot be merged into a rejected or withdrawn report."))
        return original

    def clean(self):
        cleaned_data = super().clean()
        if self.report.merged_into_id:
            raise forms.ValidationError(_("This report is already merged."))
        if self.report.status == Status.WITHDRAWN:
            raise forms.ValidationError(_("A withdrawn report cannot be merged."))
        return cleaned_data


class BulkForm(forms.Form):
    """Publish or reject several reports from the queue at once."""

    PUBLISH = "publish"
    REJECT = "reject"

    reports = forms.ModelMultipleChoiceField(
        label=_("Reports"),
        queryset=Report.objects.all(),
        # The queue's table draws the checkboxes; errors link to the table by this field's id.
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one report.")},
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[(PUBLISH, _("Publish")), (REJECT, _("Reject"))], widget=forms.RadioSelect
    )
    reject_reason = forms.ChoiceField(
        label=_("Reason for rejection"), choices=[("", _("Choose a reason")), *RejectReason.choices], required=False
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("action") == self.REJECT and not cleaned_data.get("reject_reason"):
            self.add_error("reject_reason", _("Choose a reason for the rejection."))
        return cleaned_data

    @property
    def target_status(self):
        return Status.PUBLISHED if self.cleaned_data["action"] == self.PUBLISH else Status.REJECTED


class PoliceImportForm(forms.Form):
    """Import police events now: from an uploaded file in the API's format, or from the configured URL."""

    FILE, URL = "file", "url"
    source = forms.ChoiceField(choices=[(FILE, FILE), (URL, URL)], widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("File with police events (JSON)"),
        required=False,
        help_text=_("A JSON file in the format of the police's events API, at most 20 MB."),
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if cleaned_data.get("source") == self.FILE:
            if not upload:
                self.add_error("file", _("Choose a file to import."))
            elif upload.size > police_max_bytes():
                self.add_error("file", _("The file is larger than 20 MB."))
        return cleaned_data


def police_max_bytes():
    from incidents.police import MAX_RESPONSE_BYTES

    return MAX_RESPONSE_BYTES
