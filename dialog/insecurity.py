"""Places of perceived insecurity: the map-point answers of surveys, as their own map layer.

The layer never holds reports and never exact points: every answer is moved to
the centre of its 250 m grid cell, and for the public only cells with at least
MIN_CELL_POINTS answers from surveys whose results are published are shown.
"""

from collections import Counter

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog.models import Answer, QuestionType
from incidents.models import PUBLIC_GRID_METRES, snap_to_grid

# Cells with fewer answers than this are left out of the public layer.
MIN_CELL_POINTS = 3


class InsecurityFilterForm(forms.Form):
    enkat = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False,
        error_messages={"invalid": _("Give the survey as its number.")},
    )

    def error_text(self):
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


def map_point_answers(*, all_surveys, survey_id=None):
    """Map-point answers of complete responses; only surveys with published results unless all_surveys."""
    answers = Answer.objects.filter(
        question__type=QuestionType.MAP_POINT,
        response__is_complete=True,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    if not all_surveys:
        answers = answers.filter(response__survey__is_published=True, response__survey__results_published=True)
    if survey_id is not None:
        answers = answers.filter(response__survey_id=survey_id)
    return answers


def insecurity_features(answers, *, min_points=1):
    """One GeoJSON point feature per 250 m grid cell with its number of answers."""
    cells = Counter(
        snap_to_grid(latitude, longitude, PUBLIC_GRID_METRES)
        for latitude, longitude in answers.values_list("latitude", "longitude")
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": {"count": count, "precision": "grid", "layer": "perceived_insecurity"},
        }
        for (latitude, longitude), count in sorted(cells.items())
        if count >= min_points
    ]
