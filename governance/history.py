"""The history of meetings, decisions and measures in plain words.

A ChangeRecord keeps what changed as data: an action ("created", "status",
"agenda item added" …) and changes ``{"field": [old, new]}``. People read
sentences: "Starttid ändrad från 12 maj 10:00 till 12 maj 13:00", "Punkt på
dagordningen tillagd: Lägesbild". Field names become the model field's
verbose_name, choice values their labels, times a local date without the year
when it is the record's own year, yes/no for booleans. Records written before
a field or an action was known still read sensibly: the raw name is shown.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import AgendaItem, ChangeRecord

# The headline of each kind of record. %(item)s, %(text)s, %(count)s … come from the record's changes.
HEADLINES = {
    "created": gettext_lazy("Created"),
    "changed": gettext_lazy("Changed"),
    "status": gettext_lazy("Status changed"),
    "minutes": gettext_lazy("Minutes written"),
    "corrected": gettext_lazy("Minutes corrected"),
    "agenda item added": gettext_lazy("Agenda item added: %(item)s"),
    "agenda item changed": gettext_lazy("Agenda item changed: %(item)s"),
    "agenda reordered": gettext_lazy("Agenda reordered"),
    "attendance": gettext_lazy("Attendance recorded"),
    "agenda sent": gettext_lazy("Agenda sent to the members"),
    "decision recorded": gettext_lazy("Decision recorded"),
    "sent for adjustment": gettext_lazy("Minutes sent for adjustment"),
    "adjuster approved": gettext_lazy("Minutes adjusted by one of the adjusters"),
    "withdrawn from adjustment": gettext_lazy("Minutes taken back from the adjusters"),
    "document added": gettext_lazy("Document attached: %(item)s"),
    "document deleted": gettext_lazy("Document deleted: %(item)s"),
    "progress_reported": gettext_lazy("Progress reported"),
    "milestone_added": gettext_lazy("Milestone added"),
    "milestone_done": gettext_lazy("Milestone done"),
}

# Keys of the changes that are not fields, with their labels.
SPECIAL_LABELS = {
    "present": gettext_lazy("Present"),
    "recipients": gettext_lazy("Recipients"),
    "agenda": gettext_lazy("Agenda"),
    "decision": gettext_lazy("Decision"),
    "document": gettext_lazy("Document"),
    "minutes version": gettext_lazy("Version of the minutes"),
    "adjusters": gettext_lazy("Adjusters"),
}

DATETIME_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys of the changes that are bookkeeping, not something people changed.
HIDDEN = {"version"}


@dataclass
class Entry:
    record: ChangeRecord
    headline: str
    lines: list = field(default_factory=list)
    note: str = ""


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label(model, name):
    """The field's verbose name, or the name of a special key, or the name as it was recorded."""
    model_field = _field(model, name)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        return capfirst(str(model_field.verbose_name))
    if name in SPECIAL_LABELS:
        return str(SPECIAL_LABELS[name])
    return capfirst(name.replace("_", " "))


def value_text(model, name, value, year):
    """A recorded value as people read it."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    model_field = _field(model, name)
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool) or value in ("True", "False"):
        return _("yes") if value in (True, "True") else _("no")
    if isinstance(value, str) and DATETIME_TEXT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        pattern = "j F H:i" if moment.year == year else "j F Y H:i"
        return formats.date_format(moment, pattern)
    if isinstance(value, str) and DATE_TEXT.match(value):
        try:
            return formats.date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return str(value)


def change_sentence(field_label, old, new):
    if old is None:
        return _("%(field)s set to %(new)s") % {"field": field_label, "new": new}
    if new is None:
        return _("%(field)s removed (was %(old)s)") % {"field": field_label, "old": old}
    return _("%(field)s changed from %(old)s to %(new)s") % {"field": field_label, "old": old, "new": new}


def describe(record, model):
    """One Entry in plain words for a record of an object of ``model``."""
    changes = dict(record.changes or {})
    year = timezone.localtime(record.created_at).year if record.created_at else timezone.localdate().year
    item = changes.pop("item", "")
    note = changes.pop("note", "")
    action = record.action
    lines = []
    field_model = AgendaItem if action.startswith("agenda item") else model
    for key, values in changes.items():
        if key in HIDDEN:
            continue
        if not isinstance(values, list) or len(values) != 2:
            lines.append(f"{label(field_model, key)}: {value_text(field_model, key, values, year)}")
            continue
        old, new = values
        if key.startswith("minutes: "):  # the minutes of one agenda item: the text, not a "from … to"
            title = key.removeprefix("minutes: ")
            lines.append(_("Minutes of “%(item)s”: %(text)s") % {"item": title, "text": new or "–"})
            continue
        if ": " in key and _field(field_model, key) is None:  # older agenda records: "<item title>: <field>"
            item, key = key.rsplit(": ", 1)
        if key == "agenda" and isinstance(new, list):
            lines.append(_("New order: %(items)s") % {"items": ", ".join(
                f"{number}. {title}" for number, title in enumerate(new, start=1))})
            continue
        if key in SPECIAL_LABELS and old is None:
            lines.append(f"{label(field_model, key)}: {value_text(field_model, key, new, year)}")
            continue
        lines.append(change_sentence(
            label(field_model, key), value_text(field_model, key, old, year), value_text(field_model, key, new, year)
        ))
    headline = HEADLINES.get(action)
    if headline is None:
        headline = capfirst(action.replace("_", " "))
    else:
        headline = str(headline) % {"item": item or "–"} if "%(" in str(headline) else str(headline)
    return Entry(record=record, headline=headline, lines=lines, note=note)


def history_of(obj):
    """The history of a meeting, decision or measure, oldest first, in plain words."""
    model = type(obj)
    return [describe(record, model) for record in ChangeRecord.for_object(obj).select_related("actor")]

