"""Public texts that were copied from the reporter's description when a report was published.

Until issue 11 (finding 2), publishing a report without a public text copied the
reporter's own words into it, names and phone numbers included. Publishing no
longer does (Report.set_status); this removes the copies made before: a public
text that equals the description of a resident's, safety walk's or staff report
and was never saved by a coordinator (no "public text edited" history entry) is
emptied, with a history entry, so that only category, place and status stay
public until a coordinator writes a text. Police reports keep theirs: the
police's text is public already. Takes the model classes, so that a data
migration can run it with its historical models.
"""


def clear_copied_public_texts(Report, ReportEvent):
    """Empty the copied public texts; returns how many reports were changed."""
    from django.db.models import F

    edited = ReportEvent.objects.filter(action="edited", changes__has_key="public_description").values("report_id")
    copies = (
        Report.objects.exclude(source="police")
        .exclude(public_description="")
        .filter(public_description=F("description"))
        .exclude(pk__in=edited)
    )
    cleared = 0
    for report in copies.only("pk", "public_description").iterator(chunk_size=500):
        # The history says what happened without another copy of the reporter's words.
        ReportEvent.objects.create(report_id=report.pk, action="edited", changes={"copied_text_removed": True})
        Report.objects.filter(pk=report.pk).update(public_description="")
        cleared += 1
    return cleared
