from datetime import UTC, date, datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from trygg.models import User


# Dates the portal can store and compute with: the calendar's own ends (year 1, year 9999)
# overflow when converted between time zones or moved by a period.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)



def require_consent_for_contact(form, data):
    """Contact details (ContactDetails) are kept only with the writer's consent to use them."""
    has_contact = any(data.get(name) for name in ("contact_name", "contact_email", "contact_phone"))
    if has_contact and not data.get("consent_given"):
        form.add_error("consent_given", _("To leave contact details, you need to agree that we may use them."))


class DateField(forms.DateField):
    default_validators = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]


class DateTimeField(forms.DateTimeField):
    default_validators = [
        MinValueValidator(datetime.combine(EARLIEST_DATE, datetime.min.time(), UTC)),
        MaxValueValidator(datetime.combine(LATEST_DATE, datetime.max.time(), UTC)),
    ]


class FilterForm(forms.Form):
    """GET filters of a list: a value that does not validate drops that filter only, never an error page."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    @property
    def values(self):
        """Cleaned values of the fields that validated and are set."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "")}


class LoginForm(AuthenticationForm):
    """Login by email address; the field keeps Django's name "username"."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class RegistrationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]
        labels = {"email": _("Email address")}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def clean_email(self):
        # Whether the address already has an account is never said here (see User.objects.register).
        return self.cleaned_data["email"].lower()

    def validate_unique(self):
        pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(_("The code is not right. Check the time on your phone and try again."))
        return token


class EnrolmentCodeForm(forms.Form):
    """The code mailed to start pairing an authenticator (trygg.two_factor)."""

    code = forms.CharField(
        label=_("Code from the email"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not self.enrolment.check(code):
            if not self.enrolment.started:
                raise forms.ValidationError(_("Too many wrong codes. Send yourself a new code."))
            raise forms.ValidationError(_("The code is not right. Check the latest email from us."))
        return code


class DeleteAccountForm(forms.Form):
    """Confirm deleting one's own account by typing the password again."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password
