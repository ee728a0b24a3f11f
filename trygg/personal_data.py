"""What looks like personal data in a text that is about to be made public.

Residents write names, phone numbers and neighbours' addresses into their
reports. Before a coordinator publishes a text (a report's public text, a
public response) the portal points out what looks like personal data, and the
coordinator must deliberately confirm the text or change it. The detector is a
helper for that human check, not a filter: it errs towards pointing out too
much (a false hint costs a second look) but keeps away from the numbers every
report has (years, times, distances, amounts, postcodes, 112).

What it finds, each as a Hint (kind, the text found):
- Swedish phone numbers: 070-123 45 67, 0701234567, +46 70 123 45 67, 0046…,
  0304-123 45 (8–10 digits with the leading 0; 7–9 after +46).
- E-mail addresses.
- Personal identity and coordination numbers: YYMMDD-XXXX, YYMMDD+XXXX,
  YYYYMMDD-XXXX, YYYYMMDDXXXX, with a possible month and day (day + 60 for a
  samordningsnummer). Ten digits starting with 0 are taken for a phone number.
- Street addresses with a number: Kyrkvägen 4, Storgatan 12B, Sibräcka gränd 7.
- Names after a neighbour or a title: "grannen Olle Berg", "fru Andersson",
  "heter Kalle Nilsson" (one or two capitalised words).
"""

import re
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class HintKind(models.TextChoices):
    PHONE = "phone", _("phone number")
    EMAIL = "email", _("email address")
    IDENTITY_NUMBER = "identity_number", _("personal identity number")
    ADDRESS = "address", _("street address")
    NAME = "name", _("name")


@dataclass(frozen=True)
class Hint:
    """Something in a text that looks like personal data."""

    kind: str
    text: str

    PHONE = HintKind.PHONE
    EMAIL = HintKind.EMAIL
    IDENTITY_NUMBER = HintKind.IDENTITY_NUMBER
    ADDRESS = HintKind.ADDRESS
    NAME = HintKind.NAME

    @property
    def label(self):
        return HintKind(self.kind).label

    def __str__(self):
        return f"{self.label} “{self.text}”"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

IDENTITY_NUMBER = re.compile(r"(?<![\w+])(?P<date>(?:19|20)?\d{6})(?P<sep>[-+]?)(?P<last>\d{4})(?!\w)")

# A run of digit groups that starts like a Swedish number; groups are cut off at the end to fit.
PHONE_SEPARATOR = r"(?: ?[/-] ?| )?"
PHONE_RUN = re.compile(rf"(?<![\w+(])\(?(?P<prefix>\+46|0046|0(?!0))(?P<rest>(?:{PHONE_SEPARATOR}\(?\d+\)?)+)")
PHONE_GROUP = re.compile(rf"{PHONE_SEPARATOR}\(?(\d+)\)?")

STREET_SUFFIXES = (
    "gatan|gata|vägen|väg|gränden|gränd|stigen|stig|backen|backe|torget|torg|plan|allén|allé|"
    "leden|slingan|kroken|liden|höjden|udden|kullen|stråket|promenaden|kajen"
)
# "Kyrkvägen 4", "storgatan 12B", or two words with a capital: "Sibräcka gränd 7".
ADDRESS = re.compile(
    rf"(?<!\w)(?:\w{{2,}}(?i:{STREET_SUFFIXES})|[A-ZÅÄÖ]\w+ (?i:{STREET_SUFFIXES}))"
    r" \d{1,4}(?: ?[A-Za-z](?!\w))?(?![\w-])"
)

NAME_WORD = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
NAME = re.compile(
    r"(?<!\w)(?i:grannen|granne|grannar|grannarna|grannens|herr|herrn|fru|frun|fröken|heter|kallas)"
    rf" (?P<name>{NAME_WORD}(?: {NAME_WORD})?)(?!\w)"
)


def _is_identity_number(match):
    date, separator = match["date"], match["sep"]
    if len(date) == 6 and not separator and date.startswith("0"):
        return False  # 0701234567: a mobile number
    month, day = int(date[-4:-2]), int(date[-2:])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def _phone_number(match):
    """The longest beginning of the run that is a whole Swedish number, or None."""
    prefix = match["prefix"]
    national = prefix != "0"
    digits = 0 if national else 1
    low, high = (7, 9) if national else (8, 10)
    end = best = None
    for group in PHONE_GROUP.finditer(match["rest"]):
        count = len(group[1])
        if national and digits == 0 and group[1] == "0":
            continue  # +46 (0)70…
        if digits + count > high:
            break
        digits += count
        end = group.end()
        if digits >= low:
            best = end
    if best is None:
        return None
    start = match.start("prefix")
    text = match.string[start : match.start("rest") + best].rstrip(" -)")
    if ")" in text.split("(")[0] and match[0].startswith("("):
        start, text = start - 1, "(" + text  # (0304) 123 45
    return start, start + len(text), text


def _spans(text):
    """(start, end, kind, found text) of every hint, possibly overlapping."""
    for match in IDENTITY_NUMBER.finditer(text):
        if _is_identity_number(match):
            yield match.start(), match.end(), Hint.IDENTITY_NUMBER, match[0]
    for match in PHONE_RUN.finditer(text):
        number = _phone_number(match)
        if number:
            yield number[0], number[1], Hint.PHONE, number[2]
    for match in EMAIL.finditer(text):
        yield match.start(), match.end(), Hint.EMAIL, match[0]
    for match in ADDRESS.finditer(text):
        yield match.start(), match.end(), Hint.ADDRESS, match[0]
    for match in NAME.finditer(text):
        yield match.start("name"), match.end("name"), Hint.NAME, match["name"]


def find_personal_data(text):
    """The hints in the text, in the order they appear, each found text once."""
    taken = []
    hints = []
    for start, end, kind, found in sorted(_spans(text or ""), key=lambda span: (span[0], -span[1])):
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue  # inside something already found (the digits of an e-mail address, say)
        taken.append((start, end))
        hint = Hint(kind, found)
        if hint not in hints:
            hints.append(hint)
    return hints


class PersonalDataCheck:
    """A form mixin: the text fields ``checked_fields`` are checked for personal data before they are saved.

    When the submitted texts hold hints, the form gets a checkbox and stays invalid, listing what
    was found (in the checkbox's error, which the error summary links to), until the coordinator
    ticks the box: a deliberate second step. ``cleaned_data["personal_data_confirmed"]`` lists
    the kinds of what was confirmed (empty when nothing was found), for the history.
    """

    checked_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data = []
        if self.is_bound:
            for name in self.checked_fields:
                for hint in find_personal_data(self.data.get(self.add_prefix(name), "")):
                    if hint not in self.personal_data:
                        self.personal_data.append(hint)
        if self.personal_data:
            self.fields["confirm_personal_data"] = forms.BooleanField(
                label=_("I have checked the text: it may be made public as it is."),
                required=False,
            )

    def clean(self):
        cleaned_data = super().clean()
        confirmed = []
        if self.personal_data:
            if not cleaned_data.get("confirm_personal_data"):
                self.add_error(
                    "confirm_personal_data",
                    _("The text looks like it contains personal data: %(found)s. Remove it, or confirm that it "
                      "may be made public.") % {"found": ", ".join(str(hint) for hint in self.personal_data)},
                )
            confirmed = list(dict.fromkeys(str(hint.kind) for hint in self.personal_data))
        cleaned_data["personal_data_confirmed"] = confirmed
        return cleaned_data
